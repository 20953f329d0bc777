// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Private: the boundary between the core and its LibTorch module.
//
// LibTorch costs every program that links it about 0.6 s at start-up (hundreds of shared
// libraries and their operator registrations), which a `naap --help`, each CLI test and the GUI
// would pay without ever training. So the LibTorch half of the trainer is a module
// (libnaap_torch.so) that the core loads on first use, behind these torch-free interfaces.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "naap/core/log.h"
#include "naap/core/train/trainer.h"

namespace naap::core::detail {

/// One Trainer's state inside the module: the data set on its device.
class TrainerSession {
public:
    virtual ~TrainerSession() = default;
    virtual const std::string& device() const = 0;
    virtual TrainReport train(const std::vector<TrainJob>& jobs, const TrainControl& control) = 0;
};

/// The module's entry points; the contracts are those of the same names in trainer.h.
class TrainerBackend {
public:
    virtual ~TrainerBackend() = default;
    virtual std::string resolveDevice(const std::string& request) = 0;
    virtual std::int64_t parameterCount(const Scheme& scheme) = 0;
    virtual std::unique_ptr<TrainerSession> open(const CifarData& data, const TrainOptions& options) = 0;
};

/// Bumped whenever the classes above change, so a stale module is refused, not called.
inline constexpr int kTrainerBackendAbi = 1;
/// The module exports `extern "C" TrainerBackend* naap_trainer_backend(int abi, LogFunction log)`:
/// it returns its backend (null for another ABI) and sends its log messages to `log`.
inline constexpr const char* kTrainerBackendEntry = "naap_trainer_backend";
using LogFunction = void (*)(LogLevel, const std::string&);
using TrainerBackendEntry = TrainerBackend* (*)(int abi, LogFunction log);

/// The loaded backend (loaded once, on the first call). Throws TrainerNotBuilt in a build
/// without LibTorch and Error when the module cannot be found or loaded.
TrainerBackend& trainerBackend();

} // namespace naap::core::detail
