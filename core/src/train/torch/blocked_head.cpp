// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "train/torch/blocked_head.h"

#include "train/torch/vector_clones.h"

#include <ATen/Parallel.h>
#include <algorithm>
#include <cstdint>
#include <cstring>

namespace naap::core::detail {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

constexpr std::int64_t kW = 16;       // channels a block
constexpr std::int64_t kRowsRun = 64; // rows summed in float before the slab's total takes them

// The mean of one slab (H·W rows of 16 channels) into its first n channels of `out`.
void poolSlab(const float* x, std::int64_t rows, float scale, float* out, std::int64_t n)
{
    float total[kW] = {};
    for (std::int64_t r0 = 0; r0 < rows; r0 += kRowsRun) {
        float s[kW] = {};
        const std::int64_t r1 = std::min(rows, r0 + kRowsRun);
        for (std::int64_t r = r0; r < r1; ++r)
            for (std::int64_t j = 0; j < kW; ++j)
                s[j] += x[r * kW + j];
        for (std::int64_t j = 0; j < kW; ++j)
            total[j] += s[j];
    }
    for (std::int64_t j = 0; j < n; ++j)
        out[j] = total[j] * scale;
}

// The pooling's gradient: every row of the slab gets g·scale in its first n channels, zero in
// the rest.
void spreadSlab(const float* g, std::int64_t rows, float scale, float* gx, std::int64_t n)
{
    float v[kW] = {};
    for (std::int64_t j = 0; j < n; ++j)
        v[j] = g[j] * scale;
    for (std::int64_t r = 0; r < rows; ++r)
        std::memcpy(gx + r * kW, v, sizeof v);
}

class BlockedHeadFunction : public torch::autograd::Function<BlockedHeadFunction> {
public:
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& weight,
                                 const torch::Tensor& bias)
    {
        const std::int64_t channels = weight.size(1);
        TORCH_CHECK(x.dim() == 5 && x.size(4) == kW && x.is_contiguous() && x.scalar_type() == torch::kFloat32 &&
                        channels <= x.size(1) * kW && channels > (x.size(1) - 1) * kW,
                    "blockedHead takes dense blocked float activations holding the classifier's channels.");
        const std::int64_t images = x.size(0), blocks = x.size(1), rows = x.size(2) * x.size(3);
        const float scale = 1.0f / static_cast<float>(rows);
        torch::Tensor pooled = torch::empty({images, channels}, x.options());
        const float* px = x.data_ptr<float>();
        float* pp = pooled.data_ptr<float>();
        at::parallel_for(0, images * blocks, 16, [&](std::int64_t begin, std::int64_t end) {
            for (std::int64_t s = begin; s < end; ++s) {
                const std::int64_t n = s / blocks, c0 = (s % blocks) * kW;
                poolSlab(px + s * rows * kW, rows, scale, pp + n * channels + c0, std::min(kW, channels - c0));
            }
        });
        ctx->saved_data["sizes"] = x.sizes().vec();
        ctx->save_for_backward({pooled, weight.contiguous()});
        return classifierForward(pooled, weight, bias);
    }

    static tensor_list backward(AutogradContext* ctx, tensor_list gradOutputs)
    {
        const std::vector<std::int64_t> sizes = ctx->saved_data["sizes"].toIntVector();
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor& pooled = saved[0];
        const torch::Tensor& w = saved[1];
        const std::int64_t images = sizes[0], blocks = sizes[1], rows = sizes[2] * sizes[3];
        const std::int64_t channels = w.size(1);
        auto [gw, gb, gp] = classifierBackward(gradOutputs[0], pooled, w);
        const float* pgp = gp.data_ptr<float>();
        const float scale = 1.0f / static_cast<float>(rows);
        torch::Tensor gx = torch::empty(sizes, gp.options());
        float* pgx = gx.data_ptr<float>();
        at::parallel_for(0, images * blocks, 16, [&](std::int64_t begin, std::int64_t end) {
            for (std::int64_t s = begin; s < end; ++s) {
                const std::int64_t n = s / blocks, c0 = (s % blocks) * kW;
                spreadSlab(pgp + n * channels + c0, rows, scale, pgx + s * rows * kW, std::min(kW, channels - c0));
            }
        });
        return {gx, gw, gb};
    }
};

} // namespace

namespace {

// out (N × K) = pooled (N × C) · wᵀ + bias, with the weights given transposed and padded to 16
// classes a channel (C × 16, zeros after the K real ones): each image's K outputs are one
// 16-float vector summing its C products in channel order from zero, then adding the bias, as
// a dot product per output would, without waiting on one sum's additions in turn.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"
using V16 = float __attribute__((vector_size(64)));
constexpr std::int64_t kMaxClasses = 16;

NAAP_VECTOR_CLONES void classify(const float* pooled, const float* wT16, const float* bias, float* out,
                                 std::int64_t images, std::int64_t channels, std::int64_t classes)
{
    V16 b{};
    std::memcpy(&b, bias, static_cast<std::size_t>(classes) * sizeof(float));
    for (std::int64_t n = 0; n < images; ++n) {
        V16 o{};
        for (std::int64_t c = 0; c < channels; ++c) {
            V16 w;
            std::memcpy(&w, wT16 + c * kMaxClasses, sizeof w);
            o += pooled[n * channels + c] * w;
        }
        o += b;
        std::memcpy(out + n * classes, &o, static_cast<std::size_t>(classes) * sizeof(float));
    }
}
#pragma GCC diagnostic pop

// The classifier's three gradients, summed over the images in order.
NAAP_VECTOR_CLONES void classifierGradients(const float* g, const float* pooled, const float* w, float* gw, float* gb,
                                            float* gp, std::int64_t images, std::int64_t channels, std::int64_t classes)
{
    for (std::int64_t n = 0; n < images; ++n)
        for (std::int64_t k = 0; k < classes; ++k) {
            const float gk = g[n * classes + k];
            gb[k] += gk;
            for (std::int64_t c = 0; c < channels; ++c) {
                gw[k * channels + c] += gk * pooled[n * channels + c];
                gp[n * channels + c] += gk * w[k * channels + c];
            }
        }
}

} // namespace

torch::Tensor classifierForward(const torch::Tensor& pooled, const torch::Tensor& weight, const torch::Tensor& bias)
{
    const std::int64_t images = pooled.size(0), channels = weight.size(1), classes = weight.size(0);
    TORCH_CHECK(classes <= kMaxClasses, "The CPU classifier takes at most ", kMaxClasses, " classes.");
    const torch::Tensor p = pooled.contiguous(), b = bias.contiguous();
    torch::Tensor wT16 = torch::zeros({channels, kMaxClasses}, p.options());
    wT16.narrow(1, 0, classes).copy_(weight.t());
    torch::Tensor out = torch::empty({images, classes}, p.options());
    classify(p.data_ptr<float>(), wT16.data_ptr<float>(), b.data_ptr<float>(), out.data_ptr<float>(), images, channels,
             classes);
    return out;
}

std::array<torch::Tensor, 3> classifierBackward(const torch::Tensor& g, const torch::Tensor& pooled,
                                                const torch::Tensor& weight)
{
    const torch::Tensor gc = g.contiguous(), p = pooled.contiguous(), w = weight.contiguous();
    const std::int64_t images = p.size(0), classes = w.size(0), channels = w.size(1);
    torch::Tensor gw = torch::zeros({classes, channels}, w.options());
    torch::Tensor gb = torch::zeros({classes}, w.options());
    torch::Tensor gp = torch::zeros({images, channels}, w.options());
    classifierGradients(gc.data_ptr<float>(), p.data_ptr<float>(), w.data_ptr<float>(), gw.data_ptr<float>(),
                        gb.data_ptr<float>(), gp.data_ptr<float>(), images, channels, classes);
    return {gw, gb, gp};
}

torch::Tensor blockedHead(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias)
{
    return BlockedHeadFunction::apply(x, weight, bias);
}

} // namespace naap::core::detail
