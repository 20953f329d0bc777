// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/data/dataset.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "naap/core/error.h"

namespace naap::core {

int ArchitectureRow::completeEpochs() const
{
    int n = 0;
    for (const EpochRecord& e : epochs) {
        if (isMissing(e.lossMean) || isMissing(e.lossMedian) || isMissing(e.accuracy))
            break;
        ++n;
    }
    return n;
}

int Dataset::numTest() const
{
    return static_cast<int>(std::count_if(rows.begin(), rows.end(), [](const auto& r) { return r.isTest == 1; }));
}

int Dataset::numTrain() const
{
    return static_cast<int>(std::count_if(rows.begin(), rows.end(), [](const auto& r) { return r.isTest == 0; }));
}

long Dataset::missingCells() const
{
    long n = 0;
    for (const ArchitectureRow& r : rows) {
        const SchemeFields& s = r.scheme;
        for (double v : {s.numParams, s.numMACs, s.numLayers, s.numStages, s.firstLayerWidth, s.lastLayerWidth,
                         r.maxAccuracy})
            n += isMissing(v);
        if (version == TableVersion::V2)
            n += isMissing(s.numSkipConnections) + isMissing(s.numPartialRFLayers);
        n += r.isTest < 0;
        for (int e = 0; e < numEpochs; ++e) {
            if (static_cast<std::size_t>(e) >= r.epochs.size()) {
                n += 3;
                continue;
            }
            const EpochRecord& rec = r.epochs[static_cast<std::size_t>(e)];
            n += isMissing(rec.lossMean) + isMissing(rec.lossMedian) + isMissing(rec.accuracy);
        }
    }
    return n;
}

int Dataset::indexOfModel(int modelId) const
{
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].modelId == modelId)
            return static_cast<int>(i);
    }
    return -1;
}

void applySplitRule(Dataset& dataset, int bins)
{
    if (bins < 1)
        throw InvalidArgument("applySplitRule: expected at least 1 bin, found " + std::to_string(bins) + ".");
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < dataset.rows.size(); ++i) {
        ArchitectureRow& r = dataset.rows[i];
        r.isTest = isMissing(r.maxAccuracy) ? -1 : 0;
        if (r.isTest == 0)
            order.push_back(i);
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const ArchitectureRow& ra = dataset.rows[a];
        const ArchitectureRow& rb = dataset.rows[b];
        if (ra.maxAccuracy != rb.maxAccuracy)
            return ra.maxAccuracy < rb.maxAccuracy;
        return ra.modelId < rb.modelId;
    });
    // round(n / bins) with Python's round-half-to-even, as the published script.
    const auto n = static_cast<long>(order.size());
    const auto size = static_cast<long>(std::nearbyint(static_cast<double>(n) / bins));
    for (long bin = 0; bin < bins; ++bin) {
        const long index = bin * size + size / 2;
        if (index < n)
            dataset.rows[order[static_cast<std::size_t>(index)]].isTest = 1;
    }
}

} // namespace naap::core
