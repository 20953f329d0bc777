// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Private: the trainer's SGD step over all of a model's parameters at once.
#pragma once

#include <vector>

#include <torch/torch.h>

namespace naap::core::detail {

/// One SGD step over all `parameters` at once (torch::optim::SGD's arithmetic without dampening
/// or Nesterov: d = g + wd·p; b = m·b + d; p = p − lr·b): on CUDA in four multi-tensor kernels,
/// on the CPU in one pass per parameter; the gradients may be overwritten. `buffers` are the
/// momentum buffers, one per parameter.
void foreachSgdStep(const std::vector<torch::Tensor>& parameters, const std::vector<torch::Tensor>& buffers,
                    double lr, double momentum, double weightDecay);

} // namespace naap::core::detail
