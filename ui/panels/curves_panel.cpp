// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "panels/curves_panel.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

#include "session.h"
#include "views/curves_chart.h"

namespace naap::ui {

namespace {

/// (epoch, value) of one row's present epochs; epoch e is x = e.
QList<QPointF> curveOf(const core::ArchitectureRow& row, bool loss)
{
    QList<QPointF> points;
    points.reserve(static_cast<qsizetype>(row.epochs.size()));
    for (std::size_t e = 0; e < row.epochs.size(); ++e) {
        const double v = loss ? row.epochs[e].lossMean : row.epochs[e].accuracy;
        if (!core::isMissing(v))
            points.append(QPointF(static_cast<double>(e + 1), v));
    }
    return points;
}

QToolButton* toolButton(const QString& text, const QString& tip, QWidget* parent)
{
    auto* button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(tip);
    button->setAutoRaise(true);
    return button;
}

} // namespace

CurvesPanel::CurvesPanel(Session* session, QWidget* parent)
    : QWidget(parent), m_session(session), m_chart(new CurvesChart(this))
{
    m_accuracyButton = toolButton(tr("Accuracy"), tr("Show test accuracy per epoch"), this);
    m_lossButton = toolButton(tr("Loss"), tr("Show the mean training loss per epoch"), this);
    for (QToolButton* b : {m_accuracyButton, m_lossButton})
        b->setCheckable(true);
    auto* group = new QButtonGroup(this);
    group->setExclusive(true);
    group->addButton(m_accuracyButton);
    group->addButton(m_lossButton);
    m_accuracyButton->setChecked(true);
    auto* reset = toolButton(tr("Reset zoom"), tr("Show the whole chart again (R or double-click)"), this);
    m_note = new QLabel(this);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    // The note gives way (cut at the right) rather than widen the dock and squeeze the table.
    m_note->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 0);
    bar->addWidget(m_accuracyButton);
    bar->addWidget(m_lossButton);
    bar->addSpacing(8);
    bar->addWidget(reset);
    bar->addSpacing(8);
    bar->addWidget(m_note, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_chart, 1);

    connect(m_lossButton, &QToolButton::toggled, this, &CurvesPanel::setShowLoss);
    connect(reset, &QToolButton::clicked, m_chart, &CurvesChart::resetZoom);
    connect(m_session, &Session::datasetChanged, this, [this] {
        reloadOverview();
        reloadCurves();
    });
    connect(m_session, &Session::selectionChanged, this, &CurvesPanel::reloadCurves);
    connect(m_session, &Session::settingsChanged, this,
            [this] { m_chart->setCutoff(m_session->settings().cutoff); });
    m_chart->setCutoff(m_session->settings().cutoff);
    reloadOverview();
    reloadCurves();
}

ChartWidget* CurvesPanel::chart() const
{
    return m_chart;
}

void CurvesPanel::setShowLoss(bool loss)
{
    if (loss == m_loss)
        return;
    m_loss = loss;
    (loss ? m_lossButton : m_accuracyButton)->setChecked(true);
    m_chart->setMetricIsLoss(loss);
    reloadOverview();
    reloadCurves();
}

QString CurvesPanel::noteText() const
{
    return m_note->text();
}

void CurvesPanel::reloadOverview()
{
    const auto dataset = m_session->dataset();
    QList<QList<QPointF>> overview;
    overview.reserve(static_cast<qsizetype>(dataset->rows.size()));
    for (const core::ArchitectureRow& row : dataset->rows)
        overview.append(curveOf(row, m_loss));
    m_chart->setEpochs(dataset->numEpochs);
    m_chart->setOverview(overview);
}

void CurvesPanel::reloadCurves()
{
    const auto dataset = m_session->dataset();
    const QList<int>& selection = m_session->selection();
    QList<Curve> curves;
    for (int row : selection) {
        if (curves.size() >= kMaxCurves)
            break;
        const core::ArchitectureRow& r = dataset->rows[static_cast<std::size_t>(row)];
        // Results from synthetic data say so wherever they show (PRODUCT.md §2).
        const QString label = m_session->isSyntheticRow(row) ? tr("#%1 (synthetic)").arg(r.modelId)
                                                             : tr("#%1").arg(r.modelId);
        curves.append({r.modelId, label, curveOf(r, m_loss), selection.size() == 1});
    }
    m_chart->setCurves(curves);
    if (dataset->rows.empty())
        m_note->setText(tr("No dataset open."));
    else if (selection.isEmpty())
        m_note->setText(tr("All %1; select rows to compare").arg(dataset->rows.size()));
    else if (selection.size() > kMaxCurves)
        m_note->setText(tr("%1 of %2 selected").arg(kMaxCurves).arg(selection.size()));
    else
        m_note->setText(tr("%1 selected").arg(selection.size()));
    m_note->setToolTip(m_note->text());
}

} // namespace naap::ui
