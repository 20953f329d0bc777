// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "train/torch/batch_norm_relu.h"

#include <ATen/Parallel.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace naap::core::detail {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

// The kernels walk channels-last memory as rows of `c` channels; the compiler vectorises the
// inner loop over channels, and these clones let it use AVX-512 or AVX2 where the CPU has
// them while the module still runs on any x86-64.
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
#define NAAP_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NAAP_VECTOR_CLONES
#endif
#define NAAP_KERNEL __attribute__((always_inline)) inline

// Float partial sums over blocks of rows (vector-wide), added into the double totals per block.
constexpr std::int64_t kBlockRows = 64;
constexpr std::int64_t kMaxChannels = 256;

// The kernels' bodies, inlined into the clones below (one per instruction set).
template <typename Width>
NAAP_KERNEL void sumRowsT(const float* x, std::int64_t rows, Width c, double* sum, double* sumSquares)
{
    float s[kMaxChannels], q[kMaxChannels];
    for (std::int64_t r0 = 0; r0 < rows; r0 += kBlockRows) {
        std::fill(s, s + c, 0.0f);
        std::fill(q, q + c, 0.0f);
        const std::int64_t r1 = std::min(rows, r0 + kBlockRows);
        for (std::int64_t r = r0; r < r1; ++r) {
            const float* row = x + r * c;
            for (std::int64_t j = 0; j < c; ++j) {
                s[j] += row[j];
                q[j] += row[j] * row[j];
            }
        }
        for (std::int64_t j = 0; j < c; ++j) {
            sum[j] += s[j];
            sumSquares[j] += q[j];
        }
    }
}

template <typename Width>
NAAP_KERNEL void scaleShiftReluT(const float* x, float* y, std::int64_t rows, Width c, const float* scale,
                                 const float* shift)
{
    for (std::int64_t r = 0; r < rows; ++r) {
        const float* in = x + r * c;
        float* out = y + r * c;
        for (std::int64_t j = 0; j < c; ++j)
            out[j] = std::max(0.0f, in[j] * scale[j] + shift[j]);
    }
}

// Σ g and Σ g·(x − mean) per channel, g being the output gradient where the ReLU passed.
template <typename Width>
NAAP_KERNEL void sumGradientsT(const float* gy, const float* y, const float* x, std::int64_t rows, Width c,
                               const float* mean, double* sumG, double* sumGX)
{
    float s[kMaxChannels], q[kMaxChannels];
    for (std::int64_t r0 = 0; r0 < rows; r0 += kBlockRows) {
        std::fill(s, s + c, 0.0f);
        std::fill(q, q + c, 0.0f);
        const std::int64_t r1 = std::min(rows, r0 + kBlockRows);
        for (std::int64_t r = r0; r < r1; ++r) {
            const std::int64_t o = r * c;
            for (std::int64_t j = 0; j < c; ++j) {
                const float g = y[o + j] > 0.0f ? gy[o + j] : 0.0f;
                s[j] += g;
                q[j] += g * (x[o + j] - mean[j]);
            }
        }
        for (std::int64_t j = 0; j < c; ++j) {
            sumG[j] += s[j];
            sumGX[j] += q[j];
        }
    }
}

// gx = (g − Σg/M − (x − mean)·invstd²·Σg(x − mean)/M) · weight·invstd, BatchNorm's training
// gradient.
template <typename Width>
NAAP_KERNEL void inputGradientT(const float* gy, const float* y, const float* x, float* gx, std::int64_t rows, Width c,
                                const float* mean, const float* meanG, const float* k2, const float* k1)
{
    for (std::int64_t r = 0; r < rows; ++r) {
        const std::int64_t o = r * c;
        for (std::int64_t j = 0; j < c; ++j) {
            const float g = y[o + j] > 0.0f ? gy[o + j] : 0.0f;
            gx[o + j] = (g - meanG[j] - (x[o + j] - mean[j]) * k2[j]) * k1[j];
        }
    }
}

NAAP_VECTOR_CLONES void sumRows(const float* x, std::int64_t rows, std::int64_t c, double* sum, double* sumSquares)
{
    sumRowsT(x, rows, c, sum, sumSquares);
}
NAAP_VECTOR_CLONES void scaleShiftRelu(const float* x, float* y, std::int64_t rows, std::int64_t c, const float* scale,
                                       const float* shift)
{
    scaleShiftReluT(x, y, rows, c, scale, shift);
}
NAAP_VECTOR_CLONES void sumGradients(const float* gy, const float* y, const float* x, std::int64_t rows, std::int64_t c,
                                     const float* mean, double* sumG, double* sumGX)
{
    sumGradientsT(gy, y, x, rows, c, mean, sumG, sumGX);
}
NAAP_VECTOR_CLONES void inputGradient(const float* gy, const float* y, const float* x, float* gx, std::int64_t rows,
                                      std::int64_t c, const float* mean, const float* meanG, const float* k2,
                                      const float* k1)
{
    inputGradientT(gy, y, x, gx, rows, c, mean, meanG, k2, k1);
}

// The same four on blocked slabs: rows of exactly 16 channels, one 16-float vector each (one
// AVX-512 register, two AVX2 ones), the same arithmetic per element in the same order.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"
using V16 = float __attribute__((vector_size(64)));

NAAP_KERNEL V16 load16(const float* p)
{
    V16 v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

NAAP_KERNEL void store16(float* p, V16 v)
{
    std::memcpy(p, &v, sizeof v);
}

NAAP_VECTOR_CLONES void sumRows16(const float* x, std::int64_t rows, double* sum, double* sumSquares)
{
    for (std::int64_t r0 = 0; r0 < rows; r0 += kBlockRows) {
        V16 s{}, q{};
        const std::int64_t r1 = std::min(rows, r0 + kBlockRows);
        for (std::int64_t r = r0; r < r1; ++r) {
            const V16 v = load16(x + r * 16);
            s += v;
            q += v * v;
        }
        for (int j = 0; j < 16; ++j) {
            sum[j] += s[j];
            sumSquares[j] += q[j];
        }
    }
}

NAAP_VECTOR_CLONES void scaleShiftRelu16(const float* x, float* y, std::int64_t rows, const float* scale,
                                         const float* shift)
{
    const V16 a = load16(scale), b = load16(shift), zero{};
    for (std::int64_t r = 0; r < rows; ++r) {
        const V16 v = load16(x + r * 16) * a + b;
        store16(y + r * 16, v > zero ? v : zero);
    }
}

NAAP_VECTOR_CLONES void sumGradients16(const float* gy, const float* y, const float* x, std::int64_t rows,
                                       const float* mean, double* sumG, double* sumGX)
{
    const V16 m = load16(mean), zero{};
    for (std::int64_t r0 = 0; r0 < rows; r0 += kBlockRows) {
        V16 s{}, q{};
        const std::int64_t r1 = std::min(rows, r0 + kBlockRows);
        for (std::int64_t r = r0; r < r1; ++r) {
            const V16 g = load16(y + r * 16) > zero ? load16(gy + r * 16) : zero;
            s += g;
            q += g * (load16(x + r * 16) - m);
        }
        for (int j = 0; j < 16; ++j) {
            sumG[j] += s[j];
            sumGX[j] += q[j];
        }
    }
}

NAAP_VECTOR_CLONES void inputGradient16(const float* gy, const float* y, const float* x, float* gx, std::int64_t rows,
                                        const float* mean, const float* meanG, const float* k2, const float* k1)
{
    const V16 m = load16(mean), mg = load16(meanG), a = load16(k2), b = load16(k1), zero{};
    for (std::int64_t r = 0; r < rows; ++r) {
        const V16 g = load16(y + r * 16) > zero ? load16(gy + r * 16) : zero;
        store16(gx + r * 16, (g - mg - (load16(x + r * 16) - m) * a) * b);
    }
}
#pragma GCC diagnostic pop

// Runs `body(chunk, firstRow, rows)` over `threads` fixed chunks of the rows, so that sums
// combined in chunk order are the same on every run with that many threads.
template <typename Body>
void forChunks(std::int64_t rows, int threads, const Body& body)
{
    at::parallel_for(0, threads, 1, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t k = begin; k < end; ++k) {
            const std::int64_t first = rows * k / threads;
            body(k, first, rows * (k + 1) / threads - first);
        }
    });
}

// Per-channel sums of two quantities over all rows: partial sums per chunk, added in order.
template <typename Kernel>
std::vector<double> channelSums(std::int64_t rows, std::int64_t c, const Kernel& kernel)
{
    const int threads = std::max(1, at::get_num_threads());
    std::vector<double> partial(static_cast<std::size_t>(threads * 2 * c), 0.0);
    forChunks(rows, threads, [&](std::int64_t k, std::int64_t first, std::int64_t n) {
        double* p = partial.data() + k * 2 * c;
        kernel(first, n, p, p + c);
    });
    std::vector<double> total(static_cast<std::size_t>(2 * c), 0.0);
    for (int k = 0; k < threads; ++k)
        for (std::int64_t j = 0; j < 2 * c; ++j)
            total[j] += partial[k * 2 * c + j];
    return total;
}

class BatchNormReluFunction : public torch::autograd::Function<BatchNormReluFunction> {
public:
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& weight,
                                 const torch::Tensor& bias, torch::Tensor runningMean, torch::Tensor runningVar,
                                 double momentum, double eps)
    {
        const std::int64_t c = x.size(1);
        const std::int64_t rows = x.numel() / c;
        TORCH_CHECK(rows > 1, "BatchNorm needs more than one value per channel in training.");
        const float* px = x.data_ptr<float>();
        const std::vector<double> sums = channelSums(rows, c, [&](std::int64_t first, std::int64_t n, double* s,
                                                                 double* q) { sumRows(px + first * c, n, c, s, q); });
        const torch::Tensor w = weight.contiguous();
        const torch::Tensor b = bias.contiguous();
        torch::Tensor mean = torch::empty({c}, x.options());
        torch::Tensor invstd = torch::empty({c}, x.options());
        torch::Tensor scale = torch::empty({c}, x.options());
        torch::Tensor shift = torch::empty({c}, x.options());
        std::vector<double> unbiasedVar(static_cast<std::size_t>(c));
        for (std::int64_t j = 0; j < c; ++j) {
            const double m = sums[j] / static_cast<double>(rows);
            const double var = std::max(0.0, sums[c + j] / static_cast<double>(rows) - m * m);
            const double is = 1.0 / std::sqrt(var + eps);
            mean.data_ptr<float>()[j] = static_cast<float>(m);
            invstd.data_ptr<float>()[j] = static_cast<float>(is);
            scale.data_ptr<float>()[j] = static_cast<float>(w.data_ptr<float>()[j] * is);
            shift.data_ptr<float>()[j] = static_cast<float>(b.data_ptr<float>()[j] - m * w.data_ptr<float>()[j] * is);
            unbiasedVar[j] = var * static_cast<double>(rows) / static_cast<double>(rows - 1);
        }
        torch::Tensor y = torch::empty_like(x, torch::MemoryFormat::ChannelsLast);
        float* py = y.data_ptr<float>();
        forChunks(rows, std::max(1, at::get_num_threads()), [&](std::int64_t, std::int64_t first, std::int64_t n) {
            scaleShiftRelu(px + first * c, py + first * c, n, c, scale.data_ptr<float>(), shift.data_ptr<float>());
        });
        runningMean.mul_(1.0 - momentum).add_(mean, momentum);
        runningVar.mul_(1.0 - momentum)
            .add_(torch::tensor(unbiasedVar, torch::TensorOptions().dtype(torch::kDouble)).to(runningVar.dtype()),
                  momentum);
        ctx->save_for_backward({x, y, w, mean, invstd});
        return y;
    }

    static tensor_list backward(AutogradContext* ctx, tensor_list gradOutputs)
    {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor& x = saved[0];
        const torch::Tensor& y = saved[1];
        const torch::Tensor& w = saved[2];
        const torch::Tensor& mean = saved[3];
        const torch::Tensor& invstd = saved[4];
        const torch::Tensor gy = gradOutputs[0].contiguous(torch::MemoryFormat::ChannelsLast);
        const std::int64_t c = x.size(1);
        const std::int64_t rows = x.numel() / c;
        const float *px = x.data_ptr<float>(), *py = y.data_ptr<float>(), *pg = gy.data_ptr<float>();
        const float* pm = mean.data_ptr<float>();
        const std::vector<double> sums =
            channelSums(rows, c, [&](std::int64_t first, std::int64_t n, double* sg, double* sgx) {
                sumGradients(pg + first * c, py + first * c, px + first * c, n, c, pm, sg, sgx);
            });
        torch::Tensor gradWeight = torch::empty({c}, x.options());
        torch::Tensor gradBias = torch::empty({c}, x.options());
        std::vector<float> meanG(static_cast<std::size_t>(c)), k2(static_cast<std::size_t>(c)),
            k1(static_cast<std::size_t>(c));
        for (std::int64_t j = 0; j < c; ++j) {
            const double is = invstd.data_ptr<float>()[j];
            gradWeight.data_ptr<float>()[j] = static_cast<float>(sums[c + j] * is);
            gradBias.data_ptr<float>()[j] = static_cast<float>(sums[j]);
            meanG[j] = static_cast<float>(sums[j] / static_cast<double>(rows));
            k2[j] = static_cast<float>(is * is * sums[c + j] / static_cast<double>(rows));
            k1[j] = static_cast<float>(w.data_ptr<float>()[j] * is);
        }
        torch::Tensor gx = torch::empty_like(x, torch::MemoryFormat::ChannelsLast);
        float* pgx = gx.data_ptr<float>();
        forChunks(rows, std::max(1, at::get_num_threads()), [&](std::int64_t, std::int64_t first, std::int64_t n) {
            inputGradient(pg + first * c, py + first * c, px + first * c, pgx + first * c, n, c, pm, meanG.data(),
                          k2.data(), k1.data());
        });
        return {gx, gradWeight, gradBias, torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

// Blocked activations (dnnl_layers.h): N·⌈C/16⌉ slabs of H·W rows of 16 channels, slab s
// holding channels 16·(s mod ⌈C/16⌉) onward. The row kernels above run slab by slab, each
// thread over a fixed range of slabs, with per-channel arrays padded to whole blocks: the
// padding channels get scale, shift and gradient factors 0, so they stay zero both ways.
struct Blocked {
    std::int64_t slabs;  ///< N·blocks
    std::int64_t blocks; ///< ⌈C/16⌉
    std::int64_t rows;   ///< H·W per slab
    std::int64_t width;  ///< 16·blocks: padded channels
    const float* slab(const float* p, std::int64_t s) const { return p + s * rows * kBlockWidth; }
    float* slab(float* p, std::int64_t s) const { return p + s * rows * kBlockWidth; }
    std::int64_t channel0(std::int64_t s) const { return (s % blocks) * kBlockWidth; }
    static constexpr std::int64_t kBlockWidth = 16;
};

Blocked blockedShape(const torch::Tensor& x)
{
    return {x.size(0) * x.size(1), x.size(1), x.size(2) * x.size(3), x.size(1) * Blocked::kBlockWidth};
}

/// Per padded channel, sums of two quantities over every slab: kernel(slab, sums, sums2) adds
/// one slab's into the 16 channels given.
template <typename Kernel>
std::vector<double> blockedSums(const Blocked& b, const Kernel& kernel)
{
    const int threads = std::max(1, at::get_num_threads());
    std::vector<double> partial(static_cast<std::size_t>(threads * 2 * b.width), 0.0);
    forChunks(b.slabs, threads, [&](std::int64_t k, std::int64_t first, std::int64_t n) {
        double* p = partial.data() + k * 2 * b.width;
        for (std::int64_t s = first; s < first + n; ++s)
            kernel(s, p + b.channel0(s), p + b.width + b.channel0(s));
    });
    std::vector<double> total(static_cast<std::size_t>(2 * b.width), 0.0);
    for (int k = 0; k < threads; ++k)
        for (std::int64_t j = 0; j < 2 * b.width; ++j)
            total[j] += partial[k * 2 * b.width + j];
    return total;
}

/// out[s] = relu(x·scale + shift) slab by slab (scale and shift padded).
void blockedScaleShiftRelu(const Blocked& b, const float* x, float* y, const float* scale, const float* shift)
{
    forChunks(b.slabs, std::max(1, at::get_num_threads()), [&](std::int64_t, std::int64_t first, std::int64_t n) {
        for (std::int64_t s = first; s < first + n; ++s)
            scaleShiftRelu16(b.slab(x, s), b.slab(y, s), b.rows, scale + b.channel0(s), shift + b.channel0(s));
    });
}

class BlockedBatchNormReluFunction : public torch::autograd::Function<BlockedBatchNormReluFunction> {
public:
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& weight,
                                 const torch::Tensor& bias, torch::Tensor runningMean, torch::Tensor runningVar,
                                 double momentum, double eps)
    {
        const Blocked b = blockedShape(x);
        const std::int64_t c = weight.size(0);
        const std::int64_t count = x.size(0) * b.rows; // values per channel
        TORCH_CHECK(count > 1, "BatchNorm needs more than one value per channel in training.");
        TORCH_CHECK(c <= b.width && c > b.width - Blocked::kBlockWidth, "Blocked BatchNorm: channel count mismatch.");
        const float* px = x.data_ptr<float>();
        const std::vector<double> sums = blockedSums(b, [&](std::int64_t s, double* sum, double* sq) {
            sumRows16(b.slab(px, s), b.rows, sum, sq);
        });
        const torch::Tensor w = weight.contiguous();
        const torch::Tensor bi = bias.contiguous();
        const auto padded = x.options().dtype(torch::kFloat32);
        torch::Tensor mean = torch::zeros({b.width}, padded);
        torch::Tensor invstd = torch::zeros({b.width}, padded);
        torch::Tensor scale = torch::zeros({b.width}, padded);
        torch::Tensor shift = torch::zeros({b.width}, padded);
        std::vector<double> unbiasedVar(static_cast<std::size_t>(c));
        for (std::int64_t j = 0; j < c; ++j) {
            const double m = sums[j] / static_cast<double>(count);
            const double var = std::max(0.0, sums[b.width + j] / static_cast<double>(count) - m * m);
            const double is = 1.0 / std::sqrt(var + eps);
            mean.data_ptr<float>()[j] = static_cast<float>(m);
            invstd.data_ptr<float>()[j] = static_cast<float>(is);
            scale.data_ptr<float>()[j] = static_cast<float>(w.data_ptr<float>()[j] * is);
            shift.data_ptr<float>()[j] = static_cast<float>(bi.data_ptr<float>()[j] - m * w.data_ptr<float>()[j] * is);
            unbiasedVar[j] = var * static_cast<double>(count) / static_cast<double>(count - 1);
        }
        torch::Tensor y = torch::empty_like(x);
        blockedScaleShiftRelu(b, px, y.data_ptr<float>(), scale.data_ptr<float>(), shift.data_ptr<float>());
        runningMean.mul_(1.0 - momentum).add_(mean.narrow(0, 0, c), momentum);
        runningVar.mul_(1.0 - momentum)
            .add_(torch::tensor(unbiasedVar, torch::TensorOptions().dtype(torch::kDouble)).to(runningVar.dtype()),
                  momentum);
        ctx->save_for_backward({x, y, w, mean, invstd});
        return y;
    }

    static tensor_list backward(AutogradContext* ctx, tensor_list gradOutputs)
    {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor& x = saved[0];
        const torch::Tensor& y = saved[1];
        const torch::Tensor& w = saved[2];
        const torch::Tensor& mean = saved[3];
        const torch::Tensor& invstd = saved[4];
        const torch::Tensor gy = gradOutputs[0].contiguous();
        const Blocked b = blockedShape(x);
        const std::int64_t c = w.size(0);
        const std::int64_t count = x.size(0) * b.rows;
        const float *px = x.data_ptr<float>(), *py = y.data_ptr<float>(), *pg = gy.data_ptr<float>();
        const float* pm = mean.data_ptr<float>();
        const std::vector<double> sums = blockedSums(b, [&](std::int64_t s, double* sg, double* sgx) {
            sumGradients16(b.slab(pg, s), b.slab(py, s), b.slab(px, s), b.rows, pm + b.channel0(s), sg, sgx);
        });
        torch::Tensor gradWeight = torch::empty({c}, w.options());
        torch::Tensor gradBias = torch::empty({c}, w.options());
        std::vector<float> meanG(static_cast<std::size_t>(b.width), 0.0f), k2(meanG), k1(meanG);
        for (std::int64_t j = 0; j < c; ++j) {
            const double is = invstd.data_ptr<float>()[j];
            gradWeight.data_ptr<float>()[j] = static_cast<float>(sums[b.width + j] * is);
            gradBias.data_ptr<float>()[j] = static_cast<float>(sums[j]);
            meanG[j] = static_cast<float>(sums[j] / static_cast<double>(count));
            k2[j] = static_cast<float>(is * is * sums[b.width + j] / static_cast<double>(count));
            k1[j] = static_cast<float>(w.data_ptr<float>()[j] * is);
        }
        torch::Tensor gx = torch::empty_like(x);
        float* pgx = gx.data_ptr<float>();
        forChunks(b.slabs, std::max(1, at::get_num_threads()), [&](std::int64_t, std::int64_t first, std::int64_t n) {
            for (std::int64_t s = first; s < first + n; ++s) {
                const std::int64_t c0 = b.channel0(s);
                inputGradient16(b.slab(pg, s), b.slab(py, s), b.slab(px, s), b.slab(pgx, s), b.rows, pm + c0,
                                meanG.data() + c0, k2.data() + c0, k1.data() + c0);
            }
        });
        return {gx, gradWeight, gradBias, torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

} // namespace

bool batchNormReluApplies(const torch::Tensor& x)
{
    return x.device().is_cpu() && x.size(1) <= kMaxChannels && x.scalar_type() == torch::kFloat32 && x.dim() == 4 &&
           x.is_contiguous(torch::MemoryFormat::ChannelsLast);
}

torch::Tensor batchNormRelu(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                            torch::Tensor& runningMean, torch::Tensor& runningVar, double momentum, double eps)
{
    return BatchNormReluFunction::apply(x, weight, bias, runningMean, runningVar, momentum, eps);
}

} // namespace naap::core::detail

namespace naap::core::detail {

torch::Tensor blockedBatchNormRelu(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                                   torch::Tensor& runningMean, torch::Tensor& runningVar, double momentum, double eps)
{
    TORCH_CHECK(x.dim() == 5 && x.size(4) == 16 && x.is_contiguous() && x.scalar_type() == torch::kFloat32,
                "blockedBatchNormRelu takes blocked activations.");
    return BlockedBatchNormReluFunction::apply(x, weight, bias, runningMean, runningVar, momentum, eps);
}

torch::Tensor blockedBatchNormReluEval(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                                       const torch::Tensor& runningMean, const torch::Tensor& runningVar, double eps)
{
    TORCH_CHECK(x.dim() == 5 && x.size(4) == 16 && x.is_contiguous() && x.scalar_type() == torch::kFloat32,
                "blockedBatchNormReluEval takes blocked activations.");
    const Blocked b = blockedShape(x);
    const std::int64_t c = weight.size(0);
    // BatchNorm's inference formula, as LibTorch computes it: (x − mean)·invstd·w + bias.
    const torch::Tensor invstd = (runningVar.to(torch::kFloat32) + eps).rsqrt();
    const torch::Tensor scaleC = weight.to(torch::kFloat32) * invstd;
    const torch::Tensor shiftC = bias.to(torch::kFloat32) - runningMean.to(torch::kFloat32) * scaleC;
    torch::Tensor scale = torch::zeros({b.width}, torch::kFloat32);
    torch::Tensor shift = torch::zeros({b.width}, torch::kFloat32);
    scale.narrow(0, 0, c).copy_(scaleC);
    shift.narrow(0, 0, c).copy_(shiftC);
    torch::Tensor y = torch::empty_like(x);
    blockedScaleShiftRelu(b, x.data_ptr<float>(), y.data_ptr<float>(), scale.data_ptr<float>(),
                          shift.data_ptr<float>());
    return y;
}

} // namespace naap::core::detail
