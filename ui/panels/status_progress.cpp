// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "panels/status_progress.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QStringList>

#include <algorithm>

namespace naap::ui {

StatusProgress::StatusProgress(QWidget* parent)
    : QWidget(parent), m_label(new QLabel(this)), m_bar(new QProgressBar(this))
{
    m_label->setObjectName(QStringLiteral("statusProgressLabel"));
    m_bar->setObjectName(QStringLiteral("statusProgressBar"));
    m_bar->setMaximumWidth(160);
    m_bar->setMaximumHeight(m_label->fontMetrics().height() + 4);
    m_bar->setTextVisible(false);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 4, 0);
    layout->setSpacing(6);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    refresh();
}

int StatusProgress::addTask(const QString& label)
{
    m_tasks.append({label});
    return static_cast<int>(m_tasks.size()) - 1;
}

void StatusProgress::setLabel(int task, const QString& label)
{
    if (task < 0 || task >= m_tasks.size() || m_tasks[task].label == label)
        return;
    m_tasks[task].label = label;
    refresh();
}

void StatusProgress::setBusy(int task, bool busy)
{
    if (task < 0 || task >= m_tasks.size())
        return;
    Task& t = m_tasks[task];
    if (busy && !t.busy)
        t.done = t.total = 0;
    t.busy = busy;
    refresh();
}

void StatusProgress::setProgress(int task, int done, int total)
{
    if (task < 0 || task >= m_tasks.size() || !m_tasks[task].busy)
        return; // a late report of a finished run
    m_tasks[task].done = done;
    m_tasks[task].total = total;
    refresh();
}

bool StatusProgress::isBusy() const
{
    return std::any_of(m_tasks.begin(), m_tasks.end(), [](const Task& t) { return t.busy; });
}

QString StatusProgress::text() const
{
    return isBusy() ? m_label->text() : QString();
}

void StatusProgress::refresh()
{
    const Task* shown = nullptr;
    QStringList running;
    for (const Task& t : std::as_const(m_tasks))
        if (t.busy) {
            if (!shown)
                shown = &t;
            running << (t.total > 0 ? tr("%1: %2 of %3").arg(t.label).arg(t.done).arg(t.total) : t.label);
        }
    setVisible(shown != nullptr);
    if (!shown)
        return;
    m_label->setText(shown->total > 0 ? tr("%1 %2%").arg(shown->label).arg(100 * shown->done / shown->total)
                                      : tr("%1…").arg(shown->label));
    if (shown->total > 0) {
        m_bar->setRange(0, shown->total);
        m_bar->setValue(std::clamp(shown->done, 0, shown->total));
    } else {
        m_bar->setRange(0, 0); // busy indicator
    }
    setToolTip(running.join(QLatin1Char('\n')));
}

} // namespace naap::ui
