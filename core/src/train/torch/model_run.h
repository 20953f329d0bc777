// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Private: trains one model on device-resident data (the trainer's per-job work).
#pragma once

#include <functional>

#include <torch/torch.h>

#include "naap/core/train/trainer.h"

namespace naap::core::detail {

/// The whole data set on the training device: images as N×3×32×32 uint8 (normalised per
/// batch on the device), labels as int64. Read-only once built, so jobs may share it.
struct DeviceData {
    torch::Device device{torch::kCPU};
    torch::Tensor trainImages, trainLabels, testImages, testLabels;
};

/// The checkpoint and log paths of a job.
std::string logPathFor(const TrainOptions& options, int modelId);
std::string checkpointPathFor(const TrainOptions& options, int modelId);

/// Trains `job` from scratch or from its checkpoint up to options.epochs; `stopRequested` is
/// polled between batches (true → throws Cancelled). Thread-safe for distinct jobs.
ModelTrainReport trainModel(const TrainJob& job, const DeviceData& data, const std::string& deviceName,
                            const TrainOptions& options, const TrainControl& control,
                            const std::function<bool()>& stopRequested);

} // namespace naap::core::detail
