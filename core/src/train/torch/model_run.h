// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Private: trains one model on device-resident data (the trainer's per-job work).
#pragma once

#include <functional>
#include <string>

#include <torch/torch.h>

#include "naap/core/train/trainer.h"

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
};

/// The network's view (N×3×32×32) of rows gathered from DeviceData's images.
torch::Tensor imagesView(const DeviceData& data, const torch::Tensor& rows);

/// LibTorch's messages carry a backtrace after the first line; users get the first line.
inline std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

/// The checkpoint and log paths of a job.
std::string logPathFor(const TrainOptions& options, int modelId);
std::string checkpointPathFor(const TrainOptions& options, int modelId);

/// Trains `job` from scratch or from its checkpoint up to options.epochs; `stopRequested` is
/// polled between batches (true → throws Cancelled). Thread-safe for distinct jobs.
ModelTrainReport trainModel(const TrainJob& job, const DeviceData& data, const std::string& deviceName,
                            const TrainOptions& options, const TrainControl& control,
                            const std::function<bool()>& stopRequested);

} // namespace naap::core::detail
