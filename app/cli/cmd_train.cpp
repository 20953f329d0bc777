// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <algorithm>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <mutex>

#include "cli_args.h"
#include "commands.h"
#include "naap/core/data/cifar.h"
#include "naap/core/error.h"
#include "naap/core/train/trainer.h"

namespace naap::cli {

const char* const kTrainHelp =
    "Usage: naap train --schemes FILE --ids LIST --data DIR --out DIR [--epochs E]\n"
    "                  [--device auto|cpu|cuda[:i]] [--threads N] [--cohort M] [--concurrent K]\n"
    "                  [--resume]\n"
    "\n"
    "Trains architectures of a schemes file on CIFAR-10 with the paper's recipe (SGD,\n"
    "lr 0.1 decayed x0.1 per epoch and restarted every 3 epochs, momentum 0.9, weight\n"
    "decay 1e-4, batch 256, seed 20220819). Each model writes its raw log\n"
    "OUT/scheme_<id>.txt in the published format, flushed line by line (naap logs2csv\n"
    "reads them), and a checkpoint OUT/scheme_<id>.ckpt after every epoch. Ctrl-C stops\n"
    "between batches; --resume continues every model from its last complete epoch.\n"
    "\n"
    "Options:\n"
    "  --schemes FILE   schemes JSON (ModelId N is entry N), e.g. generated_schemes.json\n"
    "  --ids LIST       ModelIds to train, e.g. 1,5,10-12\n"
    "  --data DIR       CIFAR-10 binary data: DIR or DIR/cifar-10-batches-bin (see\n"
    "                   'naap fetch', or 'naap synth-cifar' for synthetic data)\n"
    "  --out DIR        folder for logs and checkpoints (created when missing)\n"
    "  --epochs E       epochs per model (default 90)\n"
    "  --device D       auto (CUDA when available, else CPU; the default), cpu, cuda or\n"
    "                   cuda:<index>; without CUDA a cuda request falls back to the CPU\n"
    "  --threads N      CPU threads for LibTorch (default: LibTorch's choice)\n"
    "  --cohort M       models trained as one network whose layers compute them all\n"
    "                   at once (each model's arithmetic is its own; default 512 on\n"
    "                   CUDA, 1 on the CPU, where 1 trains each model alone; a smaller\n"
    "                   cohort needs less GPU memory)\n"
    "  --concurrent K   on CUDA, models (or cohorts) trained at once, one stream each\n"
    "                   (default 8)\n"
    "  --resume         continue from the checkpoints in OUT (without it, existing logs\n"
    "                   or checkpoints there are an error); a checkpoint resumes only\n"
    "                   with its scheme, seed, batch size and data, and a log of\n"
    "                   complete epochs needs its checkpoint\n"
    "  -h, --help       show this help\n"
    "\n"
    "Progress goes to standard error when it is a terminal. Exit status 130 when stopped.\n";

namespace {

const std::string kCommand = "train";

core::CancelToken& cancelToken()
{
    static core::CancelToken token;
    return token;
}

// The first Ctrl-C (or SIGTERM) asks the trainer to stop between batches; a second one kills.
extern "C" void onStopSignal(int signal)
{
    cancelToken().cancel();
    std::signal(signal, SIG_DFL);
}

// "1,5,10-12" → {1, 5, 10, 11, 12}: order kept, duplicates dropped, each in 1..count.
std::vector<int> parseIds(const std::string& text, std::size_t count)
{
    const auto bad = [&](const std::string& why) {
        return UsageError(kCommand, "Bad --ids '" + text + "': " + why + " (expected e.g. 1,5,10-12).");
    };
    // One end of an item; the whole item is named when it is not a number, since "-1" splits
    // into "" and "1".
    const auto number = [&](const std::string& s, const std::string& item) {
        unsigned long long id = 0;
        const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), id);
        if (s.empty() || error != std::errc() || end != s.data() + s.size())
            throw bad("'" + item + "' is not a ModelId from 1 to " + std::to_string(count) + " or a range of them");
        return id;
    };
    const auto check = [&](unsigned long long id) {
        if (id < 1 || id > count)
            throw bad("ModelId " + std::to_string(id) + " is outside 1.." + std::to_string(count) +
                      " (the schemes file holds " + std::to_string(count) + ")");
    };
    std::vector<int> ids;
    std::vector<bool> listed(count + 1); // not a search of `ids`: a schemes file may hold a million
    std::size_t begin = 0;
    while (begin <= text.size()) {
        std::size_t end = text.find(',', begin);
        if (end == std::string::npos)
            end = text.size();
        const std::string item = text.substr(begin, end - begin);
        if (item.empty())
            throw bad("an item is empty");
        const auto dash = item.find('-');
        const auto first = number(item.substr(0, dash), item);
        const auto last = dash == std::string::npos ? first : number(item.substr(dash + 1), item);
        if (last < first)
            throw bad("the range " + item + " runs backwards");
        check(first);
        check(last);
        for (auto id = first; id <= last; ++id)
            if (!listed[id]) {
                listed[id] = true;
                ids.push_back(static_cast<int>(id));
            }
        begin = end + 1;
    }
    return ids;
}

bool validDeviceName(const std::string& name)
{
    if (name == "auto" || name == "cpu" || name == "cuda")
        return true;
    const std::string digits = name.rfind("cuda:", 0) == 0 ? name.substr(5) : std::string();
    return !digits.empty() && digits.size() <= 4 && digits.find_first_not_of("0123456789") == std::string::npos;
}

std::string formatDuration(double seconds)
{
    if (seconds < 0)
        return "?";
    const auto s = static_cast<long long>(seconds + 0.5);
    char buffer[32];
    if (s >= 3600)
        std::snprintf(buffer, sizeof buffer, "%lldh%02lldm", s / 3600, s / 60 % 60);
    else if (s >= 60)
        std::snprintf(buffer, sizeof buffer, "%lldm%02llds", s / 60, s % 60);
    else
        std::snprintf(buffer, sizeof buffer, "%llds", s);
    return buffer;
}

// Progress on one terminal line, at most ten times a second; epoch summaries on lines of their own.
class TerminalProgress {
public:
    void update(const core::TrainProgress& p)
    {
        std::lock_guard lock(m_mutex);
        const auto now = std::chrono::steady_clock::now();
        if (p.batch != p.batches && now - m_last < std::chrono::milliseconds(100))
            return;
        m_last = now;
        std::fprintf(stderr, "\r\033[KModelId %d: epoch %d/%d, batch %d/%d, %3.0f%%, ETA %s", p.modelId, p.epoch,
                     p.epochs, p.batch, p.batches, 100.0 * p.fraction, formatDuration(p.etaSeconds).c_str());
        std::fflush(stderr);
    }
    void epoch(const core::EpochResult& r)
    {
        std::lock_guard lock(m_mutex);
        std::fprintf(stderr, "\r\033[KModelId %d: epoch %d done, loss %.4f, test accuracy %.4f (%.1f s)\n", r.modelId,
                     r.epoch, r.lossMean, r.accuracy, r.seconds);
        std::fflush(stderr);
    }

private:
    std::mutex m_mutex;
    std::chrono::steady_clock::time_point m_last{};
};

} // namespace

int runTrain(const std::vector<std::string>& args)
{
    const ParsedArgs parsed = parseArgs(kCommand, args,
                                        {{"schemes", true, kFileValue}, {"ids", true}, {"epochs", true},
                                         {"data", true, kFolderValue}, {"out", true, kFolderValue},
                                         {"device", true}, {"threads", true}, {"concurrent", true},
                                         {"cohort", true}, {"resume", false}});
    const std::string schemesPath = parsed.required("schemes");
    const std::string idsText = parsed.required("ids");
    const std::string dataDir = parsed.required("data");
    core::TrainOptions options;
    options.outDir = parsed.required("out");
    if (const auto epochs = parsed.value("epochs"))
        options.epochs = static_cast<int>(parseCount(kCommand, "--epochs", *epochs, 1, 100000));
    options.device = parsed.value("device").value_or("auto");
    if (!validDeviceName(options.device))
        throw UsageError(kCommand, "Unknown --device '" + options.device +
                                       "' (expected auto, cpu, cuda or cuda:<index>).");
    if (const auto threads = parsed.value("threads"))
        options.threads = static_cast<int>(parseCount(kCommand, "--threads", *threads, 1024));
    if (const auto concurrent = parsed.value("concurrent"))
        options.concurrentModels = static_cast<int>(parseCount(kCommand, "--concurrent", *concurrent, 1, 1024));
    if (const auto cohort = parsed.value("cohort"))
        options.cohortSize = static_cast<int>(parseCount(kCommand, "--cohort", *cohort, 1, 100000));
    options.resume = parsed.has("resume");

    const std::vector<core::Scheme> schemes = core::readSchemesJson(schemesPath);
    std::vector<core::TrainJob> jobs;
    for (const int id : parseIds(idsText, schemes.size()))
        jobs.push_back({id, schemes[static_cast<std::size_t>(id - 1)]});
    // Usage first, then the trainer (it loads LibTorch), then the data, which may be large.
    core::requireTrainer();

    const core::CifarData data = core::readCifar(dataDir);
    if (data.synthetic)
        std::cerr << "naap: warning: " << data.folder << " holds synthetic CIFAR-format data ("
                  << core::kSyntheticMarkerFile << "): the accuracies are not CIFAR-10 results.\n";
    core::Trainer trainer(data, options);

    const bool terminal = stderrIsTerminal();
    TerminalProgress progress;
    core::TrainControl control;
    control.cancel = &cancelToken();
    if (terminal) {
        control.progress = [&](const core::TrainProgress& p) { progress.update(p); };
        control.epochFinished = [&](const core::EpochResult& r) { progress.epoch(r); };
    }
    std::signal(SIGINT, onStopSignal);
    std::signal(SIGTERM, onStopSignal);
    core::TrainReport report;
    try {
        report = trainer.train(jobs, control);
    } catch (const core::Cancelled&) {
        std::cerr << (terminal ? "\r\033[K" : "")
                  << "naap: training stopped; run the same command with --resume to continue from the last "
                     "complete epoch.\n";
        throw;
    }
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);

    std::cout << "Trained " << report.models.size() << (report.models.size() == 1 ? " model" : " models") << " on "
              << report.device << (data.synthetic ? " (synthetic data)" : "") << ":\n";
    for (const core::ModelTrainReport& m : report.models) {
        std::cout << "  ModelId " << m.modelId << ": " << m.epochsDone << " epochs";
        if (m.resumedFrom > 0 && m.epochs.empty())
            std::cout << " (already logged; nothing to train for --epochs " << options.epochs << ")";
        else if (m.resumedFrom > 0)
            std::cout << " (resumed after epoch " << m.resumedFrom << ")";
        if (!m.epochs.empty())
            std::cout << ", last test accuracy " << m.epochs.back().accuracy;
        std::cout << ", log " << m.logPath << '\n';
    }
    return kExitOk;
}

} // namespace naap::cli
