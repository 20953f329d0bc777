// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Private: the CPU network's convolutions on oneDNN directly, in its blocked layout.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <torch/torch.h>

namespace naap::core::detail {

/// Channels per block of the blocked layout (oneDNN's nChw16c).
constexpr std::int64_t kDnnlBlock = 16;

/// Whether the CPU network computes in oneDNN's blocked layout: this build has oneDNN 2, the
/// CPU has AVX-512, and NAAP_TRAIN_DNNL is not 0. Activations are then N × ⌈C/16⌉ × H × W × 16 float tensors
/// (channel c of pixel (h, w) at [n][c/16][h][w][c%16]), the padding channels zero, and
/// the images enter the first convolution as plain NCHW.
bool dnnlLayersOn();

/// oneDNN's version ("2.6.3"), or empty when this build has no oneDNN layers.
std::string dnnlVersion();

/// One convolution of a network: batch, input channels and size, output channels, kernel,
/// stride, padding; plainInput for the images (NCHW).
struct DnnlConvShape {
    std::int64_t n, c, h, w, o, k, stride, padding;
    bool plainInput;
};

/// Whether oneDNN has optimised kernels, not its reference loops, for all these convolutions
/// (forward, and backward when training; with inference also dnnlConvBnReluEval's) on this
/// CPU; their plans are built and kept.
bool dnnlConvsFast(const std::vector<DnnlConvShape>& shapes, bool training);

/// conv2d(x, weight) (no bias, no dilation, one group) by oneDNN's primitives, with their
/// backward; `x` is blocked, or when `plainInput` a contiguous NCHW batch (the images: no
/// data gradient). Returns the blocked output. oneDNN picks the algorithm per shape, the
/// same every run (Winograd for some 3×3 stride-1 layers).
///
/// `inputDisposable` promises that nothing reads x's values once this convolution's backward
/// has run (the network's activations, which only their convolution reads again): the
/// backward then writes x's gradient over x, after the weights' gradient has read it, into
/// memory still in the cache, rather than into a fresh buffer that must first be fetched.
torch::Tensor dnnlConv(const torch::Tensor& x, const torch::Tensor& weight, std::int64_t stride,
                       std::int64_t padding, bool plainInput, bool inputDisposable = false);

/// relu(conv2d(x, weight) · scale + shift) per output channel, with no gradient: BatchNorm in
/// inference mode (scale = weight · invstd, shift = bias − mean · scale) then ReLU, folded into
/// one oneDNN convolution (scaled weights, a bias, a ReLU after), so the activations are
/// written once and never read back for the normalisation. Blocked output, as dnnlConv.
torch::Tensor dnnlConvBnReluEval(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& scale,
                                 const torch::Tensor& shift, std::int64_t stride, std::int64_t padding,
                                 bool plainInput);

/// dnnlConvBnReluEval's weights for batches shaped as x: BatchNorm folded in and in the layout
/// the primitive reads, prepared once for every batch of an evaluation (for a Winograd layer
/// the reorder alone costs a fifth of the convolution).
struct DnnlEvalLayer {
    torch::Tensor weights;           ///< in the primitive's layout
    torch::Tensor bias;              ///< the shifts, padded with zeros to whole blocks
    const void* plan = nullptr;      ///< the primitive's (kept for the process)
    std::vector<std::int64_t> input; ///< the batch's N, C (or blocks), H, W
    std::int64_t outChannels = 0;
};
DnnlEvalLayer dnnlPrepareConvBnReluEval(const torch::Tensor& x, const torch::Tensor& weight,
                                        const torch::Tensor& scale, const torch::Tensor& shift, std::int64_t stride,
                                        std::int64_t padding, bool plainInput);
/// dnnlConvBnReluEval with a prepared layer, x shaped as the batch it was prepared for.
torch::Tensor dnnlConvBnReluEval(const DnnlEvalLayer& layer, const torch::Tensor& x);

} // namespace naap::core::detail
