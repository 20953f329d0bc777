// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "naap/core/data/dataset.h"

namespace naap::core {

/// A recoverable load problem, returned with the result (never silent).
struct LoadWarning {
    std::string file;
    long line = 0;
    std::string message;
};

struct TableReadResult {
    Dataset dataset;
    std::vector<LoadWarning> warnings;
};

/// Reads a NAAP table CSV (v1 or v2; CRLF or LF; columns by name; extra columns kept;
/// empty cells are missing values). Required columns: ModelId and MaxAccuracy; the
/// others are optional (those absent are listed in Dataset::absentColumns) but their
/// cells must be numbers, and NumParams and NumMACs positive ones. v2 is detected by the
/// NumSkipConnections and NumPartialRFLayers columns; a table with only one of them is
/// read as v1, with a warning naming the other.
/// Throws IoError (cannot open) or ParseError (file, line, what was expected).
TableReadResult readTableCsv(const std::string& path);
/// Same, from a stream; `name` is used in messages.
TableReadResult readTableCsv(std::istream& in, const std::string& name);

/// Writes a table as v1 or v2 CSV (LF line endings, extra columns after the epochs,
/// missing values as empty cells, numbers in shortest round-trip form: integral scheme
/// fields without ".0", accuracies and losses as Python's repr, so that a table read
/// from the published files is written back byte for byte, CRLF aside).
/// Atomic: written to a temporary file beside `path`, then renamed. Throws IoError.
void writeTableCsv(const Dataset& dataset, const std::string& path, TableVersion version);
void writeTableCsv(const Dataset& dataset, std::ostream& out, TableVersion version);

/// The column names of a table of the given version and epoch count.
std::vector<std::string> tableColumns(TableVersion version, int numEpochs);

} // namespace naap::core
