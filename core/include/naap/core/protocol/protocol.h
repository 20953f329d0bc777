// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "naap/core/control.h"
#include "naap/core/data/dataset.h"
#include "naap/core/features/features.h"
#include "naap/core/metrics/metrics.h"

namespace naap::core {

/// The halves and quarters of the extrapolation splits are by rank: the n labelled rows
/// sorted by MaxAccuracy (stable), not by the midpoint of the accuracy values. With
/// h = ⌊n/2⌋ and q = ⌊n/4⌋ (NAAP-440: 220 and 110); rows tied in MaxAccuracy across a
/// boundary are split by table order:
enum class SplitKind {
    Interpolation, ///< the paper's: IsTest column (train 0, test 1)
    Left,          ///< train on the lower half of the accuracy range (the h lowest rows), test on the rest
    Right,         ///< train on the upper half (the h highest rows), test on the rest
    Dual,          ///< train on the middle (all but the q lowest and q highest rows), test on those 2q
    /// K folds over all labelled rows (seeded shuffle, fold sizes differ by at most one):
    /// each fold is predicted by a model fitted (and scaled) on the other K − 1, and the
    /// metrics are computed once over the pooled out-of-fold predictions of every row, not
    /// averaged over folds. Each seed shuffles anew, so the seeds differ even for
    /// deterministic models.
    KFold,
};

struct SplitMode {
    SplitKind kind = SplitKind::Interpolation;
    int folds = 5; ///< K for KFold
};
/// Parses "interpolation", "left", "right", "dual", "kfold=K". Throws InvalidArgument.
SplitMode parseSplitMode(const std::string& text);
std::string splitModeName(const SplitMode& mode);

/// The paper's seeds 20220905..20220909.
std::vector<std::uint64_t> paperSeeds();

struct ProtocolOptions {
    std::vector<std::string> models;   ///< registry names; empty = the paper's 24
    std::vector<int> cutoffs{0, 3, 6, 9};
    SplitMode split;
    FeatureSet featureSet = FeatureSet::Auto;
    std::vector<std::uint64_t> seeds = paperSeeds();
    int threads = 0;                   ///< 0 = all cores
    const CancelToken* cancel = nullptr;
    /// Called (from worker threads, serialised) with completed and total work units.
    std::function<void(int done, int total)> progress;
};

/// One seed run of one (model, cutoff).
struct SeedRun {
    std::uint64_t seed = 0;
    MetricReport metrics;
};

/// One cell of the result table: the seed run whose violation count is the median
/// (the runs sorted stably by violations, the one at index ⌊runs/2⌋ taken: the 3rd of 5,
/// the upper middle for an even count), plus the spread over seeds.
struct ProtocolCell {
    std::string model;
    int cutoff = 0;
    int trainRows = 0;                 ///< for KFold the largest fold's train rows
    int testRows = 0;                  ///< rows the metrics are computed on (KFold: every row with features)
    int skippedRows = 0;               ///< rows left out: no MaxAccuracy, or missing features
    int unlabelledRows = 0;            ///< of skippedRows, those without MaxAccuracy
    MetricReport selected;             ///< the median-by-violations run
    std::uint64_t selectedSeed = 0;
    std::vector<SeedRun> runs;         ///< every seed, in seed order
    double maeStd = 0.0;               ///< population std of MAE over seeds
    double violationsStd = 0.0;        ///< population std of violations over seeds
    /// Predictions of the selected run: dataset row index, truth, prediction.
    std::vector<int> testRowIndices;
    std::vector<double> truth;
    std::vector<double> predicted;
};

struct ProtocolReport {
    SplitMode split;
    std::vector<ProtocolCell> cells;   ///< model-major, in the order of options.models × cutoffs
    double seconds = 0.0;
};

/// Runs the protocol for every model × cutoff. Deterministic models are fitted once per
/// cutoff (every seed gives the same result); ensembles of one family are fitted once at
/// their largest size per (cutoff, seed) and smaller sizes are predicted from prefixes.
/// Fits run in parallel. Throws InvalidArgument (unknown model, bad cutoff, too few
/// rows), Cancelled.
ProtocolReport runProtocol(const Dataset& dataset, const ProtocolOptions& options);

/// The train and test dataset row indices of a split (rows sorted by MaxAccuracy,
/// stable; rows without MaxAccuracy dropped). For KFold: fold `fold` of `seed`.
struct SplitRows {
    std::vector<int> train;
    std::vector<int> test;
};
std::vector<SplitRows> makeSplits(const Dataset& dataset, const SplitMode& mode,
                                  std::uint64_t seed);

} // namespace naap::core
