// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "cli_args.h"
#include "commands.h"
#include "naap/core/data/search_space.h"
#include "naap/core/error.h"

namespace naap::cli {

const char* const kSchemesHelp =
    "Usage: naap schemes [--settings FILE] [--out FILE] [--print-settings]\n"
    "\n"
    "Generates a search space of CNN schemes as a schemes JSON file. Without --settings\n"
    "it is NAAP-440's space, and the output equals generated_schemes.json (LF line\n"
    "endings). Schemes are listed depth-first: a scheme comes before its extensions, and\n"
    "each layer loops its kernel, width, stride and residual choices in the order given.\n"
    "\n"
    "Options:\n"
    "  --settings FILE    search-space settings (JSON), for example:\n"
    "                       {\"min_depth\": 3, \"max_depth\": 4, \"max_strided_layers\": 3,\n"
    "                        \"layers\": [{\"kernel_size\": [3], \"width\": [12, 16],\n"
    "                                    \"stride\": [2], \"residual\": [false]}, ...]}\n"
    "                     optional \"max_schemes\" (default 1000000, at most 10000000)\n"
    "                     caps the size\n"
    "  --out FILE         write to FILE (atomically) instead of standard output; - is\n"
    "                     standard output\n"
    "  --print-settings   write the settings (NAAP-440's, or those of --settings) instead\n"
    "                     of the schemes: a template to edit\n"
    "  -h, --help         show this help\n";

int runSchemes(const std::vector<std::string>& args)
{
    const ParsedArgs parsed =
        parseArgs("schemes", args,
                  {{"settings", true, kFileValue}, {"out", true, kFileValue}, {"print-settings", false}});
    const std::string outPath = parsed.value("out").value_or("");

    const core::SearchSpaceSettings settings = parsed.has("settings")
                                                   ? core::readSearchSpaceJson(*parsed.value("settings"))
                                                   : core::naap440SearchSpace();
    if (parsed.has("print-settings")) {
        writeOutput(outPath, [&](std::ostream& out) { out << core::searchSpaceToJson(settings); });
        return kExitOk;
    }
    const std::vector<core::Scheme> schemes = core::generateSchemes(settings);
    if (schemes.empty())
        throw core::Error("The search space of " + parsed.value("settings").value_or("NAAP-440") +
                          " holds no scheme: no choice satisfies its depth and stride limits.");
    writeOutput(outPath, [&](std::ostream& out) { core::writeSchemesJson(schemes, out); });
    return kExitOk;
}

} // namespace naap::cli
