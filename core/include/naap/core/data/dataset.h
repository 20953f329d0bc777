// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace naap::core {

inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
inline bool isMissing(double v) { return std::isnan(v); }

/// Per-epoch record; any field may be missing (NaN) for rows still in training.
struct EpochRecord {
    double lossMean = kMissing;
    double lossMedian = kMissing;
    double accuracy = kMissing;
};

/// The scheme-derived fields of one architecture. v2 fields are NaN in a v1 table.
struct SchemeFields {
    double numParams = kMissing;
    double numMACs = kMissing;
    double numLayers = kMissing;
    double numStages = kMissing;
    double firstLayerWidth = kMissing;
    double lastLayerWidth = kMissing;
    double numSkipConnections = kMissing; ///< v2 only
    double numPartialRFLayers = kMissing; ///< v2 only
};

/// One row of a NAAP table.
struct ArchitectureRow {
    int modelId = 0;
    int isTest = -1;                 ///< 1 test, 0 train, -1 missing
    SchemeFields scheme;
    double maxAccuracy = kMissing;
    std::vector<EpochRecord> epochs; ///< size Dataset::numEpochs; epoch e at index e-1
    std::vector<std::string> extra;  ///< values of Dataset::extraColumns, verbatim

    /// Number of leading epochs whose three values are all present.
    int completeEpochs() const;
};

enum class TableVersion { V1 = 1, V2 = 2 };

/// A NAAP table in memory. Plain value type: copy it, or share it as
/// std::shared_ptr<const Dataset> between threads (it is immutable once built).
struct Dataset {
    std::string sourcePath;      ///< where it was read from ("" when built in memory)
    TableVersion version = TableVersion::V1;
    int numEpochs = 0;           ///< epochs columns e1..eN present in the table
    std::vector<std::string> extraColumns; ///< unknown columns, in file order
    /// Known columns of its version that the file lacks (IsTest, scheme fields), e.g.
    /// "NumMACs", so that a feature that needs one can say so; empty when built in memory.
    std::vector<std::string> absentColumns;
    std::vector<ArchitectureRow> rows;

    int numTest() const;
    int numTrain() const;
    /// Count of missing numeric cells over known columns.
    long missingCells() const;
    /// Row index of a ModelId, or -1.
    int indexOfModel(int modelId) const;
};

/// The paper's split rule (PRODUCT.md §2): sort rows by (MaxAccuracy, ModelId), cut into
/// `bins` bins of round(n / bins) rows (half to even, as Python's round), and the row at
/// index bin*size + size/2 of each bin is a test row (bins past the end are empty).
/// Rows without MaxAccuracy get isTest = -1 and are not counted in n. Modifies isTest of
/// every row. Throws InvalidArgument when bins < 1.
void applySplitRule(Dataset& dataset, int bins = 40);

} // namespace naap::core
