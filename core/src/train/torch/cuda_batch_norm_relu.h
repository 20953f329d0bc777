// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Private: BatchNorm2d (training mode, batch statistics) and ReLU fused into four CUDA kernels,
// for NCHW float32 activations (cuda_batch_norm_relu.cu). Plain launchers on raw pointers, so
// that the .cu needs neither LibTorch nor its headers; cuda_batch_norm_relu_op.h wraps them as
// an autograd function. Built only with NAAP_TORCH_CUDA_KERNELS.
//
// LibTorch runs cuDNN's BatchNorm and then a ReLU: each activation crosses the memory bus up to
// five times forward and eight backward. Here three forward (statistics read x; the
// normalisation reads x and writes max(0, a·x + b), a = γ/σ, b = β − μ·a) and five backward
// (the sums of dz and dz·x̂ read dy and x, dz being dy where a·x + b > 0, recomputed from x; then
// dy and x again, and dx is written). 1.86× cuDNN's forward + backward on an H200
// (bench/gpu/bn_relu.py).
#pragma once

#include <cstdint>

struct CUstream_st; // cudaStream_t, without the CUDA runtime's headers

namespace naap::core::detail {

/// Per-channel values the forward pass keeps for the backward: four arrays of c floats.
struct BnReluStats {
    float* mean;
    float* invstd;
    float* scale; // a = γ·invstd
    float* shift; // b = β − μ·a
};

/// Whether the current CUDA device can run these kernels: false where the build holds no code
/// for it (a GPU older than the architectures compiled for, whose code newer GPUs compile from
/// the embedded PTX). Asked once per device.
bool bnReluKernelsRunHere();

/// Batch statistics of x (n × c × hw, contiguous) into `stats`, the running statistics'
/// update (momentum; unbiased variance) and y = max(0, a·x + b). Returns nullptr, or the CUDA
/// error's text when a launch failed.
const char* launchBnReluForward(const float* x, float* y, std::int64_t n, std::int64_t c, std::int64_t hw,
                                const float* gamma, const float* beta, float* runningMean, float* runningVar,
                                float momentum, float eps, BnReluStats stats, CUstream_st* stream);

/// dx, dγ and dβ from x, dy and the forward's `stats` (all as launchBnReluForward had them).
/// Returns nullptr, or the CUDA error's text.
const char* launchBnReluBackward(const float* x, const float* dy, float* dx, std::int64_t n, std::int64_t c,
                                 std::int64_t hw, BnReluStats stats, float* dgamma, float* dbeta, CUstream_st* stream);

} // namespace naap::core::detail
