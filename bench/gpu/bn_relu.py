#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 NAAP Workbench authors
"""How much would a fused BatchNorm + ReLU save a cohort step? (a measurement for the next GPU call)

Call 14's probe puts 21.8 ms of a 76 ms step of all 440 models in BatchNorm + ReLU (8.6 forward,
13.2 backward). LibTorch runs them as cuDNN's BatchNorm (statistics and normalisation) and then a
ReLU in place, and backward a ReLU gradient and then cuDNN's BatchNorm gradient: each activation
crosses the memory bus up to five times forward and eight times backward. Fused, it crosses three
times forward (the statistics read x; the normalisation reads x and writes max(0, a·x + b) with
a = γ/σ, b = β − μ·a per channel) and five times backward (the sums of dz and dz·x̂ read dy and x,
dz being dy where a·x + b > 0, recomputed from x; then dy and x again, and dx is written). This script times both ways
on the cohort's largest activations (NCHW float32, batch 256), forward and forward + backward, and
checks the fused kernels against PyTorch's BatchNorm + ReLU: the output, the three gradients and
the running statistics (momentum 0.1, unbiased variance, as the recipe's BatchNorm2d).

usage: bn_relu.py [--iters N] [--batch B]   (needs PyTorch with CUDA, nvcc and ninja)
"""
import sys

from cuda_torch import kernel_bench

KERNEL = r"""
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>
#include <cuda_runtime.h>

// A block's sum of two doubles per thread; thread 0 gets the totals.
__device__ void blockSum2(double& a, double& b)
{
    __shared__ double sa[32], sb[32];
    for (int o = 16; o > 0; o /= 2) {
        a += __shfl_down_sync(0xffffffffu, a, o);
        b += __shfl_down_sync(0xffffffffu, b, o);
    }
    const int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
    if (lane == 0) {
        sa[warp] = a;
        sb[warp] = b;
    }
    __syncthreads();
    const int warps = (blockDim.x + 31) / 32;
    a = threadIdx.x < warps ? sa[threadIdx.x] : 0.0;
    b = threadIdx.x < warps ? sb[threadIdx.x] : 0.0;
    if (warp == 0)
        for (int o = 16; o > 0; o /= 2) {
            a += __shfl_down_sync(0xffffffffu, a, o);
            b += __shfl_down_sync(0xffffffffu, b, o);
        }
}

// One block per channel c: its batch statistics over N images of hw4 float4s each, then the
// per-channel scale a = γ/σ and shift b = β − μ·a, and the running statistics' update.
__global__ void bnReluStats(const float4* __restrict__ x, int n, int c, int hw4, const float* __restrict__ gamma,
                            const float* __restrict__ beta, float* mean, float* invstd, float* scale, float* shift,
                            float* runningMean, float* runningVar, float momentum, float eps)
{
    const int ch = blockIdx.x;
    double s = 0.0, ss = 0.0;
    for (int i = threadIdx.x; i < n * hw4; i += blockDim.x) {
        const int img = i / hw4, q = i - img * hw4;
        const float4 v = x[(static_cast<size_t>(img) * c + ch) * hw4 + q];
        s += static_cast<double>(v.x) + v.y + v.z + v.w;
        ss += static_cast<double>(v.x) * v.x + static_cast<double>(v.y) * v.y + static_cast<double>(v.z) * v.z +
              static_cast<double>(v.w) * v.w;
    }
    blockSum2(s, ss);
    if (threadIdx.x == 0) {
        const double m = static_cast<double>(n) * hw4 * 4;
        const double mu = s / m, var = fmax(ss / m - mu * mu, 0.0);
        const float is = static_cast<float>(1.0 / sqrt(var + eps));
        mean[ch] = static_cast<float>(mu);
        invstd[ch] = is;
        const float a = gamma[ch] * is;
        scale[ch] = a;
        shift[ch] = beta[ch] - static_cast<float>(mu) * a;
        runningMean[ch] = (1.0f - momentum) * runningMean[ch] + momentum * static_cast<float>(mu);
        runningVar[ch] = (1.0f - momentum) * runningVar[ch] + momentum * static_cast<float>(var * m / (m - 1.0));
    }
}

// y = max(0, a·x + b), channel by channel.
__global__ void bnReluApply(const float4* __restrict__ x, float4* __restrict__ y, long total4, int c, int hw4,
                            const float* __restrict__ scale, const float* __restrict__ shift)
{
    for (long i = blockIdx.x * static_cast<long>(blockDim.x) + threadIdx.x; i < total4;
         i += static_cast<long>(gridDim.x) * blockDim.x) {
        const int ch = static_cast<int>((i / hw4) % c);
        const float a = scale[ch], b = shift[ch];
        const float4 v = x[i];
        y[i] = make_float4(fmaxf(fmaf(v.x, a, b), 0.0f), fmaxf(fmaf(v.y, a, b), 0.0f), fmaxf(fmaf(v.z, a, b), 0.0f),
                           fmaxf(fmaf(v.w, a, b), 0.0f));
    }
}

__device__ __forceinline__ float gradIfOn(float x, float dy, float a, float b)
{
    return fmaf(x, a, b) > 0.0f ? dy : 0.0f;
}

// One block per channel: Σ dz and Σ dz·x̂ (dz: dy where the forward output was positive), which
// are dβ and dγ.
__global__ void bnReluGradSums(const float4* __restrict__ x, const float4* __restrict__ dy, int n, int c, int hw4,
                               const float* __restrict__ mean, const float* __restrict__ invstd,
                               const float* __restrict__ scale, const float* __restrict__ shift, float* dgamma,
                               float* dbeta)
{
    const int ch = blockIdx.x;
    const float a = scale[ch], b = shift[ch], mu = mean[ch], is = invstd[ch];
    double sd = 0.0, sdx = 0.0;
    for (int i = threadIdx.x; i < n * hw4; i += blockDim.x) {
        const int img = i / hw4, q = i - img * hw4;
        const size_t at = (static_cast<size_t>(img) * c + ch) * hw4 + q;
        const float4 v = x[at], g = dy[at];
        const float d0 = gradIfOn(v.x, g.x, a, b), d1 = gradIfOn(v.y, g.y, a, b), d2 = gradIfOn(v.z, g.z, a, b),
                    d3 = gradIfOn(v.w, g.w, a, b);
        sd += static_cast<double>(d0) + d1 + d2 + d3;
        sdx += static_cast<double>(d0) * ((v.x - mu) * is) + static_cast<double>(d1) * ((v.y - mu) * is) +
               static_cast<double>(d2) * ((v.z - mu) * is) + static_cast<double>(d3) * ((v.w - mu) * is);
    }
    blockSum2(sd, sdx);
    if (threadIdx.x == 0) {
        dbeta[ch] = static_cast<float>(sd);
        dgamma[ch] = static_cast<float>(sdx);
    }
}

// dx = γ/σ · (dz − Σdz/M − x̂ · Σdz·x̂/M).
__global__ void bnReluGradApply(const float4* __restrict__ x, const float4* __restrict__ dy, float4* __restrict__ dx,
                                long total4, int c, int hw4, float count, const float* __restrict__ mean,
                                const float* __restrict__ invstd, const float* __restrict__ scale,
                                const float* __restrict__ shift, const float* __restrict__ dgamma,
                                const float* __restrict__ dbeta)
{
    for (long i = blockIdx.x * static_cast<long>(blockDim.x) + threadIdx.x; i < total4;
         i += static_cast<long>(gridDim.x) * blockDim.x) {
        const int ch = static_cast<int>((i / hw4) % c);
        const float a = scale[ch], b = shift[ch], mu = mean[ch], is = invstd[ch];
        const float mdb = dbeta[ch] / count, mdg = dgamma[ch] / count;
        const float4 v = x[i], g = dy[i];
        const auto one = [&](float xv, float gv) {
            return a * (gradIfOn(xv, gv, a, b) - mdb - (xv - mu) * is * mdg);
        };
        dx[i] = make_float4(one(v.x, g.x), one(v.y, g.y), one(v.z, g.z), one(v.w, g.w));
    }
}

static int gridFor(long total4)
{
    const long blocks = (total4 + 255) / 256;
    return static_cast<int>(blocks < 132L * 16 ? blocks : 132L * 16);
}

// Returns y and the saved (mean, invstd, scale, shift); updates the running statistics in place.
std::vector<torch::Tensor> bn_relu_forward(torch::Tensor x, torch::Tensor gamma, torch::Tensor beta,
                                           torch::Tensor running_mean, torch::Tensor running_var, double momentum,
                                           double eps)
{
    TORCH_CHECK(x.is_contiguous() && x.dim() == 4 && (x.size(2) * x.size(3)) % 4 == 0, "NCHW with H·W a multiple of 4");
    const int n = x.size(0), c = x.size(1), hw4 = x.size(2) * x.size(3) / 4;
    auto stats = torch::empty({4, c}, x.options());
    auto y = torch::empty_like(x);
    auto stream = at::cuda::getCurrentCUDAStream();
    bnReluStats<<<c, 256, 0, stream>>>(reinterpret_cast<const float4*>(x.data_ptr<float>()), n, c, hw4,
        gamma.data_ptr<float>(), beta.data_ptr<float>(), stats[0].data_ptr<float>(), stats[1].data_ptr<float>(),
        stats[2].data_ptr<float>(), stats[3].data_ptr<float>(), running_mean.data_ptr<float>(),
        running_var.data_ptr<float>(), static_cast<float>(momentum), static_cast<float>(eps));
    const long total4 = x.numel() / 4;
    bnReluApply<<<gridFor(total4), 256, 0, stream>>>(reinterpret_cast<const float4*>(x.data_ptr<float>()),
        reinterpret_cast<float4*>(y.data_ptr<float>()), total4, c, hw4, stats[2].data_ptr<float>(),
        stats[3].data_ptr<float>());
    return {y, stats};
}

// Returns dx, dγ, dβ.
std::vector<torch::Tensor> bn_relu_backward(torch::Tensor x, torch::Tensor dy, torch::Tensor stats)
{
    TORCH_CHECK(dy.is_contiguous() && dy.sizes() == x.sizes(), "dy shaped and laid out as x");
    const int n = x.size(0), c = x.size(1), hw4 = x.size(2) * x.size(3) / 4;
    auto grads = torch::empty({2, c}, x.options());
    auto dx = torch::empty_like(x);
    auto stream = at::cuda::getCurrentCUDAStream();
    bnReluGradSums<<<c, 256, 0, stream>>>(reinterpret_cast<const float4*>(x.data_ptr<float>()),
        reinterpret_cast<const float4*>(dy.data_ptr<float>()), n, c, hw4, stats[0].data_ptr<float>(),
        stats[1].data_ptr<float>(), stats[2].data_ptr<float>(), stats[3].data_ptr<float>(),
        grads[0].data_ptr<float>(), grads[1].data_ptr<float>());
    const long total4 = x.numel() / 4;
    bnReluGradApply<<<gridFor(total4), 256, 0, stream>>>(reinterpret_cast<const float4*>(x.data_ptr<float>()),
        reinterpret_cast<const float4*>(dy.data_ptr<float>()), reinterpret_cast<float4*>(dx.data_ptr<float>()),
        total4, c, hw4, static_cast<float>(n) * hw4 * 4, stats[0].data_ptr<float>(), stats[1].data_ptr<float>(),
        stats[2].data_ptr<float>(), stats[3].data_ptr<float>(), grads[0].data_ptr<float>(),
        grads[1].data_ptr<float>());
    return {dx, grads[0], grads[1]};
}
"""

SHAPES = [  # the cohort's largest activations (NCHW): first-layer and second-layer outputs, then two later ones
    ("L0 out, 110 x 16", 1760, 16),
    ("L0 out, 110 x 12", 1320, 16),
    ("L1 out, 110 x 24", 2640, 8),
    ("L1 out, 110 x 16", 1760, 8),
    ("L2 out, 12 x 40", 480, 8),
    ("L3 out, 8 x 40", 320, 4),
]


def main():
    declarations = ("std::vector<torch::Tensor> bn_relu_forward(torch::Tensor x, torch::Tensor gamma, torch::Tensor beta, "
                    "torch::Tensor running_mean, torch::Tensor running_var, double momentum, double eps);\n"
                    "std::vector<torch::Tensor> bn_relu_backward(torch::Tensor x, torch::Tensor dy, torch::Tensor stats);")
    setup = kernel_bench(__doc__.splitlines()[0], "naap_bn_relu", declarations, KERNEL,
                         ["bn_relu_forward", "bn_relu_backward"])
    if setup is None:
        return 0
    args, torch, module, timed = setup
    import torch.nn.functional as F

    print(f"{torch.cuda.get_device_name(0)}, PyTorch {torch.__version__}, batch {args.batch}; ms per call "
          "(fused: GB/s of the activation's bytes times its 3 or 3 + 5 crossings); fused checked against PyTorch "
          "(largest difference relative to the largest value)")
    print(f"{'activation':18} {'MB':>6} {'fwd PyTorch':>12} {'fwd fused':>16} {'fwd+bwd PyTorch':>16} "
          f"{'fwd+bwd fused':>16} {'diff y, dx, dγ, dβ, running; ties':>42}")
    total = [0.0, 0.0, 0.0, 0.0]
    for name, channels, side in SHAPES:
        x = torch.randn(args.batch, channels, side, side, device="cuda") * 0.7 + 0.2
        gamma = torch.rand(channels, device="cuda") + 0.5
        beta = torch.randn(channels, device="cuda") * 0.1
        dy = torch.randn_like(x)
        mb = x.numel() * 4 / 1e6

        def reference(rm, rv, xx=x, g=gamma, b=beta):
            return F.batch_norm(xx, rm, rv, g, b, True, 0.1, 1e-5).relu_()

        rm0, rv0 = torch.zeros(channels, device="cuda"), torch.ones(channels, device="cuda")
        fwd_ref = timed(lambda: reference(rm0.clone(), rv0.clone()))
        fwd_ours = timed(lambda: module.bn_relu_forward(x, gamma, beta, rm0.clone(), rv0.clone(), 0.1, 1e-5))
        xg, gg, bg = x.clone().requires_grad_(), gamma.clone().requires_grad_(), beta.clone().requires_grad_()
        both_ref = timed(lambda: torch.autograd.grad(reference(rm0.clone(), rv0.clone(), xg, gg, bg), (xg, gg, bg), dy))

        def ours_both():
            y, stats = module.bn_relu_forward(x, gamma, beta, rm0.clone(), rv0.clone(), 0.1, 1e-5)
            return module.bn_relu_backward(x, dy, stats)

        both_ours = timed(ours_both)
        # The check: one step each way from the same running statistics. Where BatchNorm's output
        # is within rounding of 0, the two ways may round to opposite sides and disagree on the
        # ReLU's mask, both rightly; dy is zeroed there (both ways), and the count reported.
        with torch.no_grad():
            z = F.batch_norm(x, None, None, gamma, beta, True, 0.1, 1e-5)
            ties = z.abs() <= 1e-5 * z.abs().max()
            dy_check = dy.masked_fill(ties, 0.0)
        rm_ref, rv_ref = rm0.clone(), rv0.clone()
        y_ref = reference(rm_ref, rv_ref, xg, gg, bg)
        dx_ref, dg_ref, db_ref = torch.autograd.grad(y_ref, (xg, gg, bg), dy_check)
        rm_ours, rv_ours = rm0.clone(), rv0.clone()
        y, stats = module.bn_relu_forward(x, gamma, beta, rm_ours, rv_ours, 0.1, 1e-5)
        dx, dg, db = module.bn_relu_backward(x, dy_check, stats)
        rel = lambda a, b: ((a - b).abs().max() / b.abs().max().clamp_min(1e-30)).item()
        running = max(rel(rm_ours, rm_ref), rel(rv_ours, rv_ref))
        diffs = (f"{rel(y, y_ref):.1e}, {rel(dx, dx_ref):.1e}, {rel(dg, dg_ref):.1e}, {rel(db, db_ref):.1e}, "
                 f"{running:.1e}; {int(ties.sum())} ties")
        gbs = lambda ms, passes: f"{ms:6.3f} ({passes * mb / ms:5.0f})"
        print(f"{name:18} {mb:6.0f} {fwd_ref:12.3f} {gbs(fwd_ours, 3):>16} {both_ref:16.3f} {gbs(both_ours, 8):>16} "
              f"{diffs:>42}", flush=True)
        for i, v in enumerate((fwd_ref, fwd_ours, both_ref, both_ours)):
            total[i] += v
    print(f"{'all above':18} {'':>6} {total[0]:12.3f} {total[1]:16.3f} {total[2]:16.3f} {total[3]:16.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
