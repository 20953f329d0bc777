// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Private: the CPU trainer's network head on blocked activations.
#pragma once

#include <array>

#include <torch/torch.h>

namespace naap::core::detail {

/// The network's head on blocked activations (dnnl_layers.h: N × ⌈C/16⌉ × H × W × 16, the
/// padding channels zero): global average pooling of the C = weight.size(1) real channels,
/// then the linear classifier, as fc(x.mean({2, 3})) computes it. One autograd function: the
/// pooling reads whole 16-channel vectors (LibTorch's generic reduction walks these tensors
/// element by element), the classifier's three small products (N × C by C × classes) run as
/// plain loops rather than through the reference BLAS Debian's LibTorch calls, and the
/// input gradient is written blocked and dense, padding zero, as the layer below reads it.
torch::Tensor blockedHead(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias);

/// The classifier's product on pooled features (N × C): pooled·weightᵀ + bias, as plain loops.
torch::Tensor classifierForward(const torch::Tensor& pooled, const torch::Tensor& weight, const torch::Tensor& bias);

/// The classifier's gradients for the output gradient g (N × classes): of the weight
/// (gᵀ·pooled), the bias (Σ g) and the pooled features (g·weight), in that order.
std::array<torch::Tensor, 3> classifierBackward(const torch::Tensor& g, const torch::Tensor& pooled,
                                                const torch::Tensor& weight);

} // namespace naap::core::detail
