// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "train/torch/cuda_batch_norm_relu_op.h"

#include "train/torch/fast_path_switch.h"

#if NAAP_TORCH_CUDA_KERNELS
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>

#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>

#include "naap/core/log.h"

#include "train/torch/cuda_batch_norm_relu.h"
#endif

namespace naap::core::detail {

#if NAAP_TORCH_CUDA_KERNELS
namespace {

// Whether x's GPU runs the kernels (asked once per device); where it does not, LibTorch's
// BatchNorm and ReLU run instead, said once.
bool kernelsRunFor(const torch::Tensor& x)
{
    const c10::cuda::CUDAGuard device(x.device());
    if (bnReluKernelsRunHere())
        return true;
    static std::once_flag said;
    std::call_once(said, [] {
        log(LogLevel::Warning, "The fused CUDA BatchNorm + ReLU kernels were not built for this GPU's architecture, "
                               "so LibTorch's BatchNorm and ReLU run instead.");
    });
    return false;
}

using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

void check(const char* error, const char* call, const torch::Tensor& x)
{
    if (error != nullptr)
        throw std::runtime_error(std::string("The fused CUDA BatchNorm + ReLU's ") + call + " failed on " +
                                 c10::str(x.sizes()) + ": " + error);
}

BnReluStats statsOf(torch::Tensor& stats)
{
    float* s = stats.data_ptr<float>();
    const std::int64_t c = stats.size(1);
    return {s, s + c, s + 2 * c, s + 3 * c};
}

// Outputs come from torch::empty, hence LibTorch's caching allocator: under a CUDA graph's
// capture, its private pool. Nothing here synchronises with the host.
class CudaBatchNormReluFunction : public torch::autograd::Function<CudaBatchNormReluFunction> {
public:
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& weight,
                                 const torch::Tensor& bias, torch::Tensor runningMean, torch::Tensor runningVar,
                                 double momentum, double eps)
    {
        const c10::cuda::CUDAGuard device(x.device());
        const std::int64_t n = x.size(0), c = x.size(1), hw = x.size(2) * x.size(3);
        torch::Tensor y = torch::empty(x.sizes(), x.options());
        // mean, invstd, scale, shift: one allocation for the four.
        torch::Tensor stats = torch::empty({4, c}, x.options());
        check(launchBnReluForward(x.data_ptr<float>(), y.data_ptr<float>(), n, c, hw, weight.data_ptr<float>(),
                                  bias.data_ptr<float>(), runningMean.data_ptr<float>(), runningVar.data_ptr<float>(),
                                  static_cast<float>(momentum), static_cast<float>(eps), statsOf(stats),
                                  c10::cuda::getCurrentCUDAStream(x.device().index()).stream()),
              "forward", x);
        // Not y: the backward recomputes the ReLU's mask from x, scale and shift.
        ctx->save_for_backward({x, stats});
        return y;
    }

    static tensor_list backward(AutogradContext* ctx, tensor_list gradOutputs)
    {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor& x = saved[0];
        torch::Tensor stats = saved[1];
        const c10::cuda::CUDAGuard device(x.device());
        // Dense: a pooled output's gradient, for one, arrives expanded (stride 0).
        const torch::Tensor dy = gradOutputs[0].to(torch::kFloat).contiguous();
        const std::int64_t n = x.size(0), c = x.size(1), hw = x.size(2) * x.size(3);
        torch::Tensor dx = torch::empty(x.sizes(), x.options());
        torch::Tensor dgamma = torch::empty({c}, x.options());
        torch::Tensor dbeta = torch::empty({c}, x.options());
        check(launchBnReluBackward(x.data_ptr<float>(), dy.data_ptr<float>(), dx.data_ptr<float>(), n, c, hw,
                                   statsOf(stats), dgamma.data_ptr<float>(), dbeta.data_ptr<float>(),
                                   c10::cuda::getCurrentCUDAStream(x.device().index()).stream()),
              "backward", x);
        return {dx, dgamma, dbeta, torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

// weight, bias or a running statistic as the kernels read it: c floats in a row on x's device.
bool channelVector(const torch::Tensor& t, const torch::Tensor& x)
{
    return t.defined() && t.device() == x.device() && t.scalar_type() == torch::kFloat && t.dim() == 1 &&
           t.size(0) == x.size(1) && t.is_contiguous();
}

} // namespace
#endif

bool cudaBatchNormReluBuilt() { return NAAP_TORCH_CUDA_KERNELS != 0; }

bool cudaBatchNormReluEnabled() { return cudaBatchNormReluBuilt() && fastPathOn("NAAP_TRAIN_CUDA_BN_RELU", "off"); }

bool cudaBatchNormReluApplies(const torch::Tensor& x)
{
#if NAAP_TORCH_CUDA_KERNELS
    return x.defined() && x.is_cuda() && x.scalar_type() == torch::kFloat && x.dim() == 4 && x.is_contiguous() &&
           x.size(1) > 0 && x.size(0) * x.size(2) * x.size(3) > 1 && kernelsRunFor(x);
#else
    (void)x;
    return false;
#endif
}

torch::Tensor cudaBatchNormRelu(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                                torch::Tensor& runningMean, torch::Tensor& runningVar, double momentum, double eps)
{
#if NAAP_TORCH_CUDA_KERNELS
    if (cudaBatchNormReluApplies(x) && channelVector(weight, x) && channelVector(bias, x) &&
        channelVector(runningMean, x) && channelVector(runningVar, x))
        return CudaBatchNormReluFunction::apply(x, weight, bias, runningMean, runningVar, momentum, eps);
#endif
    return torch::batch_norm(x, weight, bias, runningMean, runningVar, true, momentum, eps, true).relu_();
}

} // namespace naap::core::detail
