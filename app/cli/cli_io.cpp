// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <filesystem>
#include <iostream>
#include <unistd.h>

#include "commands.h"
#include "naap/core/data/locate.h"
#include "naap/core/error.h"
#include "naap/core/log.h"
#include "naap/core/util/atomic_file.h"

namespace naap::cli {

void installStderrLogSink()
{
    core::setLogSink([](core::LogLevel level, const std::string& message) {
        if (level == core::LogLevel::Warning)
            std::cerr << "naap: warning: " << message << std::endl;
        else if (level == core::LogLevel::Error)
            std::cerr << "naap: error: " << message << std::endl;
    });
}

std::string describeWarning(const core::LoadWarning& warning)
{
    std::string s = warning.file;
    if (warning.line > 0)
        s.append(1, ':').append(std::to_string(warning.line));
    if (!s.empty())
        s += ": ";
    return s + warning.message;
}

void printWarnings(const std::vector<core::LoadWarning>& warnings)
{
    for (const auto& w : warnings)
        std::cerr << "naap: warning: " << describeWarning(w) << '\n';
}

core::TableReadResult loadDataset(const std::string& argument)
{
    const std::string path = core::resolveDatasetPath(argument);
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw core::IoError("Cannot read " + path + ": it is a folder, not a table CSV.");
    return core::readTableCsv(path);
}

void writeOutput(const std::string& path, const std::function<void(std::ostream&)>& writer)
{
    if (!path.empty() && path != "-") {
        core::writeFileAtomically(path, writer);
        return;
    }
    writer(std::cout);
    std::cout.flush();
    if (!std::cout)
        throw core::IoError("Cannot write to standard output.");
}

bool stderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

} // namespace naap::cli
