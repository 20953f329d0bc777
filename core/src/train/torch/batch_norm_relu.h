// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Private: BatchNorm2d (training mode) and ReLU fused into one autograd function for the CPU.
#pragma once

#include <torch/torch.h>

namespace naap::core::detail {

/// True when batchNormRelu() can take `x`: a float32 CPU tensor N×C×H×W whose memory is
/// channels-last and dense (then it is an (N·H·W)×C matrix of rows).
bool batchNormReluApplies(const torch::Tensor& x);

/// relu(batch_norm(x)) in training mode with batch statistics, updating the running mean and
/// (unbiased) variance with `momentum`, exactly as torch::nn::BatchNorm2d then ReLU do, but in
/// two passes over x forward and two backward instead of five and eight: the network's small
/// channel counts make these element-wise passes, not the convolutions, a third of a step.
/// Statistics are summed per channel in double, in a fixed order for a given thread count, so
/// runs repeat exactly. Returns a channels-last tensor shaped like x.
torch::Tensor batchNormRelu(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                            torch::Tensor& runningMean, torch::Tensor& runningVar, double momentum, double eps);

/// batchNormRelu on blocked activations (dnnl_layers.h: N × ⌈C/16⌉ × H × W × 16, padding
/// channels zero); weight, bias and the running statistics have the C real channels. The
/// padding channels stay zero, and so do their gradients. With `inputDisposable` (nothing else
/// reads x, as dnnlConv's) the backward writes x's gradient over x.
torch::Tensor blockedBatchNormRelu(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                                   torch::Tensor& runningMean, torch::Tensor& runningVar, double momentum, double eps,
                                   bool inputDisposable = false);

/// The network's last layer and head in training: blockedBatchNormRelu, then global average
/// pooling and the classifier (fcWeight: classes × C, fcBias), as blockedHead computes them,
/// in one function that never writes the layer's output (see batch_norm_relu.cpp). Returns
/// the logits. `inputDisposable` as for blockedBatchNormRelu.
torch::Tensor blockedBatchNormReluHead(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                                       torch::Tensor& runningMean, torch::Tensor& runningVar, double momentum,
                                       double eps, const torch::Tensor& fcWeight, const torch::Tensor& fcBias,
                                       bool inputDisposable = false);

} // namespace naap::core::detail
