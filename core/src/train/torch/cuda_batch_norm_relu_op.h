// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Private: the fused CUDA BatchNorm + ReLU (cuda_batch_norm_relu.h) as an autograd function on
// the current CUDA stream, so that CUDA graphs capture it with the rest of a step. Only builds
// with NAAP_TORCH_CUDA_KERNELS compile it in; elsewhere cudaBatchNormReluApplies() is false.
#pragma once

#include <torch/torch.h>

namespace naap::core::detail {

/// Whether this build has the CUDA kernels.
bool cudaBatchNormReluBuilt();

/// Whether training uses them: built, and not turned off by NAAP_TRAIN_CUDA_BN_RELU=off (kept
/// to measure the difference against LibTorch's cuDNN BatchNorm and ReLU).
bool cudaBatchNormReluEnabled();

/// True when cudaBatchNormRelu() can take `x`: built, a float32 CUDA tensor N×C×H×W,
/// contiguous in NCHW, with at least two values per channel (else LibTorch's BatchNorm says
/// why not), on a GPU the kernels were built for (else a warning, once). Checks neither the switch nor the other arguments (cudaBatchNormRelu() does).
bool cudaBatchNormReluApplies(const torch::Tensor& x);

/// relu(batch_norm(x)) in training mode with batch statistics, updating the running mean and
/// (unbiased) variance with `momentum` in place, as torch::batch_norm(...).relu_() does.
/// weight, bias and the running statistics: C float32 values each, contiguous, on x's device.
/// Falls back to exactly that call when any of them is not. Returns a new NCHW tensor.
torch::Tensor cudaBatchNormRelu(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                                torch::Tensor& runningMean, torch::Tensor& runningVar, double momentum, double eps);

} // namespace naap::core::detail
