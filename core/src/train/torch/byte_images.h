// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Private: CIFAR images kept as bytes and normalised as they are gathered into a batch.
#pragma once

#include <torch/torch.h>

namespace naap::core::detail {

/// The recipe's normalisation of uint8 pixels: x / 255, − 0.5, / 0.5, in float, in that order.
torch::Tensor normaliseBytes(const torch::Tensor& bytes);

/// Writes into `out` (resized) the float images of the rows `index` of `bytes` (uint8 CPU
/// images, dense), each byte b becoming values[b] (`values`: normaliseBytes of the 256 byte
/// values): the same floats as normaliseBytes(bytes).index_select(0, index), from a quarter of
/// the memory reads, on all of LibTorch's threads. The bytes are converted by the recipe's
/// arithmetic where it gives `values` bit for bit (checked), else looked up. Returns `out`.
const torch::Tensor& gatherBytes(torch::Tensor& out, const torch::Tensor& bytes, const torch::Tensor& values,
                                 const torch::Tensor& index);

} // namespace naap::core::detail
