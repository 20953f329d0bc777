// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "train/torch/batch_norm_relu.h"

#include "train/torch/blocked_head.h"
#include "train/torch/vector_clones.h"

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
// inner loop over channels (NAAP_VECTOR_CLONES: for AVX-512 or AVX2 where the CPU has them).
#define NAAP_INLINE __attribute__((always_inline)) inline

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

// Σ g and Σ g·(x − mean) per channel, g being the output gradient where the ReLU passed. The
// ReLU's mask is recomputed from x (x·scale + shift > 0, the forward's own arithmetic) rather
// than read from the output: the backward then reads two arrays instead of three.
NAAP_VECTOR_CLONES void sumGradients(const float* gy, const float* x, std::int64_t rows, std::int64_t c,
                                     const float* scale, const float* shift, const float* mean, double* sumG,
                                     double* sumGX)
{
    float s[kMaxChannels], q[kMaxChannels];
    for (std::int64_t r0 = 0; r0 < rows; r0 += kBlockRows) {
        std::fill(s, s + c, 0.0f);
        std::fill(q, q + c, 0.0f);
        const std::int64_t r1 = std::min(rows, r0 + kBlockRows);
        for (std::int64_t r = r0; r < r1; ++r) {
            const std::int64_t o = r * c;
            for (std::int64_t j = 0; j < c; ++j) {
                const float g = x[o + j] * scale[j] + shift[j] > 0.0f ? gy[o + j] : 0.0f;
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
NAAP_VECTOR_CLONES void inputGradient(const float* gy, const float* x, float* gx, std::int64_t rows, std::int64_t c,
                                      const float* scale, const float* shift, const float* mean, const float* meanG,
                                      const float* k2, const float* k1)
{
    for (std::int64_t r = 0; r < rows; ++r) {
        const std::int64_t o = r * c;
        for (std::int64_t j = 0; j < c; ++j) {
            const float g = x[o + j] * scale[j] + shift[j] > 0.0f ? gy[o + j] : 0.0f;
            gx[o + j] = (g - meanG[j] - (x[o + j] - mean[j]) * k2[j]) * k1[j];
        }
    }
}

// The same four on blocked slabs: rows of exactly 16 channels, one 16-float vector each (one
// AVX-512 register, two AVX2 ones), the same arithmetic per element in the same order.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"
using V16 = float __attribute__((vector_size(64)));

NAAP_INLINE V16 load16(const float* p)
{
    V16 v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

NAAP_INLINE void store16(float* p, V16 v)
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

NAAP_VECTOR_CLONES void sumGradients16(const float* gy, const float* x, std::int64_t rows, const float* scale,
                                       const float* shift, const float* mean, double* sumG, double* sumGX)
{
    const V16 a = load16(scale), b = load16(shift), m = load16(mean), zero{};
    for (std::int64_t r0 = 0; r0 < rows; r0 += kBlockRows) {
        V16 s{}, q{};
        const std::int64_t r1 = std::min(rows, r0 + kBlockRows);
        for (std::int64_t r = r0; r < r1; ++r) {
            const V16 v = load16(x + r * 16);
            const V16 g = v * a + b > zero ? load16(gy + r * 16) : zero;
            s += g;
            q += g * (v - m);
        }
        for (int j = 0; j < 16; ++j) {
            sumG[j] += s[j];
            sumGX[j] += q[j];
        }
    }
}

NAAP_VECTOR_CLONES void inputGradient16(const float* gy, const float* x, float* gx, std::int64_t rows,
                                        const float* scale, const float* shift, const float* mean, const float* meanG,
                                        const float* k2, const float* k1)
{
    const V16 sc = load16(scale), sh = load16(shift), m = load16(mean), mg = load16(meanG), a = load16(k2),
              b = load16(k1), zero{};
    for (std::int64_t r = 0; r < rows; ++r) {
        const V16 v = load16(x + r * 16);
        const V16 g = v * sc + sh > zero ? load16(gy + r * 16) : zero;
        store16(gx + r * 16, (g - mg - (v - m) * a) * b);
    }
}
// The network's last layer in training, one slab: the ReLU'd normalised values summed (the
// pooling; the output itself is never stored), and per channel how many values the ReLU
// passed and Σ (x − mean) over them, which make the backward's sums.
NAAP_VECTOR_CLONES void poolSlab16(const float* x, std::int64_t rows, const float* scale, const float* shift,
                                   const float* mean, float* pooled, float* passed, float* centred)
{
    const V16 a = load16(scale), b = load16(shift), m = load16(mean), zero{}, one = zero + 1.0f;
    V16 ps{}, pc{}, pz{};
    for (std::int64_t r0 = 0; r0 < rows; r0 += kBlockRows) {
        V16 s{}, c{}, z{};
        const std::int64_t r1 = std::min(rows, r0 + kBlockRows);
        for (std::int64_t r = r0; r < r1; ++r) {
            const V16 v = load16(x + r * 16);
            const V16 t = v * a + b;
            s += t > zero ? t : zero;
            c += t > zero ? one : zero;
            z += t > zero ? v - m : zero;
        }
        ps += s;
        pc += c;
        pz += z;
    }
    store16(pooled, ps);
    store16(passed, pc);
    store16(centred, pz);
}

// inputGradient16 where the output gradient is the same vector g in every row of the slab
// (the pooling's gradient).
NAAP_VECTOR_CLONES void pooledGradient16(const float* x, float* gx, std::int64_t rows, const float* g,
                                         const float* scale, const float* shift, const float* mean,
                                         const float* meanG, const float* k2, const float* k1)
{
    const V16 gv = load16(g), sc = load16(scale), sh = load16(shift), m = load16(mean), mg = load16(meanG),
              a = load16(k2), b = load16(k1), zero{};
    for (std::int64_t r = 0; r < rows; ++r) {
        const V16 v = load16(x + r * 16);
        const V16 gr = v * sc + sh > zero ? gv : zero;
        store16(gx + r * 16, (gr - mg - (v - m) * a) * b);
    }
}
#pragma GCC diagnostic pop

// Runs `body(chunk, first, count)` over `threads` fixed chunks of the units, so that sums
// combined in chunk order are the same on every run with that many threads.
template <typename Body>
void forChunks(std::int64_t units, int threads, const Body& body)
{
    at::parallel_for(0, threads, 1, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t k = begin; k < end; ++k) {
            const std::int64_t first = units * k / threads;
            body(k, first, units * (k + 1) / threads - first);
        }
    });
}

// forChunks over as many chunks as LibTorch has threads.
template <typename Body>
void forThreadChunks(std::int64_t units, const Body& body)
{
    forChunks(units, std::max(1, at::get_num_threads()), body);
}

// Per-channel sums of two quantities over all units (rows or slabs; `width` channels):
// partial sums per chunk, added in order.
template <typename Kernel>
std::vector<double> channelSums(std::int64_t units, std::int64_t width, const Kernel& kernel)
{
    const int threads = std::max(1, at::get_num_threads());
    std::vector<double> partial(static_cast<std::size_t>(threads * 2 * width), 0.0);
    forChunks(units, threads, [&](std::int64_t k, std::int64_t first, std::int64_t n) {
        double* p = partial.data() + k * 2 * width;
        kernel(first, n, p, p + width);
    });
    std::vector<double> total(static_cast<std::size_t>(2 * width), 0.0);
    for (int k = 0; k < threads; ++k)
        for (std::int64_t j = 0; j < 2 * width; ++j)
            total[j] += partial[k * 2 * width + j];
    return total;
}

// The forward's per-channel mean, scale and shift, which the backward's kernels take.
struct Factors {
    const float* mean;
    const float* scale;
    const float* shift;
};

// The two layouts BatchNorm + ReLU runs on. Each splits its work into units shared out among
// the threads in fixed chunks, and keeps per-channel arrays of width() entries.
//
// Channels-last: N·H·W rows of C channels, the units.
struct RowsLayout {
    std::int64_t rows;
    std::int64_t c;
    RowsLayout(const torch::Tensor& x, std::int64_t) : rows(x.numel() / x.size(1)), c(x.size(1)) {}
    std::int64_t units() const { return rows; }
    std::int64_t width() const { return c; }
    std::int64_t count() const { return rows; } ///< values per channel
    torch::Tensor like(const torch::Tensor& x) const { return torch::empty_like(x, torch::MemoryFormat::ChannelsLast); }
    torch::Tensor dense(const torch::Tensor& g) const { return g.contiguous(torch::MemoryFormat::ChannelsLast); }
    void sums(const float* x, std::int64_t first, std::int64_t n, double* s, double* q) const
    {
        sumRows(x + first * c, n, c, s, q);
    }
    void normalise(const float* x, float* y, std::int64_t first, std::int64_t n, const float* scale,
                   const float* shift) const
    {
        scaleShiftRelu(x + first * c, y + first * c, n, c, scale, shift);
    }
    void gradientSums(const float* gy, const float* x, std::int64_t first, std::int64_t n, const Factors& f,
                      double* sg, double* sgx) const
    {
        sumGradients(gy + first * c, x + first * c, n, c, f.scale, f.shift, f.mean, sg, sgx);
    }
    void gradient(const float* gy, const float* x, float* gx, std::int64_t first, std::int64_t n, const Factors& f,
                  const float* meanG, const float* k2, const float* k1) const
    {
        const std::int64_t o = first * c;
        inputGradient(gy + o, x + o, gx + o, n, c, f.scale, f.shift, f.mean, meanG, k2, k1);
    }
};

// Blocked (dnnl_layers.h): N·⌈C/16⌉ slabs of H·W rows of 16 channels, the units; slab s holds
// channels 16·(s mod ⌈C/16⌉) onward. Per-channel arrays cover whole blocks: the padding
// channels get scale, shift and gradient factors 0, so they stay zero both ways.
struct BlocksLayout {
    static constexpr std::int64_t kW = 16;
    std::int64_t slabs;
    std::int64_t blocks;
    std::int64_t rows; ///< H·W
    std::int64_t images;
    BlocksLayout(const torch::Tensor& x, std::int64_t channels)
        : slabs(x.size(0) * x.size(1)), blocks(x.size(1)), rows(x.size(2) * x.size(3)), images(x.size(0))
    {
        TORCH_CHECK(x.dim() == 5 && x.size(4) == kW && channels <= blocks * kW && channels > (blocks - 1) * kW,
                    "Blocked BatchNorm: the activations do not hold the channels.");
    }
    std::int64_t units() const { return slabs; }
    std::int64_t width() const { return blocks * kW; }
    std::int64_t count() const { return images * rows; }
    torch::Tensor like(const torch::Tensor& x) const { return torch::empty_like(x); }
    torch::Tensor dense(const torch::Tensor& g) const { return g.contiguous(); }
    std::int64_t at(std::int64_t s) const { return s * rows * kW; }
    std::int64_t channel0(std::int64_t s) const { return (s % blocks) * kW; }
    void sums(const float* x, std::int64_t first, std::int64_t n, double* s, double* q) const
    {
        for (std::int64_t k = first; k < first + n; ++k)
            sumRows16(x + at(k), rows, s + channel0(k), q + channel0(k));
    }
    void normalise(const float* x, float* y, std::int64_t first, std::int64_t n, const float* scale,
                   const float* shift) const
    {
        for (std::int64_t k = first; k < first + n; ++k)
            scaleShiftRelu16(x + at(k), y + at(k), rows, scale + channel0(k), shift + channel0(k));
    }
    void gradientSums(const float* gy, const float* x, std::int64_t first, std::int64_t n, const Factors& f,
                      double* sg, double* sgx) const
    {
        for (std::int64_t k = first; k < first + n; ++k) {
            const std::int64_t c0 = channel0(k);
            sumGradients16(gy + at(k), x + at(k), rows, f.scale + c0, f.shift + c0, f.mean + c0, sg + c0, sgx + c0);
        }
    }
    void gradient(const float* gy, const float* x, float* gx, std::int64_t first, std::int64_t n, const Factors& f,
                  const float* meanG, const float* k2, const float* k1) const
    {
        for (std::int64_t k = first; k < first + n; ++k) {
            const std::int64_t o = at(k), c0 = channel0(k);
            inputGradient16(gy + o, x + o, gx + o, rows, f.scale + c0, f.shift + c0, f.mean + c0, meanG + c0, k2 + c0,
                            k1 + c0);
        }
    }
};

// BatchNorm's training gradient per channel from Σ g and Σ g·(x − mean) (g: the output gradient
// where the ReLU passed): the weight's and bias's gradients, and the factors of the input
// gradient gx = (g − meanG − (x − mean)·k2)·k1 (zero for padding channels).
struct GradientFactors {
    torch::Tensor weightGradient, biasGradient;
    std::vector<float> meanG, k2, k1;
};

GradientFactors gradientFactors(const double* sumG, const double* sumGX, const torch::Tensor& invstd,
                                const torch::Tensor& weight, std::int64_t width, std::int64_t count)
{
    const std::int64_t c = weight.size(0);
    GradientFactors f{torch::empty({c}, weight.options()), torch::empty({c}, weight.options()),
                      std::vector<float>(static_cast<std::size_t>(width), 0.0f), {}, {}};
    f.k2 = f.k1 = f.meanG;
    const float *is = invstd.data_ptr<float>(), *w = weight.data_ptr<float>();
    for (std::int64_t j = 0; j < c; ++j) {
        const double s = is[j];
        f.weightGradient.data_ptr<float>()[j] = static_cast<float>(sumGX[j] * s);
        f.biasGradient.data_ptr<float>()[j] = static_cast<float>(sumG[j]);
        f.meanG[j] = static_cast<float>(sumG[j] / static_cast<double>(count));
        f.k2[j] = static_cast<float>(s * s * sumGX[j] / static_cast<double>(count));
        f.k1[j] = static_cast<float>(w[j] * s);
    }
    return f;
}

// A training batch's statistics per channel (padding channels zero) and BatchNorm's affine map
// with them (y = x·scale + shift); the running statistics are updated on the way.
struct BatchStatistics {
    torch::Tensor weight; ///< contiguous
    torch::Tensor mean, invstd, scale, shift;
};

template <class Layout>
BatchStatistics batchStatistics(const Layout& layout, const float* px, const torch::Tensor& weight,
                                const torch::Tensor& bias, torch::Tensor& runningMean, torch::Tensor& runningVar,
                                double momentum, double eps)
{
    const std::int64_t c = weight.size(0);
    const std::int64_t width = layout.width();
    const std::int64_t count = layout.count();
    TORCH_CHECK(count > 1, "BatchNorm needs more than one value per channel in training.");
    const std::vector<double> sums =
        channelSums(layout.units(), width, [&](std::int64_t first, std::int64_t n, double* s, double* q) {
            layout.sums(px, first, n, s, q);
        });
    BatchStatistics st;
    st.weight = weight.contiguous();
    const torch::Tensor b = bias.contiguous();
    // One allocation for the four per-channel arrays, and the running statistics updated in a
    // loop where they are dense CPU floats (as BatchNorm2d keeps them): a step calls this once a
    // layer, and LibTorch's small operations cost more than the arithmetic.
    const torch::Tensor all = torch::zeros({4, width}, weight.options());
    st.mean = all[0];
    st.invstd = all[1];
    st.scale = all[2];
    st.shift = all[3];
    float *pm = st.mean.data_ptr<float>(), *pi = st.invstd.data_ptr<float>(), *ps = st.scale.data_ptr<float>(),
          *psh = st.shift.data_ptr<float>();
    std::vector<double> unbiasedVar(static_cast<std::size_t>(c));
    const float *w = st.weight.data_ptr<float>(), *pb = b.data_ptr<float>();
    for (std::int64_t j = 0; j < c; ++j) {
        const double m = sums[j] / static_cast<double>(count);
        const double var = std::max(0.0, sums[width + j] / static_cast<double>(count) - m * m);
        const double is = 1.0 / std::sqrt(var + eps);
        pm[j] = static_cast<float>(m);
        pi[j] = static_cast<float>(is);
        ps[j] = static_cast<float>(w[j] * is);
        psh[j] = static_cast<float>(pb[j] - m * w[j] * is);
        unbiasedVar[j] = var * static_cast<double>(count) / static_cast<double>(count - 1);
    }
    const auto denseFloat = [](const torch::Tensor& t) {
        return t.device().is_cpu() && t.scalar_type() == torch::kFloat32 && t.is_contiguous();
    };
    if (denseFloat(runningMean) && denseFloat(runningVar)) {
        float *rm = runningMean.data_ptr<float>(), *rv = runningVar.data_ptr<float>();
        const auto keep = static_cast<float>(1.0 - momentum), take = static_cast<float>(momentum);
        for (std::int64_t j = 0; j < c; ++j) {
            rm[j] = rm[j] * keep + pm[j] * take;
            rv[j] = rv[j] * keep + static_cast<float>(unbiasedVar[j]) * take;
        }
        // In-place updates raise a tensor's version (what caches of the statistics watch).
        runningMean.unsafeGetTensorImpl()->bump_version();
        runningVar.unsafeGetTensorImpl()->bump_version();
    } else {
        runningMean.mul_(1.0 - momentum).add_(st.mean.narrow(0, 0, c), momentum);
        runningVar.mul_(1.0 - momentum)
            .add_(torch::tensor(unbiasedVar, torch::TensorOptions().dtype(torch::kDouble)).to(runningVar.dtype()),
                  momentum);
    }
    return st;
}

template <class Layout>
class BatchNormReluFunction : public torch::autograd::Function<BatchNormReluFunction<Layout>> {
public:
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& weight,
                                 const torch::Tensor& bias, torch::Tensor runningMean, torch::Tensor runningVar,
                                 double momentum, double eps, bool inputDisposable)
    {
        ctx->saved_data["disposable"] = inputDisposable;
        const Layout layout(x, weight.size(0));
        const float* px = x.data_ptr<float>();
        const BatchStatistics st = batchStatistics(layout, px, weight, bias, runningMean, runningVar, momentum, eps);
        torch::Tensor y = layout.like(x);
        float* py = y.data_ptr<float>();
        forThreadChunks(layout.units(), [&](std::int64_t, std::int64_t first, std::int64_t n) {
            layout.normalise(px, py, first, n, st.scale.data_ptr<float>(), st.shift.data_ptr<float>());
        });
        // Not y: the backward recomputes the ReLU's mask from x, scale and shift.
        ctx->save_for_backward({x, st.weight, st.mean, st.invstd, st.scale, st.shift});
        return y;
    }

    static tensor_list backward(AutogradContext* ctx, tensor_list gradOutputs)
    {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor& x = saved[0];
        const torch::Tensor& w = saved[1];
        const torch::Tensor& mean = saved[2];
        const torch::Tensor& invstd = saved[3];
        const Factors factors{mean.data_ptr<float>(), saved[4].data_ptr<float>(), saved[5].data_ptr<float>()};
        const std::int64_t c = w.size(0);
        const Layout layout(x, c);
        const std::int64_t width = layout.width();
        const std::int64_t count = layout.count();
        const torch::Tensor gy = layout.dense(gradOutputs[0]);
        const float *px = x.data_ptr<float>(), *pg = gy.data_ptr<float>();
        const std::vector<double> sums =
            channelSums(layout.units(), width, [&](std::int64_t first, std::int64_t n, double* sg, double* sgx) {
                layout.gradientSums(pg, px, first, n, factors, sg, sgx);
            });
        const GradientFactors f = gradientFactors(sums.data(), sums.data() + width, invstd, w, width, count);
        // Over x when the caller allows it: each element is read before its gradient is written.
        torch::Tensor gx = ctx->saved_data["disposable"].toBool() ? x : layout.like(x);
        float* pgx = gx.data_ptr<float>();
        forThreadChunks(layout.units(), [&](std::int64_t, std::int64_t first, std::int64_t n) {
            layout.gradient(pg, px, pgx, first, n, factors, f.meanG.data(), f.k2.data(), f.k1.data());
        });
        return {gx, f.weightGradient, f.biasGradient, torch::Tensor(), torch::Tensor(), torch::Tensor(),
                torch::Tensor(), torch::Tensor()};
    }
};

// The network's last layer (BatchNorm + ReLU on blocked activations), the global average pooling
// and the classifier in one function. Only the pooled values of the ReLU's output are needed,
// so it is never written: forward reads x twice (statistics, then pooling), and backward,
// whose output gradient is the same in every row of a slab, needs no pass for its sums (they
// come from the counts and centred sums the forward kept per image and channel) and one pass
// for the input gradient. The separate functions move ten arrays of x's size; this moves four.
class BatchNormReluHeadFunction : public torch::autograd::Function<BatchNormReluHeadFunction> {
public:
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& weight,
                                 const torch::Tensor& bias, torch::Tensor runningMean, torch::Tensor runningVar,
                                 double momentum, double eps, const torch::Tensor& fcWeight, const torch::Tensor& fcBias,
                                 bool inputDisposable)
    {
        ctx->saved_data["disposable"] = inputDisposable;
        const std::int64_t c = weight.size(0);
        TORCH_CHECK(fcWeight.size(1) == c, "The classifier takes ", fcWeight.size(1), " channels, the layer has ", c,
                    ".");
        const BlocksLayout layout(x, c);
        const float* px = x.data_ptr<float>();
        const BatchStatistics st = batchStatistics(layout, px, weight, bias, runningMean, runningVar, momentum, eps);
        const std::int64_t width = layout.width(), images = layout.images, blocks = layout.blocks;
        const auto options = x.options();
        torch::Tensor pooledSums = torch::empty({images, width}, options);
        torch::Tensor passed = torch::empty({images, width}, options);
        torch::Tensor centred = torch::empty({images, width}, options);
        float *pps = pooledSums.data_ptr<float>(), *ppa = passed.data_ptr<float>(), *pce = centred.data_ptr<float>();
        const float *sc = st.scale.data_ptr<float>(), *sh = st.shift.data_ptr<float>(), *pm = st.mean.data_ptr<float>();
        forThreadChunks(layout.units(), [&](std::int64_t, std::int64_t first, std::int64_t n) {
            for (std::int64_t k = first; k < first + n; ++k) {
                const std::int64_t c0 = layout.channel0(k), o = (k / blocks) * width + c0;
                poolSlab16(px + layout.at(k), layout.rows, sc + c0, sh + c0, pm + c0, pps + o, ppa + o, pce + o);
            }
        });
        const torch::Tensor pooled = (pooledSums.narrow(1, 0, c) * (1.0f / static_cast<float>(layout.rows))).contiguous();
        ctx->save_for_backward({x, st.weight, st.mean, st.invstd, st.scale, st.shift, pooled, passed, centred,
                                fcWeight.contiguous()});
        return classifierForward(pooled, fcWeight, fcBias);
    }

    static tensor_list backward(AutogradContext* ctx, tensor_list gradOutputs)
    {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor& x = saved[0];
        const torch::Tensor& w = saved[1];
        const torch::Tensor& invstd = saved[3];
        const Factors factors{saved[2].data_ptr<float>(), saved[4].data_ptr<float>(), saved[5].data_ptr<float>()};
        const torch::Tensor& pooled = saved[6];
        const float *pa = saved[7].data_ptr<float>(), *pc = saved[8].data_ptr<float>();
        const std::int64_t c = w.size(0);
        const BlocksLayout layout(x, c);
        const std::int64_t width = layout.width(), images = layout.images, blocks = layout.blocks;
        const std::int64_t count = layout.count();
        auto [gradFcWeight, gradFcBias, gradPooled] = classifierBackward(gradOutputs[0], pooled, saved[9]);
        // Each value's output gradient: its image and channel's pooled gradient / H·W.
        std::vector<float> g(static_cast<std::size_t>(images * width), 0.0f);
        const float perValue = 1.0f / static_cast<float>(layout.rows);
        const float* pgp = gradPooled.data_ptr<float>();
        for (std::int64_t n = 0; n < images; ++n)
            for (std::int64_t j = 0; j < c; ++j)
                g[n * width + j] = pgp[n * c + j] * perValue;
        // Σ g and Σ g·(x − mean) over the values the ReLU passed, image by image.
        std::vector<double> sumG(static_cast<std::size_t>(c), 0.0), sumGX(sumG);
        for (std::int64_t n = 0; n < images; ++n)
            for (std::int64_t j = 0; j < c; ++j) {
                const std::int64_t o = n * width + j;
                sumG[j] += static_cast<double>(g[o]) * pa[o];
                sumGX[j] += static_cast<double>(g[o]) * pc[o];
            }
        const GradientFactors f = gradientFactors(sumG.data(), sumGX.data(), invstd, w, width, count);
        torch::Tensor gx = ctx->saved_data["disposable"].toBool() ? x : torch::empty_like(x);
        const float* px = x.data_ptr<float>();
        float* pgx = gx.data_ptr<float>();
        forThreadChunks(layout.units(), [&](std::int64_t, std::int64_t first, std::int64_t n) {
            for (std::int64_t k = first; k < first + n; ++k) {
                const std::int64_t c0 = layout.channel0(k), o = layout.at(k);
                pooledGradient16(px + o, pgx + o, layout.rows, g.data() + (k / blocks) * width + c0, factors.scale + c0,
                                 factors.shift + c0, factors.mean + c0, f.meanG.data() + c0, f.k2.data() + c0,
                                 f.k1.data() + c0);
            }
        });
        return {gx,
                f.weightGradient,
                f.biasGradient,
                torch::Tensor(),
                torch::Tensor(),
                torch::Tensor(),
                torch::Tensor(),
                gradFcWeight,
                gradFcBias,
                torch::Tensor()};
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
    return BatchNormReluFunction<RowsLayout>::apply(x, weight, bias, runningMean, runningVar, momentum, eps, false);
}

torch::Tensor blockedBatchNormRelu(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                                   torch::Tensor& runningMean, torch::Tensor& runningVar, double momentum, double eps,
                                   bool inputDisposable)
{
    TORCH_CHECK(x.is_contiguous() && x.scalar_type() == torch::kFloat32, "blockedBatchNormRelu takes blocked activations.");
    return BatchNormReluFunction<BlocksLayout>::apply(x, weight, bias, runningMean, runningVar, momentum, eps,
                                                      inputDisposable);
}

torch::Tensor blockedBatchNormReluHead(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                                       torch::Tensor& runningMean, torch::Tensor& runningVar, double momentum,
                                       double eps, const torch::Tensor& fcWeight, const torch::Tensor& fcBias,
                                       bool inputDisposable)
{
    TORCH_CHECK(x.is_contiguous() && x.scalar_type() == torch::kFloat32,
                "blockedBatchNormReluHead takes blocked activations.");
    return BatchNormReluHeadFunction::apply(x, weight, bias, runningMean, runningVar, momentum, eps, fcWeight, fcBias,
                                            inputDisposable);
}

} // namespace naap::core::detail
