// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <string>
#include <vector>

#include "naap/core/data/dataset.h"
#include "naap/core/data/scheme.h"
#include "naap/core/data/table_io.h"

namespace naap::core {

/// One parsed raw training log (PRODUCT.md §2): the events of one architecture.
struct RawLog {
    std::string path;
    int modelId = 0;          ///< from the file name scheme_<id>.txt (0 if none)
    Scheme scheme;
    std::string device;       ///< as logged, e.g. "cuda:0"
    double numParams = kMissing;
    double numMACs = kMissing;
    std::vector<EpochRecord> epochs; ///< complete epochs only (all three values logged)
    std::vector<double> learningRates;  ///< per complete epoch
    std::vector<LoadWarning> warnings;  ///< e.g. a dangling incomplete last epoch
};

/// Parses one log. A log that ends mid-training is valid (trailing incomplete epoch
/// dropped). Throws ParseError naming the file and line for a malformed event.
RawLog readRawLog(const std::string& path);

/// Builds a table from a folder of `scheme_<id>.txt` logs: one row per log, sorted by
/// ModelId, scheme fields from the logged scheme (profileScheme) and counts, losses
/// rounded to 4 decimals, MaxAccuracy = max test accuracy, IsTest by applySplitRule.
/// Incomplete logs give rows with missing trailing epochs (and a warning).
TableReadResult readRawLogFolder(const std::string& folder);

} // namespace naap::core
