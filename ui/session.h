// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QList>
#include <QObject>
#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

#include "naap/core/data/dataset.h"
#include "naap/core/protocol/protocol.h"

namespace naap::ui {

/// What a refit needs besides the data: the regressor, split, cutoff and seeds.
struct RefitSettings {
    QString regressor = QStringLiteral("Random Forest (N=100)");
    core::SplitMode split;
    int cutoff = 3;
    std::vector<std::uint64_t> seeds = core::paperSeeds();

    bool operator==(const RefitSettings& o) const
    {
        return regressor == o.regressor && split.kind == o.split.kind && split.folds == o.split.folds &&
            cutoff == o.cutoff && seeds == o.seeds;
    }
    bool operator!=(const RefitSettings& o) const { return !(*this == o); }
};

/// The one shared state of the workbench: the open dataset (an immutable snapshot that
/// background jobs share), the selection of architectures that links every view, the
/// refit settings and the latest results. Lives on the GUI thread; every setter emits
/// its *Changed signal only when the value changes.
class Session : public QObject {
    Q_OBJECT

public:
    explicit Session(QObject* parent = nullptr);

    /// The open dataset; never null (an empty dataset before the first load).
    std::shared_ptr<const core::Dataset> dataset() const { return m_dataset; }
    QString datasetPath() const { return m_datasetPath; }
    /// Replaces the dataset: clears selection and results, keeps the settings (cutoff
    /// clamped to the dataset's epochs).
    void setDataset(std::shared_ptr<const core::Dataset> dataset, const QString& path);

    /// Selected dataset row indices (not ModelIds), ascending.
    const QList<int>& selection() const { return m_selection; }
    void setSelection(QList<int> rows);

    const RefitSettings& settings() const { return m_settings; }
    void setSettings(const RefitSettings& settings);
    void setRegressor(const QString& name);
    void setCutoff(int cutoff);
    void setSplit(const core::SplitMode& split);
    void setSeeds(const std::vector<std::uint64_t>& seeds);

    /// The latest refit of the current settings (null before the first one).
    std::shared_ptr<const core::ProtocolCell> prediction() const { return m_prediction; }
    void setPrediction(std::shared_ptr<const core::ProtocolCell> cell);
    /// Predicted value of a dataset row in the latest refit, or NaN.
    double predictionForRow(int row) const;

    /// Every regressor at the current cutoff (null until computed).
    std::shared_ptr<const core::ProtocolReport> leaderboard() const { return m_leaderboard; }
    void setLeaderboard(std::shared_ptr<const core::ProtocolReport> report);

Q_SIGNALS:
    void datasetChanged();
    void selectionChanged();
    void settingsChanged();
    void predictionChanged();
    void leaderboardChanged();

private:
    std::shared_ptr<const core::Dataset> m_dataset;
    QString m_datasetPath;
    QList<int> m_selection;
    RefitSettings m_settings;
    std::shared_ptr<const core::ProtocolCell> m_prediction;
    std::vector<double> m_predictionByRow;
    std::shared_ptr<const core::ProtocolReport> m_leaderboard;
};

} // namespace naap::ui
