// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "train/torch/cohort_run.h"

#include <algorithm>
#include <atomic>
#include <c10/core/impl/VirtualGuardImpl.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <thread>

#include "naap/core/data/cifar.h"
#include "naap/core/error.h"
#include "naap/core/log.h"
#include "train/torch/cohort_net.h"
#include "train/torch/fast_path_switch.h"
#include "train/torch/step_trace.h"
#include "train/torch/worker_threads.h"

namespace naap::core::detail {

namespace {

using Clock = std::chrono::steady_clock;

// Test images per forward pass: a cohort's activations grow with its members, so fewer at once.
std::int64_t testChunk(std::size_t members)
{
    return std::clamp<std::int64_t>(20000 / static_cast<std::int64_t>(members), 256, 2500);
}

// The layout a cohort computes in. Plain NCHW took 18 % less time per step than channels-last
// for a cohort of all 440 NAAP-440 models on an H200 (its grouped convolutions, BatchNorms and
// channel gathers all were quicker); NAAP_TRAIN_COHORT_LAYOUT=nhwc computes channels-last,
// =cnhw channel-major.
CohortNet::Layout cohortLayout()
{
    if (!fastPathOn("NAAP_TRAIN_COHORT_LAYOUT", "nhwc"))
        return CohortNet::Layout::ChannelsLast;
    if (!fastPathOn("NAAP_TRAIN_COHORT_LAYOUT", "cnhw"))
        return CohortNet::Layout::ChannelMajor;
    return CohortNet::Layout::Nchw;
}

// The network's input in the cohort's layout (one copy of the batch when it differs).
torch::Tensor cohortImages(const DeviceData& data, const torch::Tensor& rows, bool channelsLast)
{
    const torch::Tensor images = imagesView(data, rows);
    return channelsLast ? images : images.contiguous();
}

// Each member's share of correct test images.
std::vector<double> evaluateCohort(CohortNet& net, const DeviceData& data, bool channelsLast)
{
    c10::InferenceMode inference;
    const std::int64_t n = data.testImages.size(0);
    const auto members = static_cast<std::int64_t>(net.size());
    torch::Tensor correct = torch::zeros({members}, torch::TensorOptions().dtype(torch::kLong).device(data.device));
    const std::int64_t chunk = testChunk(net.size());
    for (std::int64_t begin = 0; begin < n; begin += chunk) {
        const std::int64_t end = std::min(n, begin + chunk);
        const torch::Tensor logits =
            net.forward(cohortImages(data, data.testImages.slice(0, begin, end), channelsLast), false);
        correct += logits.argmax(2).eq(data.testLabels.slice(0, begin, end).unsqueeze(0)).sum(1);
    }
    const torch::Tensor host = correct.to(torch::kCPU);
    std::vector<double> accuracy;
    for (std::int64_t m = 0; m < members; ++m)
        accuracy.push_back(static_cast<double>(host[m].item<std::int64_t>()) / static_cast<double>(n));
    return accuracy;
}

// The members' momentum buffers by parameter name; `create` makes them where missing.
std::vector<std::map<std::string, torch::Tensor>> memberMomenta(const std::vector<ModelRun*>& runs, bool create)
{
    std::vector<std::map<std::string, torch::Tensor>> out(runs.size());
    for (std::size_t m = 0; m < runs.size(); ++m) {
        SchemeNet& net = runs[m]->net;
        const std::vector<torch::Tensor> parameters = net->parameters();
        const std::vector<torch::Tensor> buffers = create ? ensureMomentumBuffers(*runs[m]->optimizer, parameters)
                                                          : momentumBuffers(*runs[m]->optimizer, parameters);
        if (buffers.empty())
            continue;
        std::size_t i = 0;
        for (const auto& p : net->named_parameters())
            out[m][p.key()] = buffers[i++];
    }
    return out;
}

// Runs fn(0), …, fn(count − 1) on up to 8 threads (a cohort's checkpoints: each member's is
// serialised on the CPU, 2.5 ms apiece for 440 models on an H200's host, 1.1 s an epoch one after
// another). On CUDA each thread works on the caller's stream, so that its copies follow the
// caller's work. Rethrows the first exception once all threads have stopped.
void inParallel(std::size_t count, const DeviceData& data, const std::function<void(std::size_t)>& fn)
{
    const std::size_t threads =
        std::min<std::size_t>({count, 8, std::max<std::size_t>(1, std::thread::hardware_concurrency())});
    std::optional<c10::Stream> stream;
    if (data.device.is_cuda())
        stream = c10::impl::VirtualGuardImpl(data.device.type()).getStream(data.device);
    std::atomic<bool> failed{false};
    const std::vector<std::exception_ptr> errors =
        runOnThreads(count, threads, [&] { return stream; }, [] { return true; }, failed, fn);
    for (const std::exception_ptr& e : errors)
        if (e)
            std::rethrow_exception(e);
}

// Runs fn on the first batch's images and labels, then puts every parameter, BatchNorm
// statistic and momentum back as it was (the probe and the trace measure steps that must not
// count as training).
void onFirstBatchRestored(CohortNet& cohort, const DeviceData& data, const TrainOptions& options,
                          std::vector<torch::Tensor>& momenta,
                          const std::function<void(const torch::Tensor&, const torch::Tensor&)>& fn)
{
    const std::vector<torch::Tensor> saved = cohort.snapshot();
    std::vector<torch::Tensor> savedMomenta;
    for (const torch::Tensor& m : momenta)
        savedMomenta.push_back(m.clone());
    const torch::Tensor rows =
        torch::arange(options.batchSize, torch::TensorOptions().dtype(torch::kLong).device(data.device));
    fn(data.trainImages.index_select(0, rows), data.trainLabels.index_select(0, rows));
    cohort.restore(saved);
    torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < momenta.size(); ++i)
        momenta[i].copy_(savedMomenta[i]);
}

using CohortStep = std::function<torch::Tensor(const torch::Tensor&, const torch::Tensor&, double)>;

// NAAP_TRAIN_COHORT_PROBE=1 (to measure): the parts of a step, each synchronised and timed, over
// steps 3–5 of five eager ones on the first batch, logged. `timer` is the hook that `step`
// calls after its loss, backward and SGD.
void probeCohortStep(CohortNet& cohort, const DeviceData& data, const TrainOptions& options,
                     std::vector<torch::Tensor>& momenta, std::function<void(const char*)>& timer,
                     const CohortStep& step)
{
    const std::vector<torch::Tensor>& parameters = cohort.parameters();
    const auto size = static_cast<std::int64_t>(cohort.size());
    const auto sync = [&] {
        if (data.device.is_cuda())
            torch::cuda::synchronize(data.device.index());
    };
    std::map<std::string, double> seconds;
    Clock::time_point last;
    timer = [&](const char* part) {
        sync();
        const auto now = Clock::now();
        seconds[part] += std::chrono::duration<double>(now - last).count();
        last = now;
    };
    cohort.setTimer(timer);
    onFirstBatchRestored(cohort, data, options, momenta, [&](const torch::Tensor& images, const torch::Tensor& labels) {
        for (int i = 0; i < 5; ++i) {
            if (i == 2)
                seconds.clear();
            for (const torch::Tensor& p : parameters)
                p.mutable_grad() = torch::Tensor();
            sync();
            last = Clock::now();
            step(images, labels, options.learningRate);
        }
    });
    timer = nullptr;
    cohort.setTimer(nullptr);
    std::string line = "Cohort probe, " + std::to_string(size) + " models, ms per step:";
    double total = 0;
    for (const auto& [part, s] : seconds) {
        char item[96];
        std::snprintf(item, sizeof item, " %s %.2f;", part.c_str(), s / 3 * 1e3);
        line += item;
        total += s / 3;
    }
    char sum[48];
    std::snprintf(sum, sizeof sum, " total %.2f.", total * 1e3);
    naap::core::log(LogLevel::Info, line + sum);
}

// NAAP_TRAIN_COHORT_TRACE=PATH (to measure): two eager steps on the first batch, then three
// traced ones (kernels and operators, see traceSteps), written to PATH.
void traceCohortSteps(const std::string& path, CohortNet& cohort, const DeviceData& data,
                      const TrainOptions& options, std::vector<torch::Tensor>& momenta, const CohortStep& step)
{
    onFirstBatchRestored(cohort, data, options, momenta, [&](const torch::Tensor& images, const torch::Tensor& labels) {
        const auto once = [&] {
            for (const torch::Tensor& p : cohort.parameters())
                p.mutable_grad() = torch::Tensor();
            step(images, labels, options.learningRate);
        };
        once();
        once();
        traceSteps(path, 3, data.device.is_cuda(), once);
    });
}

} // namespace

void trainCohort(const std::vector<ModelRun*>& runs, const DeviceData& data, const TrainOptions& options,
                 const TrainControl& control, const std::function<bool()>& stopRequested)
{
    if (runs.empty())
        return;
    const int resumedFrom = runs.front()->report.resumedFrom;
    std::vector<CohortNet::Member> members;
    for (ModelRun* run : runs) {
        if (run->report.resumedFrom != resumedFrom)
            throw std::logic_error("The models of a cohort must resume from the same epoch.");
        members.push_back({&run->job.scheme, run->net});
    }
    const CohortNet::Layout layout = cohortLayout();
    const bool channelsLast = layout == CohortNet::Layout::ChannelsLast;
    CohortNet cohort(members, layout);
    const auto size = static_cast<std::int64_t>(runs.size());
    const std::vector<torch::Tensor>& parameters = cohort.parameters();

    // Momentum buffers: a resumed model's come from its checkpoint; fresh ones start at zero,
    // which the first step turns into the first gradient, as torch::optim::SGD's first step does.
    std::vector<torch::Tensor> momenta;
    {
        torch::NoGradGuard noGrad;
        const auto stored = memberMomenta(runs, false);
        const bool all = std::none_of(stored.begin(), stored.end(), [](const auto& m) { return m.empty(); });
        if (resumedFrom > 0 && all) {
            momenta = cohort.gather([&](std::size_t m, const std::string& name) { return stored[m].at(name); });
        } else {
            for (const torch::Tensor& p : parameters)
                momenta.push_back(torch::zeros_like(p));
        }
    }

    // One step trains every member on the batch: the members' mean losses are summed, so each
    // member's gradient is that of its own loss.
    std::function<void(const char*)> timer; // the probe's, below
    const auto note = [&](const char* part) {
        if (timer)
            timer(part);
    };
    const auto trainStep = [&](const torch::Tensor& images, const torch::Tensor& labels, double lr) {
        const torch::Tensor logits = cohort.forward(cohortImages(data, images, channelsLast), true);
        const std::int64_t batch = labels.size(0);
        const torch::Tensor losses = torch::nn::functional::cross_entropy(logits.reshape({size * batch, kCifarClasses}),
            labels.repeat({size}), torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone))
                                         .view({size, batch})
                                         .mean(1);
        note("loss");
        losses.sum().backward();
        note("backward");
        foreachSgdStep(parameters, momenta, lr, options.momentum, options.weightDecay);
        note("sgd");
        return losses.detach();
    };
    if (const char* probe = std::getenv("NAAP_TRAIN_COHORT_PROBE"); probe != nullptr && std::string(probe) == "1") {
        naap::core::log(LogLevel::Info, "Cohort: " + cohort.describe() + ".");
        probeCohortStep(cohort, data, options, momenta, timer, trainStep);
    }
    if (const char* trace = std::getenv("NAAP_TRAIN_COHORT_TRACE"); trace != nullptr && *trace != '\0')
        traceCohortSteps(trace, cohort, data, options, momenta, trainStep);
    StepRunner runner(data, options, parameters, {size}, "A cohort of " + std::to_string(size) + " models", trainStep);

    const int batches = batchesPerEpoch(data, options);
    const auto started = Clock::now();
    long long batchesRun = 0;
    for (int epoch = resumedFrom + 1; epoch <= options.epochs; ++epoch) {
        const auto epochStarted = Clock::now();
        const double lr = learningRateForEpoch(options.learningRate, epoch);
        for (ModelRun* run : runs)
            beginEpoch(*run, epoch, lr);
        const torch::Tensor losses = trainEpochBatches(
            data, options, epoch, {size},
            [&](const torch::Tensor& rows, torch::Tensor loss) { runner.run(rows, lr, loss); },
            [&](int batch) {
                ++batchesRun;
                if (control.progress)
                    for (const ModelRun* run : runs)
                        control.progress(progressOf(*run, options, epoch, batch, batches, batchesRun, started));
            },
            stopRequested);

        const auto cudaWork = holdCudaWork(data); // the epoch's end reads back, evaluates and saves
        const torch::Tensor host = losses.to(torch::kCPU).to(torch::kDouble).contiguous(); // the one read-back
        const auto trained = Clock::now();
        const double* values = host.data_ptr<double>();
        std::vector<EpochResult> results;
        for (std::size_t m = 0; m < runs.size(); ++m) {
            std::vector<double> column(static_cast<std::size_t>(batches));
            for (int b = 0; b < batches; ++b)
                column[static_cast<std::size_t>(b)] = values[static_cast<std::size_t>(b) * runs.size() + m];
            results.push_back(logEpochLosses(*runs[m], epoch, lr, column));
        }
        if (stopRequested())
            throw Cancelled();
        const std::vector<double> accuracy = evaluateCohort(cohort, data, channelsLast);
        const auto tested = Clock::now();
        // The members' own networks and optimizers hold what their checkpoints save.
        cohort.storeIntoMembers(batches);
        const auto memberBuffers = memberMomenta(runs, true);
        cohort.scatter(momenta, [&](std::size_t m, const std::string& name) { return memberBuffers[m].at(name); });
        inParallel(runs.size(), data, [&](std::size_t m) {
            finishEpoch(*runs[m], options, results[m], accuracy[m], epochStarted, control);
        });
        const auto seconds = [](Clock::time_point a, Clock::time_point b) {
            return std::chrono::duration<double>(b - a).count();
        };
        char line[160];
        std::snprintf(line, sizeof line,
            "A cohort of %lld models, epoch %d: training %.3f s, test %.3f s, checkpoints %.3f s.",
            static_cast<long long>(size), epoch, seconds(epochStarted, trained), seconds(trained, tested),
            seconds(tested, Clock::now()));
        naap::core::log(LogLevel::Info, line);
    }
}

} // namespace naap::core::detail
