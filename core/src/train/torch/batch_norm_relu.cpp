// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "train/torch/batch_norm_relu.h"

#include <ATen/Parallel.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
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

// Float partial sums over blocks of rows (vector-wide), added into the double totals per block.
constexpr std::int64_t kBlockRows = 64;
constexpr std::int64_t kMaxChannels = 256;

NAAP_VECTOR_CLONES void sumRows(const float* x, std::int64_t rows, std::int64_t c, double* sum, double* sumSquares)
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

NAAP_VECTOR_CLONES void scaleShiftRelu(const float* x, float* y, std::int64_t rows, std::int64_t c, const float* scale,
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
NAAP_VECTOR_CLONES void sumGradients(const float* gy, const float* y, const float* x, std::int64_t rows, std::int64_t c,
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
NAAP_VECTOR_CLONES void inputGradient(const float* gy, const float* y, const float* x, float* gx, std::int64_t rows,
                                      std::int64_t c, const float* mean, const float* meanG, const float* k2,
                                      const float* k1)
{
    for (std::int64_t r = 0; r < rows; ++r) {
        const std::int64_t o = r * c;
        for (std::int64_t j = 0; j < c; ++j) {
            const float g = y[o + j] > 0.0f ? gy[o + j] : 0.0f;
            gx[o + j] = (g - meanG[j] - (x[o + j] - mean[j]) * k2[j]) * k1[j];
        }
    }
}

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
