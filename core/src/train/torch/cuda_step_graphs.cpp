// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "train/torch/cuda_step_graphs.h"

#include <map>
#include <stdexcept>

#include "train/torch/fast_path_switch.h"

#if NAAP_TORCH_CUDA_GRAPHS
#include <ATen/cuda/CUDAGraph.h>
#endif

namespace naap::core::detail {

bool cudaGraphsBuilt() { return NAAP_TORCH_CUDA_GRAPHS != 0; }

bool cudaGraphsEnabled()
{
    return cudaGraphsBuilt() && fastPathOn("NAAP_TRAIN_CUDA_GRAPHS", "0");
}

CaptureGate& CaptureGate::instance()
{
    static CaptureGate gate;
    return gate;
}

std::shared_lock<std::shared_mutex> CaptureGate::work()
{
    std::lock_guard pass(m_gate);
    return std::shared_lock(m_all);
}

CaptureGate::Exclusive CaptureGate::capture()
{
    std::unique_lock gate(m_gate);
    std::unique_lock all(m_all);
    return {std::move(gate), std::move(all)};
}

#if NAAP_TORCH_CUDA_GRAPHS

struct StepGraphs::Impl {
    std::map<double, std::unique_ptr<at::cuda::CUDAGraph>> graphs;

    ~Impl()
    {
        // A replay may still run on the stream; its graph and memory go only after it.
        if (!graphs.empty())
            at::cuda::getCurrentCUDAStream().synchronize();
    }
};

void StepGraphs::capture(double key, const std::function<void()>& step)
{
    auto graph = std::make_unique<at::cuda::CUDAGraph>();
    // Thread-local: other models' threads keep their CUDA calls (they wait on
    // cudaCaptureMutex anyway); only this thread's would spoil the capture.
    graph->capture_begin({0, 0}, cudaStreamCaptureModeThreadLocal);
    try {
        step();
    } catch (...) {
        try {
            graph->capture_end(); // ends the stream's capture, whatever it recorded
        } catch (...) {
        }
        throw;
    }
    graph->capture_end();
    m_impl->graphs[key] = std::move(graph);
}

void StepGraphs::replay(double key) { m_impl->graphs.at(key)->replay(); }

#else

struct StepGraphs::Impl {
    std::map<double, int> graphs;
};

void StepGraphs::capture(double, const std::function<void()>&)
{
    throw std::logic_error("This build of the trainer has no CUDA graphs.");
}

void StepGraphs::replay(double) { throw std::logic_error("This build of the trainer has no CUDA graphs."); }

#endif

StepGraphs::StepGraphs() : m_impl(std::make_unique<Impl>()) {}
StepGraphs::~StepGraphs() = default;

bool StepGraphs::has(double key) const { return m_impl->graphs.count(key) > 0; }

} // namespace naap::core::detail
