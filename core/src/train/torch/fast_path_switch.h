// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Private: the environment switches that turn one of the trainer's fast paths off, to measure
// what it is worth (NAAP_TRAIN_DNNL=0, NAAP_TRAIN_DNNL_WINO_WEIGHTS=0, NAAP_TRAIN_FUSED_BN=0,
// NAAP_TRAIN_MEMORY_FORMAT=nchw, NAAP_TRAIN_SGD=plain, NAAP_TRAIN_CUDA_GRAPHS=0,
// NAAP_TRAIN_CUDNN_BENCHMARK=0, NAAP_TRAIN_CUDA_BN_RELU=off). Torch-free.
#pragma once

#include <cstdlib>
#include <string_view>

namespace naap::core::detail {

/// True unless the environment variable `variable` is set to `off`.
inline bool fastPathOn(const char* variable, std::string_view off)
{
    const char* value = std::getenv(variable);
    return value == nullptr || off != value;
}

} // namespace naap::core::detail
