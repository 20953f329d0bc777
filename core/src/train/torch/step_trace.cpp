// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "train/torch/step_trace.h"

#include <exception>
#include <set>

#include <torch/torch.h>
#if NAAP_TORCH_TRACE
#include <torch/csrc/autograd/profiler_kineto.h>
#endif

#include "naap/core/log.h"

namespace naap::core::detail {

void traceSteps(const std::string& path, int steps, bool cuda, const std::function<void()>& step)
{
#if NAAP_TORCH_TRACE
    namespace impl = torch::profiler::impl;
    namespace profiler = torch::autograd::profiler;
    const impl::ProfilerConfig config(impl::ProfilerState::KINETO, /*report_input_shapes=*/true);
    std::set<impl::ActivityType> activities{impl::ActivityType::CPU};
    if (cuda)
        activities.insert(impl::ActivityType::CUDA);
    try {
        profiler::prepareProfiler(config, activities);
        profiler::enableProfiler(config, activities);
    } catch (const c10::Error& e) {
        naap::core::log(LogLevel::Warning, std::string("No step trace: ") + e.what_without_backtrace());
        for (int i = 0; i < steps; ++i)
            step();
        return;
    }
    try {
        for (int i = 0; i < steps; ++i)
            step();
    } catch (...) {
        profiler::disableProfiler();
        throw;
    }
    if (cuda)
        torch::cuda::synchronize();
    try {
        profiler::disableProfiler()->save(path);
    } catch (const c10::Error& e) { // Debian's LibTorch traces, but saves only with Kineto
        naap::core::log(LogLevel::Warning, std::string("No step trace: ") + e.what_without_backtrace());
        return;
    }
    naap::core::log(LogLevel::Info, "Step trace of " + std::to_string(steps) + " steps written to " + path + ".");
#else
    naap::core::log(LogLevel::Warning, "This build has no step trace (NAAP_TORCH_TRACE=OFF).");
    (void)path;
    (void)cuda;
    for (int i = 0; i < steps; ++i)
        step();
#endif
}

} // namespace naap::core::detail
