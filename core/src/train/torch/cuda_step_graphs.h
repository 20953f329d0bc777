// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Private: training steps captured once as CUDA graphs and replayed (PRODUCT.md §7).
//
// A step of these small networks is a few hundred tiny kernels; launched one by one through
// LibTorch's dispatcher the GPU mostly waits for the host. Replaying a captured graph launches
// them all at once. Only builds against a LibTorch with CUDA capture graphs
// (NAAP_TORCH_CUDA_GRAPHS); elsewhere cudaGraphsBuilt() is false and nothing is captured.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>

namespace naap::core::detail {

/// Whether this build can capture CUDA graphs.
bool cudaGraphsBuilt();

/// Whether CUDA training uses graphs: built, and not turned off by NAAP_TRAIN_CUDA_GRAPHS=0
/// (kept to measure the difference).
bool cudaGraphsEnabled();

/// Keeps other threads' CUDA calls out of a capture: each model holds work() around its
/// host-side CUDA work (a step, an epoch's end), a capture holds capture(), so that no other
/// thread makes a call that a capture forbids (a synchronisation, a free) while one is under
/// way. A capture waiting at the gate holds new work back, so it waits one step at most.
class CaptureGate {
public:
    static CaptureGate& instance();
    std::shared_lock<std::shared_mutex> work();
    struct Exclusive {
        std::unique_lock<std::mutex> gate;
        std::unique_lock<std::shared_mutex> all;
    };
    Exclusive capture();

private:
    std::mutex m_gate;
    std::shared_mutex m_all;
};

/// One graph per key: SGD's learning rate is baked into its kernels' arguments, so each
/// learning rate of the saw-tooth has its own graph. Captured on the calling thread's current
/// stream, which must not be the default one.
class StepGraphs {
public:
    StepGraphs();
    ~StepGraphs();
    StepGraphs(const StepGraphs&) = delete;
    StepGraphs& operator=(const StepGraphs&) = delete;

    bool has(double key) const;
    /// Records `step`'s kernels as the graph for `key` without running them (replay does).
    /// Every tensor the step reads or writes must keep its storage for the graph's lifetime.
    /// Throws when the capture fails; the stream is then usable again.
    void capture(double key, const std::function<void()>& step);
    void replay(double key);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace naap::core::detail
