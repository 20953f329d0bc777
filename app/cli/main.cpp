// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// `naap`: the headless command line. Dispatch only; each command lives in cmd_*.cpp.
#include <cstring>
#include <iostream>
#include <new>
#include <string>

#include "cli_args.h"
#include "commands.h"
#include "naap/core/error.h"

namespace naap::cli {

const std::vector<Command>& commands()
{
    static const std::vector<Command> table{
        {"info", "describe a dataset table", kInfoHelp, runInfo},
        {"evaluate", "run the regression protocol and print the result table", kEvaluateHelp,
         runEvaluate},
        {"logs2csv", "build a table from a folder of raw training logs", kLogs2CsvHelp,
         runLogs2Csv},
        {"schemes", "generate a search space of schemes (default: NAAP-440's)", kSchemesHelp, runSchemes},
        {"profile", "compute the scheme fields (params, MACs, ...) of a schemes file", kProfileHelp,
         runProfile},
        {"fetch", "download CIFAR-10 or NAAP-440, hash-checked and resumable", kFetchHelp, runFetch},
        {"train", "train schemes on CIFAR-10 with LibTorch, writing raw logs", kTrainHelp, runTrain},
        {"synth-cifar", "write synthetic CIFAR-format data for tests", kSynthCifarHelp, runSynthCifar},
    };
    return table;
}

namespace {

/// Errors are one line on stderr, whatever the message holds.
std::string oneLine(std::string text)
{
    for (char& c : text)
        if (c == '\n' || c == '\r')
            c = ' ';
    return text;
}

void printTopLevelHelp(std::ostream& out)
{
    out << "Usage: naap COMMAND [options]\n"
           "       naap --version | --help\n\n"
           "NAAP Workbench: predict a CNN's final accuracy from its first epochs.\n\n"
           "Commands:\n";
    for (const auto& c : commands())
        out << "  " << c.name << std::string(12 - std::string(c.name).size(), ' ') << c.summary
            << '\n';
    out << "\nRun 'naap COMMAND --help' for the options of a command.\n"
           "Exit status: 0 success, 1 runtime error, 2 usage error.\n";
}

int dispatch(const std::vector<std::string>& args)
{
    if (args.empty())
        throw UsageError("", "No command given.");
    const std::string& first = args.front();
    if (first == "--help" || first == "-h" || first == "help") {
        if (first == "help" && args.size() > 1)
            return dispatch({args[1], "--help"});
        printTopLevelHelp(std::cout);
        return kExitOk;
    }
    if (first == "--version" || first == "-V") {
        std::cout << "naap " << kVersion << '\n';
        return kExitOk;
    }
    for (const auto& c : commands()) {
        if (first != c.name)
            continue;
        const std::vector<std::string> rest(args.begin() + 1, args.end());
        if (wantsHelp(rest)) {
            std::cout << c.help;
            return kExitOk;
        }
        return c.run(rest);
    }
    for (const char* flag : {"--help=", "--version="})
        if (first.rfind(flag, 0) == 0)
            throw UsageError("", "The option " + std::string(flag, std::strlen(flag) - 1) + " takes no value.");
    if (first.size() > 1 && first[0] == '-')
        throw UsageError("", "Unknown option '" + first + "'.");
    throw UsageError("", "Unknown command '" + first + "'.");
}

} // namespace
} // namespace naap::cli

int main(int argc, char** argv)
{
    using namespace naap::cli;
    try {
        installStderrLogSink();
        const int status = dispatch(std::vector<std::string>(argv + 1, argv + argc));
        // Help, info and the reports of train, fetch and synth-cifar print to stdout: a full
        // disk or a closed pipe there is a failure, not a success with nothing shown.
        std::cout.flush();
        if (status == kExitOk && !std::cout) {
            std::cerr << "naap: Cannot write to standard output.\n";
            return kExitRuntime;
        }
        return status;
    } catch (const UsageError& e) {
        std::cerr << "naap: " << oneLine(e.what()) << "\nTry 'naap" << (e.command().empty() ? "" : " ")
                  << e.command() << " --help'.\n";
        return kExitUsage;
    } catch (const naap::core::Cancelled& e) {
        std::cerr << "naap: " << e.what() << '\n';
        return kExitCancelled;
    } catch (const std::bad_alloc&) {
        std::cerr << "naap: Out of memory.\n";
    } catch (const std::exception& e) {
        std::cerr << "naap: " << oneLine(e.what()) << '\n';
    } catch (...) {
        std::cerr << "naap: An unexpected error occurred.\n";
    }
    return kExitRuntime;
}
