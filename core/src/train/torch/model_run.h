// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Private: trains one model on device-resident data (the trainer's per-job work).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "naap/core/data/cifar.h"
#include "naap/core/train/train_log.h"
#include "naap/core/train/trainer.h"
#include "train/torch/cuda_step_graphs.h"
#include "train/torch/scheme_net.h"
#include "train/torch/sgd_step.h"

namespace naap::core::detail {

/// The whole data set on the training device, normalised once at load to float32
/// ((x/255 − 0.5)/0.5, as the recipe states it) instead of per batch. Images are stored
/// N×32×32×3 (NHWC) and contiguous, so that a batch is a gather of whole rows, and handed to
/// the network through imagesView() as N×3×32×32 with channels-last strides (no copy); with
/// channelsLast false they are plain N×3×32×32. Labels are int64. Read-only once built, so
/// jobs may share it.
struct DeviceData {
    torch::Device device{torch::kCPU};
    bool channelsLast = true;
    torch::Tensor trainImages, trainLabels, testImages, testLabels;
    /// On the CPU with NCHW images: the training images' bytes (uint8, N×3×32×32) and the 256
    /// floats the byte values normalise to, by trainImages' own operations. Steps gather their
    /// batches from these, a quarter of the memory reads, into the same floats.
    torch::Tensor trainBytes, byteValues;
    /// Which data this is (dataFingerprint): checkpoints record it, and a resume on other
    /// data is refused.
    std::string fingerprint;
};

/// The image counts and a 64-bit hash of every label and of every 61st pixel byte, e.g.
/// "50000 train + 10000 test images, hash 3f2a…": enough to tell two CIFAR-format data sets
/// apart without hashing all 180 MB.
std::string dataFingerprint(const CifarData& data);

/// The network's view (N×3×32×32) of rows gathered from DeviceData's images.
torch::Tensor imagesView(const DeviceData& data, const torch::Tensor& rows);

/// LibTorch's messages carry a backtrace after the first line; users get the first line.
inline std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

/// The checkpoint and log paths of a job.
std::string logPathFor(const TrainOptions& options, int modelId);
std::string checkpointPathFor(const TrainOptions& options, int modelId);

/// The permutation of the training rows for 1-based `epoch`: a function of (seed, epoch) only,
/// so that a resumed run draws the batches of one that never stopped and every model of a
/// campaign sees the same order.
torch::Tensor shufflePermutation(const DeviceData& data, std::uint64_t seed, int epoch);

/// The optimizer's momentum buffers of `parameters` (in their order), or none while any is
/// missing (torch::optim::SGD creates them in its first step).
std::vector<torch::Tensor> momentumBuffers(torch::optim::SGD& optimizer, const std::vector<torch::Tensor>& parameters);
/// The same, creating them first when missing, without changing any parameter.
std::vector<torch::Tensor> ensureMomentumBuffers(
    torch::optim::SGD& optimizer, const std::vector<torch::Tensor>& parameters);

/// Runs training steps on batches of DeviceData's rows, eagerly or replayed from CUDA graphs.
/// A full batch is gathered into buffers reused by every step; after a few eager steps (cuDNN's
/// algorithm search, the momentum buffers and the buffers' sizes settle there, and none of it
/// may happen inside a capture), each learning rate's step is captured once and replayed: the
/// graph reads its rows from a fixed index tensor and leaves its loss in a fixed one. A failed
/// capture falls back to eager steps with a warning.
class StepRunner {
public:
    /// Trains on a batch (`images` as DeviceData's rows, `labels`) at learning rate `lr` and
    /// returns the loss, shaped as StepRunner's `lossShape`, on the device. It must read no
    /// other changing tensor, so that a captured step serves every batch.
    using Body = std::function<torch::Tensor(const torch::Tensor& images, const torch::Tensor& labels, double lr)>;

    /// `parameters` get their gradients dropped before each eager step and the capture; `name`
    /// says whose step it is in the warning of a failed capture.
    StepRunner(const DeviceData& data, const TrainOptions& options, std::vector<torch::Tensor> parameters,
               at::IntArrayRef lossShape, std::string name, Body body);
    ~StepRunner();
    StepRunner(const StepRunner&) = delete;
    StepRunner& operator=(const StepRunner&) = delete;

    /// Trains on the rows `index` and copies the loss into `loss` on the device: no
    /// synchronisation. On CUDA it holds CaptureGate's work side meanwhile.
    void run(const torch::Tensor& index, double lr, torch::Tensor loss);

private:
    void step(const torch::Tensor& index, double lr);
    void dropGradients();
    void capture(double lr);

    const DeviceData& m_data;
    const TrainOptions& m_options;
    const std::vector<torch::Tensor> m_parameters;
    const std::string m_name;
    const Body m_body;
    bool m_graphs;
    StepGraphs m_stepGraphs;
    int m_eagerFullSteps = 0;
    torch::Tensor m_images, m_labels, m_index, m_loss;
};

/// On CUDA, a hold on CaptureGate's work side (see cuda_step_graphs.h); nothing on the CPU.
std::optional<std::shared_lock<std::shared_mutex>> holdCudaWork(const DeviceData& data);

/// One model's training state and files: its network and optimizer (initialised, or loaded
/// from its checkpoint), its raw log and its report so far.
struct ModelRun {
    TrainJob job;
    ModelTrainReport report;
    SchemeNet net{nullptr};
    std::unique_ptr<torch::optim::SGD> optimizer;
    std::unique_ptr<RawLogWriter> log;
    std::string dataPrint; ///< the data's fingerprint, written into each checkpoint
};

/// Builds the job's network on the device, resumes it from its checkpoint when options.resume
/// finds one (cutting the log back to the checkpoint's epochs), else starts its log afresh.
std::unique_ptr<ModelRun> openModelRun(const TrainJob& job, const DeviceData& data, const std::string& deviceName,
                                       const TrainOptions& options);

/// Sets the optimizer's learning rate for `epoch` and logs the epoch's first line.
void beginEpoch(ModelRun& run, int epoch, double learningRate);

/// Logs the epoch's loss line from its batch losses; returns the epoch's result so far.
EpochResult logEpochLosses(ModelRun& run, int epoch, double learningRate, const std::vector<double>& batchLosses);

/// Batches per epoch: the last may be shorter.
int batchesPerEpoch(const DeviceData& data, const TrainOptions& options);

/// Trains the batches of 1-based `epoch` in the order of shufflePermutation: for each, polls
/// `stopRequested` (true → throws Cancelled), calls `step(rows, loss)` with the batch's rows and
/// its slot of the returned losses (batches × lossShape, on the device), then `afterBatch(b)`
/// with the 1-based batch number.
torch::Tensor trainEpochBatches(const DeviceData& data, const TrainOptions& options, int epoch,
                                at::IntArrayRef lossShape,
                                const std::function<void(const torch::Tensor& rows, torch::Tensor loss)>& step,
                                const std::function<void(int batch)>& afterBatch,
                                const std::function<bool()>& stopRequested);

/// The progress of `run` at `batch` (1-based) of `epoch`, after `batchesRun` batches since
/// `started`, when the call trains it from its resumed epoch to options.epochs.
TrainProgress progressOf(const ModelRun& run, const TrainOptions& options, int epoch, int batch, int batches,
                         long long batchesRun, std::chrono::steady_clock::time_point started);

/// Logs the test accuracy, writes the checkpoint and reports the finished epoch.
void finishEpoch(ModelRun& run, const TrainOptions& options, EpochResult result, double accuracy,
                 std::chrono::steady_clock::time_point epochStarted, const TrainControl& control);

/// Trains `job` from scratch or from its checkpoint up to options.epochs; `stopRequested` is
/// polled between batches (true → throws Cancelled). Thread-safe for distinct jobs.
ModelTrainReport trainModel(const TrainJob& job, const DeviceData& data, const std::string& deviceName,
                            const TrainOptions& options, const TrainControl& control,
                            const std::function<bool()>& stopRequested);

} // namespace naap::core::detail
