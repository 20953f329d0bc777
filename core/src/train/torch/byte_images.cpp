// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "train/torch/byte_images.h"

#include "train/torch/vector_clones.h"

#include <ATen/Parallel.h>
#include <cstdint>
#include <cstring>
#include <vector>

namespace naap::core::detail {

namespace {

// The recipe's normalisation of one byte in float: b / 255, − 0.5, · 2 (exactly / 0.5).
float normalised(float b)
{
    return (b / 255.0f - 0.5f) * 2.0f;
}

// Whether normalised() gives all 256 values of the table bit for bit (LibTorch divides as IEEE
// floats do), so the bytes can be converted rather than looked up.
bool computable(const float* values)
{
    for (int b = 0; b < 256; ++b) {
        const float v = normalised(static_cast<float>(b));
        if (std::memcmp(&v, values + b, sizeof v) != 0)
            return false;
    }
    return true;
}

// One image's n bytes into floats by normalised()'s arithmetic (a division and a subtraction:
// nothing to contract), in a loop the compiler vectorises, sixteen bytes at a time under AVX-512.
NAAP_VECTOR_CLONES void convertBytes(const std::uint8_t* bytes, std::int64_t n, float* out)
{
    for (std::int64_t i = 0; i < n; ++i)
        out[i] = (static_cast<float>(bytes[i]) / 255.0f - 0.5f) * 2.0f;
}

void lookUpBytes(const std::uint8_t* bytes, std::int64_t n, const float* values, float* out)
{
    for (std::int64_t i = 0; i < n; ++i)
        out[i] = values[bytes[i]];
}

} // namespace

const torch::Tensor& gatherBytes(torch::Tensor& out, const torch::Tensor& bytes, const torch::Tensor& values,
                                 const torch::Tensor& index)
{
    const torch::Tensor rows = index.to(torch::kLong).contiguous();
    const std::int64_t n = rows.size(0), total = bytes.size(0);
    const std::int64_t pixels = bytes.stride(0);
    std::vector<std::int64_t> shape = bytes.sizes().vec();
    shape[0] = n;
    out.resize_(shape);
    const std::int64_t* row = rows.data_ptr<std::int64_t>();
    for (std::int64_t i = 0; i < n; ++i)
        TORCH_CHECK(row[i] >= 0 && row[i] < total, "Batch row ", row[i], " is outside the ", total, " training images.");
    const std::uint8_t* from = bytes.data_ptr<std::uint8_t>();
    TORCH_CHECK(values.scalar_type() == torch::kFloat32 && values.numel() == 256 && values.is_contiguous(),
                "gatherBytes needs the 256 normalised byte values.");
    const float* table = values.data_ptr<float>();
    const bool convert = computable(table);
    float* to = out.data_ptr<float>();
    at::parallel_for(0, n, 8, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t i = begin; i < end; ++i) {
            if (convert)
                convertBytes(from + row[i] * pixels, pixels, to + i * pixels);
            else
                lookUpBytes(from + row[i] * pixels, pixels, table, to + i * pixels);
        }
    });
    return out;
}

torch::Tensor normaliseBytes(const torch::Tensor& bytes)
{
    return bytes.to(torch::kFloat32).div_(255.0).sub_(0.5).div_(0.5);
}

} // namespace naap::core::detail
