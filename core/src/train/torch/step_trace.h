// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Private: a kernel-level trace of a few training steps (to measure; see bench/gpu/README.md).
#pragma once

#include <functional>
#include <string>

namespace naap::core::detail {

/// Runs `step` `steps` times under LibTorch's profiler (CPU operators with their input shapes,
/// and CUDA kernels when `cuda`) and writes the trace as Chrome trace JSON to `path`. Logs a
/// warning instead where this LibTorch cannot trace; never throws for that.
void traceSteps(const std::string& path, int steps, bool cuda, const std::function<void()>& step);

} // namespace naap::core::detail
