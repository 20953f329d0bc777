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
    /// Complete epochs only (all three values logged); a value logged as nan or inf (a
    /// diverged run) is missing (NaN) here.
    std::vector<EpochRecord> epochs;
    std::vector<double> learningRates;  ///< per complete epoch
    std::vector<LoadWarning> warnings;  ///< e.g. a dangling incomplete last epoch, nan losses
};

/// Parses one log (LF, CRLF or a mix). A log that ends mid-training is valid: a trailing
/// incomplete epoch is dropped, and so is a last line that has no line ending and does
/// not parse (a write cut short), each with a warning. Losses and accuracies logged as
/// nan, inf or -inf become missing values, with one warning per log. Throws ParseError
/// naming the file and line for a malformed event or a test accuracy outside [0, 1].
RawLog readRawLog(const std::string& path);

/// Builds a table from a folder of `scheme_<id>.txt` logs: one row per log, sorted by
/// ModelId, scheme fields from the logged scheme (profileScheme) and counts, losses
/// rounded to 4 decimals, MaxAccuracy = max test accuracy, IsTest by applySplitRule.
/// Incomplete logs give rows with missing trailing epochs (and a warning); nan or inf
/// values give missing values (empty cells when written). Files not named scheme_*.txt
/// are skipped; one named so whose * is not a positive integer (scheme_0.txt) is a
/// ParseError naming it, as are two logs of one ModelId.
TableReadResult readRawLogFolder(const std::string& folder);

} // namespace naap::core
