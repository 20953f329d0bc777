// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Private: the LibTorch network of a scheme. Only the trainer's sources include this.
#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "train/torch/dnnl_layers.h"

#include "naap/core/data/scheme.h"

namespace naap::core::detail {

/// PRODUCT.md §4: per layer Conv2d(k, stride s, padding k/2, no bias) → BatchNorm2d → ReLU,
/// plus the layer's input when residual; then global average pooling and Linear(width → 10).
class SchemeNetImpl : public torch::nn::Module {
public:
    explicit SchemeNetImpl(const Scheme& scheme);

    /// x: N×3×32×32 float (any strides; channels-last is the fast one, or contiguous NCHW on
    /// the CPU where oneDNN's blocked layout is on); returns N×10 logits.
    torch::Tensor forward(torch::Tensor x);

    /// The paper's initialisation, drawn from a private generator seeded with `seed` (never the
    /// global one, so that models built on several threads stay reproducible): conv
    /// kaiming-normal (fan_out, ReLU gain), BN weight 1 and bias 0, linear normal(0, 0.01) and
    /// bias 0.
    void initialize(std::uint64_t seed);

    /// Gives the conv weights channels-last strides (same values, NHWC order in memory), the
    /// layout oneDNN and cuDNN compute in; a no-op for weights that already have it. Call it
    /// before the optimizer is built and again after a checkpoint is loaded (loading adopts
    /// the file's strides).
    void useChannelsLast();

private:
    /// forward() in oneDNN's blocked layout (dnnl_layers.h), x a contiguous NCHW CPU batch.
    torch::Tensor forwardBlocked(const torch::Tensor& x);
    /// Whether oneDNN has optimised kernels for every layer at x's batch size (kept per size).
    bool blockedFast(const torch::Tensor& x, bool training);

    std::vector<torch::nn::Conv2d> m_convs;
    std::vector<torch::nn::BatchNorm2d> m_norms;
    std::vector<bool> m_residual;
    std::vector<std::int64_t> m_strides;
    std::vector<std::int64_t> m_widths;
    std::map<std::pair<std::int64_t, bool>, bool> m_blockedFast;
    /// The inference layers' prepared weights, each with what it was prepared from (the
    /// batch's shape, and the identity and version of every tensor it folds in): an evaluation
    /// prepares them for its first batch and reuses them for the rest.
    struct EvalLayer {
        std::vector<std::int64_t> key;
        DnnlEvalLayer layer;
    };
    std::vector<EvalLayer> m_evalLayers;
    torch::nn::Linear m_fc{nullptr};
};
TORCH_MODULE(SchemeNet);

/// Learnable parameters of a module.
std::int64_t countParameters(const torch::nn::Module& module);

} // namespace naap::core::detail
