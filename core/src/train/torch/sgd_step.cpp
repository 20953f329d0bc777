// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "train/torch/sgd_step.h"

#include <algorithm>
#include <cstdint>

#include "train/torch/vector_clones.h"

namespace naap::core::detail {

namespace {

// foreachSgdStep's arithmetic on one CPU parameter in one pass (d = g + wd·p; b = m·b + d;
// p = p − lr·b), in float as the multi-tensor operations compute it (the compiler may fuse
// a product and its sum: the last bit may differ from theirs).
NAAP_VECTOR_CLONES void sgdPass(float* p, const float* g, float* b, std::int64_t n, float weightDecay, float momentum,
                                float negativeLr)
{
    for (std::int64_t k = 0; k < n; ++k) {
        const float d = g[k] + weightDecay * p[k];
        b[k] = momentum * b[k] + d;
        p[k] += negativeLr * b[k];
    }
}

bool denseCpuFloat(const torch::Tensor& t)
{
    return t.defined() && t.device().is_cpu() && t.scalar_type() == torch::kFloat32 && t.is_contiguous();
}

} // namespace

void foreachSgdStep(const std::vector<torch::Tensor>& parameters, const std::vector<torch::Tensor>& buffers,
                    double lr, double momentum, double weightDecay)
{
    torch::NoGradGuard noGrad;
    // On the CPU one pass per parameter: the four multi-tensor operations below are, there,
    // four dispatcher calls per parameter and four passes over memory.
    const bool cpu = std::all_of(parameters.begin(), parameters.end(),
                                 [](const torch::Tensor& p) { return denseCpuFloat(p) && denseCpuFloat(p.grad()); }) &&
                     std::all_of(buffers.begin(), buffers.end(), denseCpuFloat);
    if (cpu) {
        for (std::size_t i = 0; i < parameters.size(); ++i) {
            const torch::Tensor& p = parameters[i];
            sgdPass(p.data_ptr<float>(), p.grad().data_ptr<float>(), buffers[i].data_ptr<float>(), p.numel(),
                    static_cast<float>(weightDecay), static_cast<float>(momentum), static_cast<float>(-lr));
            // As LibTorch's in-place operations do: caches of the parameters watch versions.
            p.unsafeGetTensorImpl()->bump_version();
            buffers[i].unsafeGetTensorImpl()->bump_version();
        }
        return;
    }
    std::vector<torch::Tensor> grads;
    grads.reserve(parameters.size());
    for (const torch::Tensor& p : parameters)
        grads.push_back(p.grad()); // written afresh by every backward: free to update in place
    if (weightDecay != 0)
        at::_foreach_add_(grads, parameters, weightDecay);
    at::_foreach_mul_(buffers, momentum);
    at::_foreach_add_(buffers, grads, 1.0);
    at::_foreach_add_(parameters, buffers, -lr);
}

} // namespace naap::core::detail
