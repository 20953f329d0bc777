// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <string>
#include <vector>

#include "naap/core/data/dataset.h"
#include "naap/core/models/types.h"

namespace naap::core {

enum class FeatureSet {
    Auto, ///< V2 when the table has the v2 columns, else V1
    V1,   ///< NumParams, NumMACs, NumLayers, NumStages, FirstLayerWidth, LastLayerWidth
    V2,   ///< V1 + NumSkipConnections, NumPartialRFLayers
};

/// The paper's features at an early-epoch cutoff (PRODUCT.md §3 step 2):
/// cutoff 0 → log(NumParams), NumStages; cutoff k ≥ 1 → the scheme fields (NumParams and
/// NumMACs as natural logs) then LossMean, LossMedian, Accuracy of epochs 1..k.
struct FeatureMatrix {
    std::vector<std::string> names; ///< n_features
    Matrix X;                       ///< n_rows × n_features (rows = `rows`)
    Vector y;                       ///< MaxAccuracy of those rows
    std::vector<int> rows;          ///< dataset row index of each matrix row
    int skippedRows = 0;            ///< rows left out for missing values
};

/// Feature names at a cutoff, e.g. "log(NumParams)", "e1LossMean". With no table to look
/// at, Auto is read as V1 and only a negative cutoff throws InvalidArgument.
std::vector<std::string> featureNames(int cutoff, FeatureSet set);

/// Builds features for the given dataset rows (all rows when `rowIndices` is empty).
/// Rows that miss a needed value (or MaxAccuracy, or whose log is not finite) are skipped
/// and counted. Throws InvalidArgument for a cutoff outside 0..dataset.numEpochs, for V2
/// on a v1 table, for a needed column that the table file lacks (Dataset::absentColumns),
/// or for a row index outside the table.
FeatureMatrix buildFeatures(const Dataset& dataset, int cutoff, FeatureSet set,
                            const std::vector<int>& rowIndices = {});

/// Standard scaler: mean and population standard deviation of the fit rows; a zero
/// deviation scales by 1.
class StandardScaler {
public:
    void fit(const Matrix& X);
    Matrix transform(const Matrix& X) const;
    const Vector& mean() const { return m_mean; }
    const Vector& scale() const { return m_scale; }

private:
    Vector m_mean;
    Vector m_scale;
};

} // namespace naap::core
