// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "naap/core/data/table_io.h"

namespace naap::cli {

inline constexpr const char* kVersion = "0.1.0";

/// What the options that name files and folders expect, for the message when a value is empty.
inline constexpr const char* kDatasetValue = "a table CSV, a folder or v1 / v2";
inline constexpr const char* kFileValue = "a file name";
inline constexpr const char* kFolderValue = "a folder name";

/// Exit statuses (PRODUCT.md §6).
inline constexpr int kExitOk = 0;
inline constexpr int kExitRuntime = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitCancelled = 130;

/// One command: its name, a one-line summary for the top-level help, its help text and
/// its entry point (arguments after the command name; returns the exit status, throws
/// UsageError or core errors).
struct Command {
    const char* name;
    const char* summary;
    const char* help;
    int (*run)(const std::vector<std::string>& args);
};

const std::vector<Command>& commands();

int runInfo(const std::vector<std::string>& args);
int runEvaluate(const std::vector<std::string>& args);
int runLogs2Csv(const std::vector<std::string>& args);
int runSchemes(const std::vector<std::string>& args);
int runProfile(const std::vector<std::string>& args);
int runFetch(const std::vector<std::string>& args);
int runTrain(const std::vector<std::string>& args);
int runSynthCifar(const std::vector<std::string>& args);

extern const char* const kInfoHelp;
extern const char* const kEvaluateHelp;
extern const char* const kLogs2CsvHelp;
extern const char* const kSchemesHelp;
extern const char* const kProfileHelp;
extern const char* const kFetchHelp;
extern const char* const kTrainHelp;
extern const char* const kSynthCifarHelp;

// Shared helpers (cli_io.cpp).

/// Installs a log sink that prints warnings and errors to stderr as "naap: warning: …".
void installStderrLogSink();
/// Prints each load warning to stderr as "naap: warning: FILE:LINE: message".
void printWarnings(const std::vector<core::LoadWarning>& warnings);
/// Formats a warning as "FILE:LINE: message" (LINE left out when 0).
std::string describeWarning(const core::LoadWarning& warning);
/// Resolves a --dataset argument and reads the table (throws IoError / ParseError).
core::TableReadResult loadDataset(const std::string& argument);
/// Writes through `writer` to `path` atomically, or to stdout when `path` is empty or "-".
void writeOutput(const std::string& path, const std::function<void(std::ostream&)>& writer);
/// True when stderr is a terminal (progress is shown only then).
bool stderrIsTerminal();

} // namespace naap::cli
