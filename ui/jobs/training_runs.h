// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QString>

#include <map>
#include <memory>
#include <vector>

#include "naap/core/data/dataset.h"
#include "naap/core/data/scheme.h"
#include "naap/core/train/trainer.h"

namespace naap::ui {

/// The schemes of some ModelIds of the open dataset, and where they came from.
struct SchemeLookup {
    std::map<int, core::Scheme> schemes;
    QString source; ///< the file or folder read
    QString error;  ///< one sentence when some ModelId has no scheme
};

/// Finds the schemes of `modelIds` for the dataset opened from `datasetPath`: the file
/// itself when it is a schemes JSON (File ▸ Open Schemes JSON), the logs of a raw-log
/// folder, else generated_schemes.json beside the table (ModelId N = entry N).
SchemeLookup lookupSchemes(const QString& datasetPath, const std::vector<int>& modelIds);

/// A run as it merges: its complete epochs and what it was trained on.
struct TrainedRun {
    int modelId = 0;
    core::Scheme scheme;
    std::vector<core::EpochResult> epochs; ///< complete epochs, epoch e at index e-1
    bool synthetic = false;
    QString device;
};

/// The extra column that says where a merged row comes from ("trained on cpu, synthetic
/// data, 4 of 90 epochs").
inline constexpr const char* kSourceColumn = "Source";

/// Losses rounded to 4 decimals as the raw-log reader does, so a merged row equals the
/// row that `naap logs2csv` would make from the same log.
std::vector<core::EpochRecord> epochRecords(const std::vector<core::EpochResult>& epochs);

enum class MergeKind {
    NewRow,     ///< a ModelId the dataset lacked: appended
    FilledRow,  ///< the dataset's row had no measured epochs (a schemes-only table): filled
    Reproduced, ///< the dataset already holds measurements: left as it was
};

struct MergeResult {
    MergeKind kind = MergeKind::Reproduced;
    std::shared_ptr<const core::Dataset> dataset; ///< the new snapshot; null for Reproduced
};

/// Merges a run into a copy of `dataset`. The row gets its scheme fields from
/// profileScheme and a Source cell; it joins the train rows (IsTest 0) with its
/// MaxAccuracy only when it is a full-length run on real data — a short or synthetic run
/// keeps MaxAccuracy empty, so no fit ever mistakes it for a finished CIFAR-10 result
/// (its epochs still show in the curves). The paper's split of the other rows is untouched.
MergeResult mergeRun(const core::Dataset& dataset, const TrainedRun& run);

/// A table of runs (v2 columns, one row per run, MaxAccuracy over its epochs, a Source
/// column) for "Save runs as table CSV".
core::Dataset runsTable(const std::vector<TrainedRun>& runs);

/// The Source cell of a run.
QString runSourceText(const TrainedRun& run, int datasetEpochs);

} // namespace naap::ui
