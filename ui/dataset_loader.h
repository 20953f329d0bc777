// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

#include "naap/core/data/dataset.h"

namespace naap::ui {

/// Result of loading a dataset in the background.
struct LoadOutcome {
    std::shared_ptr<const core::Dataset> dataset; ///< null on failure
    QString path;
    QString error;        ///< one sentence when dataset is null
    QStringList warnings; ///< recoverable problems, shown to the user
};

/// Loads a table CSV, a folder of raw training logs or a schemes JSON file off the GUI
/// thread. One load at a time; a new load supersedes (and discards) the previous one.
class DatasetLoader : public QObject {
    Q_OBJECT

public:
    explicit DatasetLoader(QObject* parent = nullptr);
    ~DatasetLoader() override;

    /// Starts loading `path`: a folder is read as raw logs (or, when it holds
    /// naap440.csv, as that table), *.json as schemes, anything else as a table CSV.
    void load(const QString& path);
    bool isBusy() const;

    /// Synchronous variant used by the background job and by tests.
    static LoadOutcome loadNow(const QString& path);

Q_SIGNALS:
    void loaded(const naap::ui::LoadOutcome& outcome);
    void busyChanged(bool busy);

private:
    QFutureWatcher<LoadOutcome> m_watcher;
    quint64 m_generation = 0;
};

} // namespace naap::ui

Q_DECLARE_METATYPE(naap::ui::LoadOutcome)
