// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The LibTorch module of the trainer (libnaap_torch.so): device choice, the data set on the
// device, and the worker loop over the jobs. Loaded by train/trainer.cpp on first use.
#include <algorithm>
#include <atomic>
#include <c10/core/impl/VirtualGuardImpl.h>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "naap/core/error.h"
#include "naap/core/log.h"
#include "train/torch/byte_images.h"
#include "train/torch/cohort_run.h"
#include "train/torch/dnnl_layers.h"
#include "train/torch/fast_path_switch.h"
#include "train/torch/model_run.h"
#include "train/torch/scheme_net.h"
#include "train/torch/worker_threads.h"
#include "train/trainer_backend.h"

namespace naap::core::detail {

namespace {

// Uploads the uint8 pixels (4× less to move than float), then normalises on the device once,
// with the recipe's operations in its order, so that every value equals what a per-batch
// normalisation gives.
// `keptBytes`, when given, receives the uint8 pixels too.
void uploadSplit(const CifarSplit& split, const torch::Device& device, bool channelsLast, torch::Tensor& images,
                 torch::Tensor& labels, torch::Tensor* keptBytes = nullptr)
{
    const auto n = static_cast<std::int64_t>(split.size());
    auto* pixels = const_cast<std::uint8_t*>(split.pixels.data()); // from_blob only borrows
    auto* classes = const_cast<std::uint8_t*>(split.labels.data());
    const torch::Tensor bytes =
        torch::from_blob(pixels, {n, kCifarChannels, kCifarImageSide, kCifarImageSide}, torch::kUInt8)
            .to(device, /*non_blocking=*/false, /*copy=*/true);
    images = normaliseBytes(bytes);
    if (channelsLast)
        images = images.permute({0, 2, 3, 1}).contiguous();
    labels = torch::from_blob(classes, {n}, torch::kUInt8).to(torch::kLong).to(device);
    if (keptBytes != nullptr)
        *keptBytes = bytes;
}

// Channels-last is what oneDNN (CPU) and cuDNN compute in: NCHW tensors are reordered at every
// convolution. NAAP_TRAIN_MEMORY_FORMAT=nchw keeps the plain layout, to measure the difference.
bool useChannelsLast(const torch::Device& device)
{
    // oneDNN's blocked layout reads the images as plain NCHW (dnnl_layers.h).
    if (device.is_cpu() && dnnlLayersOn())
        return false;
    return fastPathOn("NAAP_TRAIN_MEMORY_FORMAT", "nchw");
}

// A CPU step allocates and frees tensors of up to tens of MB. glibc returns such blocks to the
// system at once (mmap above its threshold, heap trimming above 128 KiB free at the top), so
// every step faulted its pages in again: half of an epoch's 235,000 page faults and about 5 %
// of its time (ModelId 432). Keeping blocks below 64 MiB on the heap and trimming it only past
// 512 MiB free ends that; the process then keeps up to that much memory between steps.
// NAAP_TRAIN_KEEP_MEMORY=0 leaves glibc's settings (to compare).
void keepStepMemory()
{
#if defined(__GLIBC__)
    if (!fastPathOn("NAAP_TRAIN_KEEP_MEMORY", "0"))
        return;
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    mallopt(M_TOP_PAD, 64 << 20);
#endif
}

std::string resolveDeviceName(const std::string& request)
{
    const bool cuda = torch::cuda::is_available();
    if (request == "auto" || request.empty())
        return cuda ? "cuda:0" : "cpu";
    if (request == "cpu")
        return "cpu";
    const std::string unknown = "Unknown device '" + request + "' (expected cpu, cuda or cuda:<index>).";
    if (request.rfind("cuda", 0) != 0)
        throw InvalidArgument(unknown);
    long index = 0;
    if (request.size() > 4) {
        const std::string digits = request.substr(request.size() > 5 ? 5 : 4);
        if (request[4] != ':' || digits.empty() || digits.size() > 4 ||
            digits.find_first_not_of("0123456789") != std::string::npos)
            throw InvalidArgument(unknown);
        index = std::stol(digits);
    }
    if (!cuda) {
        log(LogLevel::Warning, "CUDA is not available (this LibTorch has no CUDA, or no GPU is visible): "
                               "training on the CPU instead of " + request + ".");
        return "cpu";
    }
    const auto count = static_cast<long>(torch::cuda::device_count());
    if (index >= count)
        throw InvalidArgument("There is no CUDA device " + std::to_string(index) + ": LibTorch sees " +
                              std::to_string(count) + ".");
    return "cuda:" + std::to_string(index);
}

class TorchSession : public TrainerSession {
public:
    TorchSession(const CifarData& data, const TrainOptions& options)
        : m_options(options), m_deviceName(resolveDeviceName(options.device))
    {
        if (options.threads > 0)
            torch::set_num_threads(options.threads);
        if (m_deviceName == "cpu")
            keepStepMemory();
        // The CPU convolutions are only fast through oneDNN (MKL-DNN); say so when it is missing.
        if (m_deviceName == "cpu" && !(at::hasMKLDNN() && at::globalContext().userEnabledMkldnn()))
            log(LogLevel::Warning, "This LibTorch has no oneDNN (MKL-DNN): CPU training will be slow.");
        try {
            const torch::Device device(m_deviceName);
            m_data.device = device;
            m_data.channelsLast = useChannelsLast(device);
            // A CPU step gathers its batch from the bytes (see DeviceData).
            const bool keepBytes = device.is_cpu() && !m_data.channelsLast;
            uploadSplit(data.train, device, m_data.channelsLast, m_data.trainImages, m_data.trainLabels,
                        keepBytes ? &m_data.trainBytes : nullptr);
            if (keepBytes)
                m_data.byteValues = normaliseBytes(torch::arange(256, torch::kUInt8));
            uploadSplit(data.test, device, m_data.channelsLast, m_data.testImages, m_data.testLabels);
            m_data.fingerprint = dataFingerprint(data);
            if (device.is_cpu())
                log(LogLevel::Info, dnnlLayersOn() ? "CPU convolutions: oneDNN " + dnnlVersion() +
                                                         " in its blocked layout (16 channels a block)."
                                                   : std::string("CPU convolutions: LibTorch's, ") +
                                                         (m_data.channelsLast ? "channels-last." : "NCHW."));
            if (device.is_cuda()) {
                torch::cuda::synchronize(device.index()); // the jobs' streams read the data next
                // Every batch has the same shapes, so cuDNN's measured choice of convolution
                // algorithm is made once per layer and pays off over the whole run.
                // NAAP_TRAIN_CUDNN_BENCHMARK=0 keeps cuDNN's heuristic choice (to compare).
                at::globalContext().setBenchmarkCuDNN(fastPathOn("NAAP_TRAIN_CUDNN_BENCHMARK", "0"));
                // cuDNN's convolutions may use TF32 (LibTorch's default); matrix products in
                // full float32 unless NAAP_TRAIN_TF32_MATMUL=1 (to measure a cohort's
                // convolutions as matrix products, NAAP_TRAIN_COHORT_CONV=gemm, on equal terms).
                if (!fastPathOn("NAAP_TRAIN_TF32_MATMUL", "1"))
                    at::globalContext().setAllowTF32CuBLAS(true);
                const at::Context& context = at::globalContext();
                log(LogLevel::Info, "cuDNN " + std::to_string(context.versionCuDNN()) + ": benchmark "
                        + (context.benchmarkCuDNN() ? "on" : "off") + ", limit "
                        + std::to_string(context.benchmarkLimitCuDNN()) + "; TF32 convolutions "
                        + (context.allowTF32CuDNN() ? "allowed" : "not allowed") + ".");
            }
        } catch (const c10::Error& e) {
            throw Error("Cannot put the data set on " + m_deviceName + ": " + firstLine(e.what()));
        }
    }

    const std::string& device() const override { return m_deviceName; }

    TrainReport train(const std::vector<TrainJob>& jobs, const TrainControl& control) override
    {
        const TrainOptions& options = m_options;
        const DeviceData& data = m_data;
        const bool cuda = data.device.is_cuda();
        TrainReport report;
        report.device = m_deviceName;
        report.models.resize(jobs.size());
        const int cohortSize = options.cohortSize > 0 ? options.cohortSize : (cuda ? kDefaultCudaCohort : 1);
        std::atomic<bool> failed{false};
        const auto stopRequested = [&] {
            return failed.load() || (control.cancel != nullptr && control.cancel->isCancelled());
        };

        if (cohortSize <= 1 || jobs.size() <= 1) {
            runUnits(jobs.size(), failed, stopRequested, [&](std::size_t i) {
                report.models[i] = trainModel(jobs[i], data, m_deviceName, options, control, stopRequested);
            });
            const bool unfinished = std::any_of(report.models.begin(), report.models.end(),
                                                [](const ModelTrainReport& m) { return m.modelId == 0; });
            if (unfinished)
                throw Cancelled();
            return report;
        }

        // Cohorts: models that resume from the same epoch, in job order, split evenly.
        std::vector<std::unique_ptr<ModelRun>> runs;
        std::map<int, std::vector<ModelRun*>> byEpoch;
        for (const TrainJob& job : jobs) {
            runs.push_back(openModelRun(job, data, m_deviceName, options));
            if (runs.back()->report.resumedFrom < options.epochs)
                byEpoch[runs.back()->report.resumedFrom].push_back(runs.back().get());
        }
        std::vector<std::vector<ModelRun*>> cohorts;
        for (const auto& [epoch, group] : byEpoch) {
            const std::size_t parts = (group.size() + static_cast<std::size_t>(cohortSize) - 1) /
                                      static_cast<std::size_t>(cohortSize);
            for (std::size_t p = 0; p < parts; ++p)
                cohorts.emplace_back(group.begin() + static_cast<std::ptrdiff_t>(group.size() * p / parts),
                                     group.begin() + static_cast<std::ptrdiff_t>(group.size() * (p + 1) / parts));
        }
        runUnits(cohorts.size(), failed, stopRequested,
                 [&](std::size_t i) { trainCohort(cohorts[i], data, options, control, stopRequested); });
        for (std::size_t i = 0; i < jobs.size(); ++i) {
            if (runs[i]->report.epochsDone < options.epochs)
                throw Cancelled();
            report.models[i] = std::move(runs[i]->report);
        }
        return report;
    }

private:
    // Runs units 0..count−1 (models or cohorts): one worker on the CPU, up to concurrentModels
    // on CUDA, each with its own stream, so that the units' kernels overlap on the GPU while
    // the data tensors are shared read-only. The first real failure is rethrown after all
    // workers stop (it sets `failed`, which stops the others); else a Cancelled.
    void runUnits(std::size_t count, std::atomic<bool>& failed, const std::function<bool()>& stopRequested,
                  const std::function<void(std::size_t)>& unit)
    {
        const DeviceData& data = m_data;
        const bool cuda = data.device.is_cuda();
        const std::size_t workers =
            cuda ? std::min<std::size_t>(count, static_cast<std::size_t>(m_options.concurrentModels)) : 1;
        const std::vector<std::exception_ptr> errors = runOnThreads(
            count, workers,
            [&]() -> std::optional<c10::Stream> {
                if (!cuda)
                    return std::nullopt;
                return c10::impl::VirtualGuardImpl(data.device.type()).getStreamFromGlobalPool(data.device);
            },
            [&] { return !stopRequested(); }, failed, unit);

        // A real failure wins over the Cancelled that it caused in the other workers.
        std::exception_ptr cancelled;
        for (const auto& error : errors) {
            if (!error)
                continue;
            try {
                std::rethrow_exception(error);
            } catch (const Cancelled&) {
                cancelled = error;
            } catch (const Error&) {
                throw;
            } catch (const c10::Error& e) {
                // LibTorch's whole message, backtrace and all, for a log (the GUI's dock); the
                // error itself is its first line, the one sentence that `naap train` prints.
                log(LogLevel::Debug, e.what());
                throw Error("LibTorch failed while training: " + firstLine(e.what()));
            } catch (...) {
                throw;
            }
        }
        if (cancelled)
            std::rethrow_exception(cancelled);
    }

    TrainOptions m_options;
    std::string m_deviceName;
    DeviceData m_data;
};

class TorchBackend : public TrainerBackend {
public:
    std::string resolveDevice(const std::string& request) override { return resolveDeviceName(request); }

    std::int64_t parameterCount(const Scheme& scheme) override
    {
        SchemeNet net(scheme);
        return countParameters(*net);
    }

    std::unique_ptr<TrainerSession> open(const CifarData& data, const TrainOptions& options) override
    {
        return std::make_unique<TorchSession>(data, options);
    }
};

} // namespace

} // namespace naap::core::detail

extern "C" __attribute__((visibility("default"))) naap::core::detail::TrainerBackend*
naap_trainer_backend(int abi, naap::core::detail::LogFunction logFunction)
{
    using namespace naap::core;
    if (abi != naap::core::detail::kTrainerBackendAbi)
        return nullptr;
    // This module holds its own copy of the core, with its own log sink: forward to the host's.
    if (logFunction != nullptr)
        setLogSink([logFunction](LogLevel level, const std::string& message) { logFunction(level, message); });
    static naap::core::detail::TorchBackend backend;
    return &backend;
}
