// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// naap-bench-train: times training epochs (train + test) of the largest NAAP-440 network
// (ModelId 432) and the smallest (fewest MACs) with our trainer, and the same work in plain
// PyTorch (bench/torch_epoch.py, when the Python has torch) in the same run; prints figures,
// the ratio ours / PyTorch (PRODUCT.md §7 asks for <= 0.5 on the CPU) and one JSON line.
// With --ninety and --campaign it also times one model's full run and many models at once
// (the CUDA figures of bench/gpu/run.sh).
#include <algorithm>
#include <array>
#include <cstdlib>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <unistd.h>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_support.h"

#include "naap/core/data/cifar.h"
#include "naap/core/data/search_space.h"
#include "naap/core/error.h"
#include "naap/core/log.h"
#include "naap/core/train/trainer.h"

namespace {

using naap::bench::median;
using naap::bench::runCommand;
using naap::bench::shellQuote;

using namespace naap::core;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kLargestModelId = 432;

const char* const kUsage =
    "usage: naap-bench-train [--train-images N] [--test-images M] [--data DIR] [--threads T]\n"
    "                        [--device cpu|cuda[:i]] [--epochs E] [--ids LIST|none] [--no-python]\n"
    "                        [--python EXE] [--python-epochs E] [--rounds R] [--ninety ID] [--campaign N]\n"
    "                        [--campaign-epochs E] [--concurrent K] [--cohort M] [--json-out FILE]\n"
    "Defaults: 10240 training and 2048 test images of synthetic data (a full CIFAR-size set\n"
    "is --train-images 50000 --test-images 10000), 2 threads, cpu, 3 epochs per model (the\n"
    "first is a warm-up and not counted), ModelIds 432 and the smallest network. With PyTorch,\n"
    "R rounds (default 2) each train ours, then run PyTorch's plain layout, so that a\n"
    "machine whose speed drifts weighs on both alike; the medians are over all rounds' epochs,\n"
    "and PyTorch's channels-last run follows once. A campaign of N models trains ModelIds\n"
    "spread evenly over 1..440.\n";

struct BenchOptions {
    std::size_t trainImages = 10240;
    std::size_t testImages = 2048;
    std::string data;               // an existing CIFAR folder instead of generated data
    int threads = 2;
    std::string device = "cpu";
    int epochs = 3;                 // per model; epoch 1 is a warm-up
    std::vector<int> ids;           // empty: 432 and the smallest
    bool epochTimes = true;         // false (--ids none): only --ninety / --campaign
    bool python = true;
    std::string pythonExe = "/usr/bin/python3";
    int pythonEpochs = 3;
    int rounds = 2;                 // ours, then PyTorch's plain layout, this many times in turn
    int ninetyId = 0;               // > 0: one model's 90 epochs
    int campaign = 0;               // > 0: ModelIds 1..N trained together
    int campaignEpochs = 3;
    int concurrent = 4;
    int cohort = 0;                 // TrainOptions::cohortSize (0: the trainer's choice)
    std::string jsonOut;
};

int smallestModelId(const std::vector<Scheme>& schemes)
{
    int best = 1;
    for (std::size_t i = 1; i < schemes.size(); ++i)
        if (profileScheme(schemes[i]).numMACs < profileScheme(schemes[best - 1]).numMACs)
            best = static_cast<int>(i) + 1;
    return best;
}

std::vector<int> parseIds(const std::string& text)
{
    std::vector<int> ids;
    std::size_t begin = 0;
    while (begin < text.size()) {
        const std::size_t end = std::min(text.find(',', begin), text.size());
        ids.push_back(std::stoi(text.substr(begin, end - begin)));
        begin = end + 1;
    }
    return ids;
}

BenchOptions parseArgs(int argc, char** argv)
{
    BenchOptions o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                throw InvalidArgument(a + " needs a value.");
            return argv[++i];
        };
        if (a == "--train-images") o.trainImages = std::stoul(value());
        else if (a == "--test-images") o.testImages = std::stoul(value());
        else if (a == "--data") o.data = value();
        else if (a == "--threads") o.threads = std::stoi(value());
        else if (a == "--device") o.device = value();
        else if (a == "--epochs") o.epochs = std::max(1, std::stoi(value()));
        else if (a == "--ids") {
            const std::string ids = value();
            o.epochTimes = ids != "none";
            if (o.epochTimes)
                o.ids = parseIds(ids);
        }
        else if (a == "--no-python") o.python = false;
        else if (a == "--python") o.pythonExe = value();
        else if (a == "--python-epochs") o.pythonEpochs = std::max(1, std::stoi(value()));
        else if (a == "--rounds") o.rounds = std::max(1, std::stoi(value()));
        else if (a == "--ninety") o.ninetyId = std::stoi(value());
        else if (a == "--campaign") o.campaign = std::stoi(value());
        else if (a == "--campaign-epochs") o.campaignEpochs = std::max(1, std::stoi(value()));
        else if (a == "--concurrent") o.concurrent = std::max(1, std::stoi(value()));
        else if (a == "--cohort") o.cohort = std::max(1, std::stoi(value()));
        else if (a == "--json-out") o.jsonOut = value();
        else throw InvalidArgument("unknown argument " + a);
    }
    return o;
}

// Trains `ids` for `epochs` in a fresh output folder; returns the report and the wall time.
TrainReport trainIds(const CifarData& data, const std::vector<Scheme>& schemes, const std::vector<int>& ids,
                     TrainOptions options, const fs::path& outDir, double& seconds)
{
    options.outDir = outDir.string();
    fs::remove_all(outDir);
    std::vector<TrainJob> jobs;
    for (int id : ids)
        jobs.push_back({id, schemes.at(static_cast<std::size_t>(id - 1))});
    Trainer trainer(data, options);
    const auto t0 = Clock::now();
    TrainReport report = trainer.train(jobs);
    seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return report;
}

// Median epoch seconds of the plain PyTorch script; empty JSON when it did not run.
nlohmann::json pythonEpoch(const BenchOptions& o, const std::string& folder, const Scheme& scheme,
                           bool channelsLast, const std::string& device)
{
    const std::string script = std::string(NAAP_BENCH_DIR) + "/torch_epoch.py";
    const std::string command = o.pythonExe + " " + shellQuote(script) + " " + shellQuote(folder) + " --scheme " +
                                shellQuote(schemeToJson(scheme)) + " --threads " + std::to_string(o.threads) +
                                " --epochs " + std::to_string(o.pythonEpochs) + " --device " + device +
                                // The test pass in the trainer's chunks: 256 images a pass on the CPU.
                                (device == "cpu" ? " --test-chunk 256" : "") +
                                (channelsLast ? " --channels-last" : "") + " 2>/dev/null";
    const std::string out = runCommand(command);
    const auto brace = out.rfind('{');
    if (brace == std::string::npos)
        return {};
    nlohmann::json j = nlohmann::json::parse(out.substr(brace));
    j["median_epoch_s"] = median(j.at("epoch_s").get<std::vector<double>>());
    return j;
}

bool pythonHasTorch(const std::string& exe)
{
    return runCommand(exe + " -c 'import torch; print(torch.__version__)' 2>/dev/null").size() > 2;
}

} // namespace

int main(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
        if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
            std::cout << kUsage;
            return 0;
        }
    BenchOptions o;
    try {
        o = parseArgs(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "naap-bench-train: " << e.what() << "\n" << kUsage;
        return 2;
    }
    setLogSink([](LogLevel level, const std::string& message) { // Info: e.g. a cohort's epoch phases
        if (level >= LogLevel::Info)
            std::cerr << message << "\n";
    });
    try {
        const fs::path work = fs::temp_directory_path() / ("naap-bench-train-" + std::to_string(::getpid()));
        std::string folder = o.data;
        if (folder.empty())
            folder = writeSyntheticCifar((work / "data").string(), {o.trainImages, o.testImages, 20220819});
        const CifarData data = readCifar(folder);
        const std::vector<Scheme> schemes = generateSchemes(naap440SearchSpace());
        std::vector<int> ids = o.ids;
        if (ids.empty() && o.epochTimes)
            ids = {kLargestModelId, smallestModelId(schemes)};

        TrainOptions options;
        options.device = o.device;
        options.threads = o.threads;
        options.concurrentModels = o.concurrent;
        options.cohortSize = o.cohort;
        const std::string device = resolveTrainDevice(o.device);
        const bool cuda = device.rfind("cuda", 0) == 0;
        nlohmann::json result = {{"device", device}, {"threads", o.threads}, {"train_images", data.train.size()},
                                 {"test_images", data.test.size()}, {"batch", options.batchSize}};
        if (cuda) { // graphs are on unless NAAP_TRAIN_CUDA_GRAPHS=0 (and the build has them)
            const char* graphs = std::getenv("NAAP_TRAIN_CUDA_GRAPHS");
            result["cuda_graphs"] = graphs == nullptr || std::string(graphs) != "0";
        }

        const bool python = o.python && pythonHasTorch(o.pythonExe);
        if (o.python && !python)
            std::printf("PyTorch reference skipped: %s cannot import torch.\n", o.pythonExe.c_str());
        std::printf("NAAP training benchmark on %s, %d threads, %zu training / %zu test images, batch %d\n",
                    device.c_str(), o.threads, data.train.size(), data.test.size(), options.batchSize);
        std::printf("%-8s %10s %10s %12s %10s %10s %10s %8s\n", "ModelId", "MACs", "ours s", "ours img/s",
                    "torch s", "torch CL s", "ratio", "ratio CL");

        nlohmann::json models = nlohmann::json::array();
        for (int id : ids) {
            const Scheme& scheme = schemes.at(static_cast<std::size_t>(id - 1));
            options.epochs = o.epochs;
            const std::string pyDevice = cuda ? "cuda" : "cpu";
            std::vector<double> epochs, torchEpochs;
            nlohmann::json torchRun;
            for (int round = 0; round < (python ? o.rounds : 1); ++round) {
                double total = 0;
                const TrainReport report = trainIds(data, schemes, {id}, options, work / "out", total);
                for (const EpochResult& e : report.models.front().epochs)
                    if (e.epoch > 1 || o.epochs == 1)
                        epochs.push_back(e.seconds);
                if (python) {
                    torchRun = pythonEpoch(o, folder, scheme, false, pyDevice);
                    for (const double t : torchRun.value("epoch_s", std::vector<double>{}))
                        torchEpochs.push_back(t);
                }
            }
            const double ours = median(epochs);
            nlohmann::json m = {{"model_id", id}, {"macs", profileScheme(scheme).numMACs}, {"epoch_s", epochs},
                                {"median_epoch_s", ours},
                                {"images_per_s", static_cast<double>(data.train.size()) / ours}};
            double ref = 0, refCl = 0;
            if (python) {
                if (!torchEpochs.empty()) {
                    torchRun["epoch_s"] = torchEpochs;
                    torchRun["median_epoch_s"] = median(torchEpochs);
                    torchRun["rounds"] = o.rounds;
                }
                m["pytorch"] = torchRun;
                m["pytorch_channels_last"] = pythonEpoch(o, folder, scheme, true, pyDevice);
                ref = m["pytorch"].value("median_epoch_s", 0.0);
                refCl = m["pytorch_channels_last"].value("median_epoch_s", 0.0);
                m["ratio"] = ref > 0 ? ours / ref : 0.0;
                m["ratio_channels_last"] = refCl > 0 ? ours / refCl : 0.0;
            }
            std::printf("%-8d %10.0f %10.3f %12.0f %10.3f %10.3f %10.2f %8.2f\n", id, m["macs"].get<double>(), ours,
                        m["images_per_s"].get<double>(), ref, refCl, ref > 0 ? ours / ref : 0.0,
                        refCl > 0 ? ours / refCl : 0.0);
            models.push_back(m);
        }
        result["models"] = models;

        if (o.ninetyId > 0) {
            options.epochs = 90;
            double seconds = 0;
            const TrainReport report = trainIds(data, schemes, {o.ninetyId}, options, work / "out", seconds);
            std::vector<double> epochs;
            for (const EpochResult& e : report.models.front().epochs)
                epochs.push_back(e.seconds);
            std::printf("ModelId %d, 90 epochs: %.2f s (median epoch %.3f s)\n", o.ninetyId, seconds, median(epochs));
            result["ninety"] = {{"model_id", o.ninetyId}, {"seconds", seconds}, {"median_epoch_s", median(epochs)},
                                {"epoch_s", epochs}};
        }
        if (o.campaign > 0) {
            // Spread over the whole search space: neighbouring ModelIds share most layers.
            std::vector<int> campaignIds;
            const int count = std::min<int>(o.campaign, static_cast<int>(schemes.size()));
            for (int i = 0; i < count; ++i)
                campaignIds.push_back(
                    1 + static_cast<int>(static_cast<long long>(i) * static_cast<long long>(schemes.size()) / count));
            options.epochs = o.campaignEpochs;
            double seconds = 0;
            const TrainReport report = trainIds(data, schemes, campaignIds, options, work / "out", seconds);
            // Per epoch number, the median over the models of that epoch's seconds: the first
            // carries each model's set-up (cuDNN's algorithm search, graph captures), and each
            // of the first three captures its learning rate's graph.
            std::vector<double> epochMedians;
            for (int e = 0; e < o.campaignEpochs; ++e) {
                std::vector<double> v;
                for (const ModelTrainReport& m : report.models)
                    if (e < static_cast<int>(m.epochs.size()))
                        v.push_back(m.epochs[static_cast<std::size_t>(e)].seconds);
                epochMedians.push_back(v.empty() ? 0.0 : median(v));
            }
            const double modelEpochs = static_cast<double>(campaignIds.size()) * o.campaignEpochs;
            const double all440x90 = seconds / modelEpochs * 440.0 * 90.0;
            // Steady state: the epochs after the set-up ones, when all models run at once.
            const std::size_t settled = o.campaignEpochs > 3 ? 3 : (o.campaignEpochs > 1 ? 1 : 0);
            const double steadyEpoch = median(
                std::vector<double>(epochMedians.begin() + static_cast<std::ptrdiff_t>(settled), epochMedians.end()));
            const double steady440x90 = steadyEpoch * 90.0 * 440.0 / static_cast<double>(campaignIds.size());
            std::printf("Campaign: %zu models x %d epochs, cohorts of %d, %d at once: %.2f s (%.1f model-epochs/s; "
                        "440 x 90 would take %.1f min; steady epoch %.2f s for all, %.1f min)\n",
                        campaignIds.size(), o.campaignEpochs, o.cohort, o.concurrent, seconds, modelEpochs / seconds,
                        all440x90 / 60.0, steadyEpoch, steady440x90 / 60.0);
            result["campaign"] = {{"models", campaignIds.size()}, {"epochs", o.campaignEpochs},
                                  {"concurrent", o.concurrent}, {"cohort", o.cohort}, {"seconds", seconds},
                                  {"model_epochs_per_s", modelEpochs / seconds},
                                  {"estimated_440x90_s", all440x90}, {"median_epoch_s_by_epoch", epochMedians},
                                  {"steady_epoch_s", steadyEpoch}, {"steady_440x90_s", steady440x90}};
        }
        fs::remove_all(work);
        std::cout << result.dump() << "\n";
        if (!o.jsonOut.empty())
            std::ofstream(o.jsonOut) << result.dump(2) << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "naap-bench-train: " << e.what() << "\n";
        return 1;
    }
}
