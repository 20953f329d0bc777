// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QList>
#include <QString>
#include <QWidget>

class QLabel;
class QProgressBar;

namespace naap::ui {

/// The status bar's progress for the background work the user waits on: a short label of
/// what runs ("Leaderboard, cutoff 6") and one bar, determinate when the task reports a
/// fraction (done of total) and busy otherwise. Several tasks may run at once; the one
/// added first (the highest priority) is shown, the tooltip lists them all. Hidden when
/// nothing runs. GUI thread only.
class StatusProgress : public QWidget {
    Q_OBJECT

public:
    explicit StatusProgress(QWidget* parent = nullptr);

    /// Registers a task shown as `label`; returns its id. Earlier tasks take precedence.
    int addTask(const QString& label);
    /// Renames a task, e.g. with the cutoff it computes.
    void setLabel(int task, const QString& label);
    /// Starts or ends a task; a start forgets the last run's progress.
    void setBusy(int task, bool busy);
    /// `done` of `total` units of a running task (total ≤ 0: no fraction known).
    void setProgress(int task, int done, int total);

    // For tests.
    bool isBusy() const;
    /// The label shown ("" when idle).
    QString text() const;
    QProgressBar* bar() const { return m_bar; }

private:
    struct Task {
        QString label;
        bool busy = false;
        int done = 0;
        int total = 0;
    };
    void refresh();

    QList<Task> m_tasks;
    QLabel* m_label;
    QProgressBar* m_bar;
};

} // namespace naap::ui
