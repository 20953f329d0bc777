// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <cstdio>

#include "cli_args.h"
#include "commands.h"
#include "naap/core/data/scheme.h"
#include "naap/core/error.h"

namespace naap::cli {

const char* const kProfileHelp =
    "Usage: naap profile --schemes FILE [--out FILE]\n"
    "\n"
    "Profiles each scheme of a schemes JSON file without training it: the scheme fields\n"
    "of the NAAP tables, for a 32x32x3 input and 10 classes. For generated_schemes.json\n"
    "they equal those columns of naap440v2.csv. ModelId N is the N-th scheme.\n"
    "\n"
    "Options:\n"
    "  --schemes FILE   the schemes JSON file (a list of lists of layers)\n"
    "  --out FILE       write to FILE (atomically) instead of standard output; - is\n"
    "                   standard output\n"
    "  -h, --help       show this help\n"
    "\n"
    "CSV columns: ModelId,NumParams,NumMACs,NumLayers,NumStages,FirstLayerWidth,\n"
    "LastLayerWidth,NumSkipConnections,NumPartialRFLayers.\n";

namespace {

// Every field is a count: print it as an integer, never in exponent notation (and not through
// a 64-bit integer, which the MACs of 65535-wide layers overflow).
std::string count(double v)
{
    char buffer[400]; // "%.0f" of the largest double is 309 digits
    std::snprintf(buffer, sizeof buffer, "%.0f", v);
    return buffer;
}

} // namespace

int runProfile(const std::vector<std::string>& args)
{
    const ParsedArgs parsed = parseArgs("profile", args, {{"schemes", true, kFileValue}, {"out", true, kFileValue}});
    const std::string schemesPath = parsed.required("schemes");
    const std::string outPath = parsed.value("out").value_or("");

    // readSchemesJson rejects an invalid scheme with a sentence naming its ModelId.
    const std::vector<core::Scheme> schemes = core::readSchemesJson(schemesPath);
    if (schemes.empty())
        throw core::ParseError(schemesPath, 1, "expected at least one scheme, found an empty list.");
    std::vector<core::SchemeFields> fields;
    fields.reserve(schemes.size());
    for (const core::Scheme& s : schemes)
        fields.push_back(core::profileScheme(s));

    writeOutput(outPath, [&](std::ostream& out) {
        out << "ModelId,NumParams,NumMACs,NumLayers,NumStages,FirstLayerWidth,LastLayerWidth,"
               "NumSkipConnections,NumPartialRFLayers\n";
        for (std::size_t i = 0; i < fields.size(); ++i) {
            const core::SchemeFields& f = fields[i];
            out << i + 1 << ',' << count(f.numParams) << ',' << count(f.numMACs) << ',' << count(f.numLayers) << ','
                << count(f.numStages) << ',' << count(f.firstLayerWidth) << ',' << count(f.lastLayerWidth) << ','
                << count(f.numSkipConnections) << ',' << count(f.numPartialRFLayers) << '\n';
        }
    });
    return kExitOk;
}

} // namespace naap::cli
