// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>

#include "cli_args.h"
#include "commands.h"
#include "naap/core/error.h"
#include "naap/core/models/registry.h"
#include "naap/core/protocol/protocol.h"
#include "naap/core/protocol/report_format.h"

namespace naap::cli {

using core::ReportFormat;
using core::parseReportFormat;
using core::writeReport;

const char* const kEvaluateHelp =
    "Usage: naap evaluate --dataset PATH [options]\n"
    "\n"
    "Runs the regression protocol (PRODUCT.md §3) for every model at every cutoff and\n"
    "prints the result table, one row per model and cutoff (model-major).\n"
    "\n"
    "Options:\n"
    "  --dataset PATH    a table CSV, a folder holding naap440.csv, or v1 / v2\n"
    "  --cutoffs LIST    epochs seen before predicting: 0,3,6,9 (default), ranges 0-90\n"
    "                    or 0-90:3 (every third), or a mix\n"
    "  --models SPEC     paper (default, the paper's 24), extended, all, or names\n"
    "                    separated by ';', groups too, e.g. \"Linear Regression;5-NN\"\n"
    "                    or \"paper;Linear Regression (Exp)\"\n"
    "  --split MODE      interpolation (default): the table's IsTest rows;\n"
    "                    left / right: train on the lower / upper half of the rows\n"
    "                    by MaxAccuracy rank, test on the rest; dual: train on the\n"
    "                    middle half, test on the lowest and highest quarters;\n"
    "                    kfold=K: K folds over all labelled rows, reshuffled per\n"
    "                    seed, metrics over the pooled out-of-fold predictions\n"
    "  --format FORMAT   csv (default), markdown, latex or json; inferred from the\n"
    "                    --out extension (.md, .tex, .json) when not given\n"
    "  --out FILE        write to FILE (atomically) instead of standard output;\n"
    "                    - is standard output\n"
    "  --threads N       worker threads (0 = all cores, the default)\n"
    "  --seeds S1,S2,... seeds of the runs (default 20220905..20220909); the run with\n"
    "                    the median violation count is reported\n"
    "  -h, --help        show this help\n"
    "\n"
    "CSV columns: Model,Cutoff,MeanAbsoluteError,NumViolations,MaxViolations,\n"
    "MonotonicityScore,RMSE,R2,KendallTauB,KendallTies,SpearmanRho,PrecisionAt5,\n"
    "PrecisionAt10,TopOneRegret,MAEStd,ViolationsStd,TrainRows,TestRows,SkippedRows.\n"
    "JSON adds the Kendall pair counts and every seed run.\n"
    "PrecisionAtK: the share of the K highest predictions whose true accuracy reaches\n"
    "the K-th highest (rows tied in truth all count). TopOneRegret: the best true\n"
    "accuracy minus that of the predicted best. Among equal predictions the lower\n"
    "true accuracy ranks first (no credit for a tie). *Std: population deviation\n"
    "over the seed runs.\n";

namespace {

// Set by SIGINT while the protocol runs; the protocol polls it and throws Cancelled.
core::CancelToken g_cancel;

extern "C" void onInterrupt(int)
{
    g_cancel.cancel();
    std::signal(SIGINT, SIG_DFL); // a second Ctrl-C ends the process at once
}

ReportFormat chooseFormat(const ParsedArgs& parsed)
{
    if (const auto text = parsed.value("format")) {
        const auto format = parseReportFormat(*text);
        if (!format)
            throw UsageError("evaluate", "Unknown --format '" + *text +
                                             "' (expected csv, markdown, latex or json).");
        return *format;
    }
    const std::string out = parsed.value("out").value_or("");
    const auto dot = out.rfind('.');
    if (dot != std::string::npos && out.find('/', dot) == std::string::npos) {
        std::string suffix = out.substr(dot + 1); // table.MD is Markdown too
        std::transform(suffix.begin(), suffix.end(), suffix.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (const auto format = parseReportFormat(suffix))
            return *format;
    }
    return ReportFormat::Csv;
}

core::ProtocolOptions parseOptions(const ParsedArgs& parsed)
{
    core::ProtocolOptions options;
    try {
        options.models = core::parseModelList(parsed.value("models").value_or("paper"));
    } catch (const core::Error& e) {
        throw UsageError("evaluate", e.what());
    }
    if (options.models.empty())
        throw UsageError("evaluate", "The option --models names no model.");
    if (const auto split = parsed.value("split")) {
        try {
            options.split = core::parseSplitMode(*split);
        } catch (const core::Error& e) {
            throw UsageError("evaluate", e.what());
        }
    }
    if (const auto cutoffs = parsed.value("cutoffs"))
        options.cutoffs = parseCutoffList("evaluate", *cutoffs);
    if (const auto seeds = parsed.value("seeds"))
        options.seeds = parseSeedList("evaluate", *seeds);
    if (const auto threads = parsed.value("threads"))
        options.threads = static_cast<int>(parseCount("evaluate", "--threads", *threads, 1024));
    return options;
}

/// Prints "done/total" to stderr at most ten times a second (only used on a terminal).
std::function<void(int, int)> terminalProgress()
{
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    return [last](int done, int total) {
        const auto now = std::chrono::steady_clock::now();
        if (done < total && now - *last < std::chrono::milliseconds(100))
            return;
        *last = now;
        std::cerr << "\rnaap: evaluating " << done << '/' << total << " ("
                  << (total > 0 ? 100 * done / total : 100) << "%)   " << std::flush;
    };
}

/// Never silent about rows left out (no MaxAccuracy, or missing values): one note per
/// affected cutoff.
void noteSkippedRows(const core::ProtocolReport& report)
{
    std::map<int, std::pair<int, int>> skippedByCutoff; // cutoff -> (all skipped, of them unlabelled)
    for (const auto& cell : report.cells)
        if (cell.skippedRows > 0) {
            auto& [rows, unlabelled] = skippedByCutoff[cell.cutoff];
            rows = std::max(rows, cell.skippedRows);
            unlabelled = std::max(unlabelled, cell.unlabelledRows);
        }
    auto count = [](int n) { return std::to_string(n) + (n == 1 ? " row" : " rows"); };
    for (const auto& [cutoff, skipped] : skippedByCutoff) {
        const auto [rows, unlabelled] = skipped;
        std::cerr << "naap: note: at cutoff " << cutoff << ", " << count(rows)
                  << (rows == 1 ? " was" : " were") << " left out";
        if (unlabelled == 0)
            std::cerr << " for missing values.\n";
        else if (unlabelled == rows)
            std::cerr << " because " << (rows == 1 ? "it has" : "they have") << " no MaxAccuracy.\n";
        else
            std::cerr << ": " << unlabelled << (unlabelled == 1 ? " has" : " have") << " no MaxAccuracy and "
                      << rows - unlabelled << (rows - unlabelled == 1 ? " misses" : " miss")
                      << " values that the features need.\n";
    }
}

} // namespace

int runEvaluate(const std::vector<std::string>& args)
{
    const ParsedArgs parsed = parseArgs("evaluate", args,
                                        {{"dataset", true, kDatasetValue}, {"cutoffs", true}, {"models", true},
                                         {"split", true}, {"format", true}, {"out", true, kFileValue},
                                         {"threads", true}, {"seeds", true}});
    const std::string datasetArg = parsed.required("dataset");
    core::ProtocolOptions options = parseOptions(parsed);
    const ReportFormat format = chooseFormat(parsed);
    const std::string outPath = parsed.value("out").value_or("");

    const core::TableReadResult loaded = loadDataset(datasetArg);
    printWarnings(loaded.warnings);
    const int maxCutoff = *std::max_element(options.cutoffs.begin(), options.cutoffs.end());
    if (maxCutoff > loaded.dataset.numEpochs)
        throw UsageError("evaluate", "The cutoff " + std::to_string(maxCutoff) + " is beyond the " +
                                         std::to_string(loaded.dataset.numEpochs) +
                                         " epochs of " + loaded.dataset.sourcePath + ".");

    const bool showProgress = stderrIsTerminal();
    if (showProgress)
        options.progress = terminalProgress();
    g_cancel.reset();
    options.cancel = &g_cancel;
    const auto previous = std::signal(SIGINT, onInterrupt);
    core::ProtocolReport report;
    try {
        report = core::runProtocol(loaded.dataset, options);
    } catch (...) {
        std::signal(SIGINT, previous);
        if (showProgress)
            std::cerr << '\n';
        throw;
    }
    std::signal(SIGINT, previous);
    if (showProgress)
        std::cerr << "\rnaap: evaluated " << report.cells.size() << " cells in " << std::fixed
                  << std::setprecision(1) << report.seconds << " s          \n";
    noteSkippedRows(report);

    writeOutput(outPath, [&](std::ostream& out) { writeReport(report, format, out); });
    return kExitOk;
}

} // namespace naap::cli
