// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/features/features.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "naap/core/error.h"

namespace naap::core {

namespace {

bool isV2(FeatureSet set)
{
    return set == FeatureSet::V2;
}

// The feature values of one row in featureNames() order; false when one is missing or
// not finite (a log of a non-positive count).
bool rowFeatures(const ArchitectureRow& row, int cutoff, bool v2, std::vector<double>& out)
{
    out.clear();
    const SchemeFields& s = row.scheme;
    out.push_back(std::log(s.numParams));
    if (cutoff == 0) {
        out.push_back(s.numStages);
    } else {
        out.insert(out.end(), {std::log(s.numMACs), s.numLayers, s.numStages, s.firstLayerWidth,
                               s.lastLayerWidth});
        if (v2)
            out.insert(out.end(), {s.numSkipConnections, s.numPartialRFLayers});
        if (static_cast<int>(row.epochs.size()) < cutoff)
            return false;
        for (int e = 0; e < cutoff; ++e) {
            const EpochRecord& r = row.epochs[static_cast<std::size_t>(e)];
            out.insert(out.end(), {r.lossMean, r.lossMedian, r.accuracy});
        }
    }
    for (double v : out) {
        if (!std::isfinite(v))
            return false;
    }
    return true;
}

// The table columns that the features at `cutoff` read, in featureNames() order.
std::vector<std::string> neededColumns(int cutoff, bool v2)
{
    if (cutoff == 0)
        return {"NumParams", "NumStages"};
    std::vector<std::string> cols{"NumParams", "NumMACs", "NumLayers", "NumStages", "FirstLayerWidth",
                                  "LastLayerWidth"};
    if (v2)
        cols.insert(cols.end(), {"NumSkipConnections", "NumPartialRFLayers"});
    return cols;
}

// A column the file lacks leaves that value missing in every row, so every row would be
// skipped and the caller could only report an empty split: name the column instead.
void requireColumns(const Dataset& dataset, int cutoff, bool v2)
{
    for (const std::string& col : neededColumns(cutoff, v2)) {
        if (std::find(dataset.absentColumns.begin(), dataset.absentColumns.end(), col) !=
            dataset.absentColumns.end())
            throw InvalidArgument((dataset.sourcePath.empty() ? std::string("The table") : dataset.sourcePath) +
                                  " has no " + col + " column, which the features at cutoff " +
                                  std::to_string(cutoff) + " need.");
    }
}

} // namespace

std::vector<std::string> featureNames(int cutoff, FeatureSet set)
{
    if (cutoff < 0)
        throw InvalidArgument("The epoch cutoff must be 0 or more, got " + std::to_string(cutoff)
                              + ".");
    if (cutoff == 0)
        return {"log(NumParams)", "NumStages"};
    std::vector<std::string> names = {"log(NumParams)", "log(NumMACs)",    "NumLayers",
                                      "NumStages",      "FirstLayerWidth", "LastLayerWidth"};
    if (isV2(set)) {
        names.push_back("NumSkipConnections");
        names.push_back("NumPartialRFLayers");
    }
    for (int e = 1; e <= cutoff; ++e) {
        std::string p(1, 'e');
        p += std::to_string(e);
        names.push_back(p + "LossMean");
        names.push_back(p + "LossMedian");
        names.push_back(p + "Accuracy");
    }
    return names;
}

FeatureMatrix buildFeatures(const Dataset& dataset, int cutoff, FeatureSet set,
                            const std::vector<int>& rowIndices)
{
    if (cutoff < 0 || cutoff > dataset.numEpochs)
        throw InvalidArgument("The epoch cutoff must be in 0.." + std::to_string(dataset.numEpochs)
                              + " for this table, got " + std::to_string(cutoff) + ".");
    if (set == FeatureSet::Auto)
        set = dataset.version == TableVersion::V2 ? FeatureSet::V2 : FeatureSet::V1;
    if (set == FeatureSet::V2 && dataset.version != TableVersion::V2)
        throw InvalidArgument("The v2 feature set needs a v2 table (NumSkipConnections, "
                              "NumPartialRFLayers), got a v1 table.");
    requireColumns(dataset, cutoff, isV2(set));

    FeatureMatrix fm;
    fm.names = featureNames(cutoff, set);
    const int nRows = static_cast<int>(dataset.rows.size());
    std::vector<int> wanted = rowIndices;
    if (wanted.empty()) {
        wanted.resize(static_cast<std::size_t>(nRows));
        for (int i = 0; i < nRows; ++i)
            wanted[static_cast<std::size_t>(i)] = i;
    }

    const auto p = static_cast<Eigen::Index>(fm.names.size());
    fm.X.resize(static_cast<Eigen::Index>(wanted.size()), p);
    fm.y.resize(static_cast<Eigen::Index>(wanted.size()));
    std::vector<double> values;
    Eigen::Index kept = 0;
    for (int index : wanted) {
        if (index < 0 || index >= nRows)
            throw InvalidArgument("Row index " + std::to_string(index) + " is outside the table's "
                                  + std::to_string(nRows) + " rows.");
        const ArchitectureRow& row = dataset.rows[static_cast<std::size_t>(index)];
        if (!std::isfinite(row.maxAccuracy) || !rowFeatures(row, cutoff, isV2(set), values)) {
            ++fm.skippedRows;
            continue;
        }
        fm.X.row(kept) = Eigen::Map<const Eigen::RowVectorXd>(values.data(), p);
        fm.y[kept] = row.maxAccuracy;
        fm.rows.push_back(index);
        ++kept;
    }
    fm.X.conservativeResize(kept, p);
    fm.y.conservativeResize(kept);
    return fm;
}

void StandardScaler::fit(const Matrix& X)
{
    if (X.rows() < 1)
        throw InvalidArgument("StandardScaler::fit expects at least one row, got a 0 x "
                              + std::to_string(X.cols()) + " matrix.");
    m_mean = X.colwise().mean().transpose();
    m_scale.resize(X.cols());
    for (Eigen::Index j = 0; j < X.cols(); ++j) {
        const double var = (X.col(j).array() - m_mean[j]).square().mean();
        // scikit-learn's _is_constant_feature: a variance within rounding of zero (the
        // mean of equal values may be an ulp off) marks a constant column, scaled by 1.
        const double n = static_cast<double>(X.rows());
        const double eps = std::numeric_limits<double>::epsilon();
        const double bound = n * eps * var + std::pow(n * m_mean[j] * eps, 2);
        m_scale[j] = var <= bound ? 1.0 : std::sqrt(var);
    }
}

Matrix StandardScaler::transform(const Matrix& X) const
{
    if (X.cols() != m_mean.size())
        throw InvalidArgument("StandardScaler::transform expects " + std::to_string(m_mean.size())
                              + " columns, got " + std::to_string(X.cols()) + ".");
    Matrix out = X;
    out.rowwise() -= m_mean.transpose();
    out.array().rowwise() /= m_scale.transpose().array();
    return out;
}

} // namespace naap::core
