// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// naap-bench-protocol: times the paper's full table and each regressor's 5-seed refit
// at one cutoff, and the same work in scikit-learn (when /usr/bin/python3 has it) in the
// same run; prints a table of figures and ratios, then one JSON line.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_support.h"

#include "naap/core/data/locate.h"
#include "naap/core/data/table_io.h"
#include "naap/core/error.h"
#include "naap/core/models/registry.h"
#include "naap/core/protocol/protocol.h"

namespace {

using naap::bench::median;
using naap::bench::runCommand;
using naap::bench::shellQuote;

using namespace naap::core;
using Clock = std::chrono::steady_clock;

// Median wall seconds of `repeats` protocol runs.
double timeProtocol(const Dataset& dataset, const ProtocolOptions& options, int repeats)
{
    std::vector<double> seconds;
    for (int r = 0; r < repeats; ++r) {
        const auto t0 = Clock::now();
        runProtocol(dataset, options);
        seconds.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
    }
    return median(seconds);
}

bool haveSklearn()
{
    return runCommand("/usr/bin/python3 -c 'import sklearn; print(sklearn.__version__)' 2>/dev/null").size() > 2;
}

} // namespace

int main(int argc, char** argv)
{
    std::string datasetArg;
    int repeats = 5;
    int cutoff = 9;
    bool withSklearn = true;
    std::string only; // --models: time just these refits
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--dataset" && i + 1 < argc)
            datasetArg = argv[++i];
        else if (a == "--repeats" && i + 1 < argc)
            repeats = std::max(1, std::stoi(argv[++i]));
        else if (a == "--cutoff" && i + 1 < argc)
            cutoff = std::stoi(argv[++i]);
        else if (a == "--no-sklearn")
            withSklearn = false;
        else if (a == "--models" && i + 1 < argc)
            only = argv[++i];
        else {
            const bool help = a == "--help" || a == "-h";
            (help ? std::cout : std::cerr)
                << "usage: naap-bench-protocol [--dataset PATH] [--repeats N] [--cutoff K] [--no-sklearn]\n"
                   "                           [--models \"NAME;NAME\"]  (only these refits)\n";
            return help ? 0 : 2;
        }
    }
    try {
        const std::string path = resolveDatasetPath(datasetArg);
        const Dataset dataset = readTableCsv(path).dataset;
        nlohmann::json result;
        result["dataset"] = path;
        if (!only.empty()) {
            ProtocolOptions one;
            one.cutoffs = {cutoff};
            std::printf("%-30s %12s\n", "refit (5 seeds)", "naap ms");
            for (const std::string& name : parseModelList(only)) {
                one.models = {name};
                runProtocol(dataset, one); // warm-up
                std::printf("%-30s %12.2f\n", (name + " @" + std::to_string(cutoff)).c_str(),
                            timeProtocol(dataset, one, std::max(repeats, 7)) * 1e3);
            }
            return 0;
        }

        ProtocolOptions table;
        table.models = parseModelList("paper");
        table.cutoffs = {0, 3, 6, 9};
        runProtocol(dataset, table); // warm-up
        const double tableSeconds = timeProtocol(dataset, table, repeats);
        result["paper_table_s"] = tableSeconds;

        std::map<std::string, double> perModel;
        ProtocolOptions one;
        one.cutoffs = {cutoff};
        for (const std::string& name : table.models) {
            one.models = {name};
            perModel[name] = timeProtocol(dataset, one, std::max(repeats, 7));
        }
        // The interactive refit fits each ensemble family once, at N=200, and predicts the
        // smaller members from its prefixes (PRODUCT.md §7): a family costs its N=200 fit.
        std::map<std::string, double> families;
        for (const char* family : {"Gradient Boosting", "AdaBoost", "Random Forest"}) {
            one.models.clear();
            for (const char* n : {"25", "50", "100", "200"})
                one.models.push_back(std::string(family) + " (N=" + n + ")");
            families[family] = timeProtocol(dataset, one, std::max(repeats, 7));
        }
        one.models = table.models;
        const double allAtCutoff = timeProtocol(dataset, one, std::max(repeats, 7));

        double skTable = 0.0;
        nlohmann::json skPerModel;
        const std::string script = std::string(NAAP_BENCH_DIR) + "/sklearn_protocol.py";
        if (withSklearn && haveSklearn()) {
            const std::string err = runCommand("/usr/bin/python3 " + shellQuote(script) + " " + shellQuote(path) +
                                        " --cutoffs 0,3,6,9 --out /dev/null 2>&1 >/dev/null");
            skTable = nlohmann::json::parse(err.substr(err.rfind('{'))).at("seconds").get<double>();
            const std::string per = runCommand("/usr/bin/python3 " + shellQuote(script) + " " + shellQuote(path) +
                                        " --per-model --cutoffs " + std::to_string(cutoff) + " 2>/dev/null");
            skPerModel = nlohmann::json::parse(per).at("seconds");
        }

        std::printf("NAAP protocol benchmark (%s, median of %d runs)\n", path.c_str(), repeats);
        std::printf("%-30s %12s %14s %10s\n", "work", "naap ms", "sklearn ms", "ratio");
        auto line = [](const std::string& what, double ours, double ref) {
            if (ref > 0)
                std::printf("%-30s %12.2f %14.1f %9.0fx\n", what.c_str(), ours * 1e3, ref * 1e3, ref / ours);
            else
                std::printf("%-30s %12.2f %14s %10s\n", what.c_str(), ours * 1e3, "-", "-");
        };
        line("paper table (480 fits)", tableSeconds, skTable);
        result["sklearn_paper_table_s"] = skTable;
        result["paper_table_speedup"] = skTable > 0 ? skTable / tableSeconds : 0.0;
        nlohmann::json refits;
        double skAll = 0.0;
        for (const std::string& name : table.models) {
            const double ref = skPerModel.contains(name) ? skPerModel[name].get<double>() : 0.0;
            skAll += ref;
            line(name + " @" + std::to_string(cutoff), perModel[name], ref);
            refits[name] = {{"ms", perModel[name] * 1e3}, {"sklearn_ms", ref * 1e3}};
        }
        for (const auto& [family, seconds] : families) {
            double ref = 0.0;
            for (const char* n : {"25", "50", "100", "200"}) {
                const std::string name = family + " (N=" + n + ")";
                ref += skPerModel.contains(name) ? skPerModel[name].get<double>() : 0.0;
            }
            line(family + " N=25..200 @" + std::to_string(cutoff), seconds, ref);
            result["family_refit_ms"][family] = seconds * 1e3;
        }
        line("all 24 @" + std::to_string(cutoff), allAtCutoff, skAll);
        result["refit_cutoff"] = cutoff;
        result["refit_ms"] = refits;
        result["all24_refit_ms"] = allAtCutoff * 1e3;
        result["sklearn_all24_refit_ms"] = skAll * 1e3;
        std::cout << result.dump() << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "naap-bench-protocol: " << e.what() << "\n";
        return 1;
    }
}
