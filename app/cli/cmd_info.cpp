// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <iostream>

#include "cli_args.h"
#include "commands.h"

namespace naap::cli {

const char* const kInfoHelp =
    "Usage: naap info --dataset PATH\n"
    "\n"
    "Describes a NAAP table: rows, epochs, train/test split, table version, columns,\n"
    "missing values and load warnings.\n"
    "\n"
    "Options:\n"
    "  --dataset PATH   a table CSV, a folder holding naap440.csv, or v1 / v2 to search\n"
    "                   the data folders (NAAP_DATA_DIR, the user data folder, ...)\n"
    "  -h, --help       show this help\n";

namespace {

bool rowHasMissing(const core::ArchitectureRow& row, core::TableVersion version)
{
    const auto& s = row.scheme;
    const double schemeValues[] = {s.numParams, s.numMACs, s.numLayers, s.numStages,
                                   s.firstLayerWidth, s.lastLayerWidth};
    for (double v : schemeValues)
        if (core::isMissing(v))
            return true;
    if (version == core::TableVersion::V2 &&
        (core::isMissing(s.numSkipConnections) || core::isMissing(s.numPartialRFLayers)))
        return true;
    if (row.isTest < 0 || core::isMissing(row.maxAccuracy))
        return true;
    for (const auto& e : row.epochs)
        if (core::isMissing(e.lossMean) || core::isMissing(e.lossMedian) ||
            core::isMissing(e.accuracy))
            return true;
    return false;
}

} // namespace

int runInfo(const std::vector<std::string>& args)
{
    const ParsedArgs parsed = parseArgs("info", args, {{"dataset", true, kDatasetValue}});
    const std::string datasetArg = parsed.required("dataset");
    const core::TableReadResult loaded = loadDataset(datasetArg);
    const core::Dataset& d = loaded.dataset;

    int rowsWithMissing = 0;
    for (const auto& row : d.rows)
        rowsWithMissing += rowHasMissing(row, d.version) ? 1 : 0;
    const int unsplit = static_cast<int>(d.rows.size()) - d.numTrain() - d.numTest();
    const std::size_t columns = core::tableColumns(d.version, d.numEpochs).size() +
                                d.extraColumns.size();

    std::cout << "Dataset:        " << d.sourcePath << '\n'
              << "Version:        v" << static_cast<int>(d.version) << '\n'
              << "Rows:           " << d.rows.size() << '\n'
              << "Train rows:     " << d.numTrain() << '\n'
              << "Test rows:      " << d.numTest() << '\n';
    if (unsplit > 0)
        std::cout << "Unsplit rows:   " << unsplit << " (no IsTest value)\n";
    std::cout << "Epochs:         " << d.numEpochs << '\n'
              << "Columns:        " << columns << '\n'
              << "Extra columns:  " << d.extraColumns.size();
    for (std::size_t i = 0; i < d.extraColumns.size(); ++i)
        std::cout << (i ? ", " : " (") << d.extraColumns[i] << (i + 1 == d.extraColumns.size() ? ")" : "");
    std::cout << '\n'
              << "Missing values: " << d.missingCells() << " cells in " << rowsWithMissing
              << " rows\n"
              << "Warnings:       " << loaded.warnings.size() << '\n';
    for (const auto& w : loaded.warnings)
        std::cout << "  " << describeWarning(w) << '\n';
    std::cout.flush();
    return kExitOk;
}

} // namespace naap::cli
