// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "synthetic_dataset.h"

#include <cmath>
#include <random>

namespace naap::test {

using namespace naap::core;

Dataset syntheticDataset(int rows, int epochs, unsigned seed)
{
    std::mt19937 gen(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    Dataset d;
    d.version = TableVersion::V2;
    d.numEpochs = epochs;
    for (int i = 0; i < rows; ++i) {
        ArchitectureRow r;
        r.modelId = i + 1;
        const int layers = 3 + static_cast<int>(u(gen) * 2);
        const double width = 12 + 4 * std::floor(u(gen) * 8);
        r.scheme.numLayers = layers;
        r.scheme.numStages = 2 + std::floor(u(gen) * 3);
        r.scheme.firstLayerWidth = 12 + 4 * std::floor(u(gen) * 2);
        r.scheme.lastLayerWidth = width;
        r.scheme.numParams = 2000 + 40.0 * width * width * u(gen);
        r.scheme.numMACs = 2e5 + 1e6 * u(gen);
        r.scheme.numSkipConnections = std::floor(u(gen) * 3);
        r.scheme.numPartialRFLayers = std::floor(u(gen) * 2);
        const double quality = 0.35 * std::log(r.scheme.numParams / 2000.0) / 4.0 + 0.1 * u(gen);
        r.maxAccuracy = 0.45 + quality + 0.01 * u(gen);
        for (int e = 1; e <= epochs; ++e) {
            EpochRecord ep;
            ep.accuracy = r.maxAccuracy * (1.0 - 0.5 / (e + 1.0)) + 0.01 * (u(gen) - 0.5);
            ep.lossMean = 2.0 - 1.5 * ep.accuracy + 0.02 * u(gen);
            ep.lossMedian = ep.lossMean - 0.01 * u(gen);
            r.epochs.push_back(ep);
        }
        d.rows.push_back(r);
    }
    applySplitRule(d, 40);
    return d;
}

} // namespace naap::test
