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

/// Why no regressor can be fitted on `dataset`: one sentence when no row has a
/// MaxAccuracy (a schemes file, or runs still in training), else "". The fit jobs say this
/// instead of the protocol's generic "the split leaves 0 train rows". Thread-safe.
QString nothingToFit(const core::Dataset& dataset);

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
    /// Replaces the dataset: clears selection and results, keeps the settings. The cutoff
    /// is the one the user asked for (requestedCutoff()) clamped to the dataset's epochs, so
    /// a table with fewer epochs (or none) does not lose it for the next dataset.
    void setDataset(std::shared_ptr<const core::Dataset> dataset, const QString& path);
    /// Whether a dataset row comes from training on synthetic data (its Source cell, which
    /// the training merge writes, says so). Such results are marked wherever they show.
    bool isSyntheticRow(int row) const;

    /// Selected dataset row indices (not ModelIds), ascending.
    const QList<int>& selection() const { return m_selection; }
    void setSelection(QList<int> rows);

    const RefitSettings& settings() const { return m_settings; }
    /// Sets the settings; the cutoff is clamped to the open dataset's epochs, and the
    /// unclamped value is remembered as the requested cutoff when it changed.
    void setSettings(const RefitSettings& settings);
    /// The cutoff the user last asked for, before clamping to the open dataset (what the
    /// settings persist and the next dataset starts from).
    int requestedCutoff() const { return m_requestedCutoff; }
    void setRegressor(const QString& name);
    void setCutoff(int cutoff);
    void setSplit(const core::SplitMode& split);
    void setSeeds(const std::vector<std::uint64_t>& seeds);

    /// The latest refit of the current settings (null before the first one).
    std::shared_ptr<const core::ProtocolCell> prediction() const { return m_prediction; }
    void setPrediction(std::shared_ptr<const core::ProtocolCell> cell);
    /// Records that the refit of the current settings failed: drops the prediction (it
    /// belonged to other settings) and keeps `message`, one sentence, until the next
    /// prediction, settings or dataset. Emits predictionChanged.
    void setPredictionFailed(const QString& message);
    /// Why the latest refit failed; empty when it did not.
    QString predictionError() const { return m_predictionError; }
    /// Predicted value of a dataset row in the latest refit, or NaN.
    double predictionForRow(int row) const;

    /// Every regressor at the current cutoff, split and seeds (null until computed).
    std::shared_ptr<const core::ProtocolReport> leaderboard() const { return m_leaderboard; }
    /// Sets the leaderboard of the current settings (also the last one).
    void setLeaderboard(std::shared_ptr<const core::ProtocolReport> report);
    /// The latest leaderboard computed on this dataset, possibly for an earlier cutoff,
    /// split or seeds: what the views keep showing, marked stale, while the current one
    /// is computed. Null after a dataset change until the first one arrives.
    std::shared_ptr<const core::ProtocolReport> lastLeaderboard() const { return m_lastLeaderboard; }
    /// True while lastLeaderboard() is not the current settings' leaderboard.
    bool leaderboardIsStale() const { return m_lastLeaderboard && m_lastLeaderboard != m_leaderboard; }

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
    int m_requestedCutoff = RefitSettings().cutoff;
    std::vector<bool> m_syntheticRows; ///< per dataset row; empty when there are none
    std::shared_ptr<const core::ProtocolCell> m_prediction;
    std::vector<double> m_predictionByRow;
    QString m_predictionError;
    std::shared_ptr<const core::ProtocolReport> m_leaderboard;
    std::shared_ptr<const core::ProtocolReport> m_lastLeaderboard;
};

} // namespace naap::ui
