// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <filesystem>

#include "cli_args.h"
#include "commands.h"
#include "naap/core/data/raw_logs.h"
#include "naap/core/error.h"

namespace naap::cli {

const char* const kLogs2CsvHelp =
    "Usage: naap logs2csv RAW_DIR [--format v1|v2] [--out FILE]\n"
    "\n"
    "Builds a NAAP table from a folder of raw training logs (scheme_<id>.txt): one row\n"
    "per log, MaxAccuracy = the best test accuracy, losses rounded to 4 decimals, IsTest\n"
    "by the paper's split rule. A log that ends mid-training gives a row with missing\n"
    "trailing epochs (and a warning).\n"
    "\n"
    "Options:\n"
    "  --format v1|v2   table version to write (default v1; v2 adds NumSkipConnections\n"
    "                   and NumPartialRFLayers)\n"
    "  --out FILE       write to FILE (atomically) instead of standard output; - is\n"
    "                   standard output\n"
    "  -h, --help       show this help\n";

int runLogs2Csv(const std::vector<std::string>& args)
{
    const ParsedArgs parsed = parseArgs("logs2csv", args, {{"format", true}, {"out", true, kFileValue}}, 1);
    if (parsed.positionals().empty())
        throw UsageError("logs2csv", "The folder of raw logs (RAW_DIR) is missing.");
    const std::string folder = parsed.positionals().front();
    if (folder.empty())
        throw UsageError("logs2csv", "The folder of raw logs (RAW_DIR) needs a name, not an empty value.");
    const std::string formatText = parsed.value("format").value_or("v1");
    core::TableVersion version;
    if (formatText == "v1" || formatText == "1")
        version = core::TableVersion::V1;
    else if (formatText == "v2" || formatText == "2")
        version = core::TableVersion::V2;
    else
        throw UsageError("logs2csv", "Unknown --format '" + formatText + "' (expected v1 or v2).");
    const std::string outPath = parsed.value("out").value_or("");

    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
        throw core::IoError("Cannot read the log folder " + folder + ": it does not exist or is not a folder.");
    const core::TableReadResult built = core::readRawLogFolder(folder);
    if (built.dataset.rows.empty())
        throw core::IoError("The folder " + folder + " holds no raw logs (scheme_<id>.txt).");
    printWarnings(built.warnings);

    writeOutput(outPath, [&](std::ostream& out) { core::writeTableCsv(built.dataset, out, version); });
    return kExitOk;
}

} // namespace naap::cli
