#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 NAAP Workbench authors
"""How fast can a cohort's grouped convolutions be? (call 12's figures: bench/gpu/README.md)

Call 10's trace put 75 % of a 440-model cohort step in cuDNN's grouped convolutions, run by its
float32 legacy kernels at 2-3 TFLOPS. This script times, for the cohort's biggest bucket shapes,
the forward convolution as cuDNN runs it (NCHW, with TF32 as LibTorch allows it and without,
and channels-last) against a plain direct kernel of our own (float32, one thread per output
pixel and all of a member's output channels, the member's filters in shared memory), then both
backward passes (input gradient: one thread per input pixel and all its channels; weight
gradient: one thread per filter tap and all output channels, a block per member and 16 images,
summed atomically), and checks all three against cuDNN. It is a measurement, not part of the
trainer.

usage: grouped_conv.py [--iters N] [--batch B] [--chunk C]   (needs PyTorch with CUDA, nvcc and ninja)
"""
import sys

from cuda_torch import kernel_bench

KERNEL = r"""
#include <torch/extension.h>
#include <cuda_runtime.h>

// Member g's filters w[g·cout + oc, c, tap] into shared memory, the channel that the kernel's
// innermost loop runs over last: [c][tap][oc] (outputsInner: the forward pass) or [oc][tap][c]
// (the input gradient). Every thread of the block takes part.
__device__ void stageFilters(float* ws, const float* __restrict__ w, int g, int cout, int cin, int taps, bool outputsInner)
{
    const int inner = outputsInner ? cout : cin;
    for (int i = threadIdx.x; i < cout * cin * taps; i += blockDim.x) {
        const int a = i % inner, rest = i / inner, tap = rest % taps, b = rest / taps;
        const int oc = outputsInner ? a : b, c = outputsInner ? b : a;
        ws[i] = w[((g * cout + oc) * cin + c) * taps + tap];
    }
    __syncthreads();
}

// acc[0, N) += v · row[0, N), four at a time (row 16-byte aligned, N a multiple of 4).
template <int N>
__device__ __forceinline__ void accumulate(float* acc, float v, const float* row)
{
    const float4* r = reinterpret_cast<const float4*>(row);
#pragma unroll
    for (int q = 0; q < N / 4; ++q) {
        const float4 t = r[q];
        acc[4 * q] += v * t.x;
        acc[4 * q + 1] += v * t.y;
        acc[4 * q + 2] += v * t.z;
        acc[4 * q + 3] += v * t.w;
    }
}

// y[b, g·COUT + oc, oy, ox] = Σ_{c, ky, kx} x[b, g·Cin + c, oy·S − K/2 + ky, ox·S − K/2 + kx] · w[g·COUT + oc, c, ky, kx]
template <int COUT>
__global__ void groupedConvForward(const float* __restrict__ x, const float* __restrict__ w, float* __restrict__ y,
                                   int batch, int groups, int cin, int size, int k, int stride, int outSize)
{
    extern __shared__ float4 shared4[];
    float* ws = reinterpret_cast<float*>(shared4); // [c][tap][oc]
    const int g = blockIdx.y;
    stageFilters(ws, w, g, COUT, cin, k * k, true);
    const int positions = outSize * outSize;
    const int index = blockIdx.x * blockDim.x + threadIdx.x;
    if (index >= batch * positions)
        return;
    const int b = index / positions, p = index % positions, oy = p / outSize, ox = p % outSize;
    const int pad = k / 2;
    float acc[COUT];
#pragma unroll
    for (int oc = 0; oc < COUT; ++oc)
        acc[oc] = 0.0f;
    const float* xg = x + (static_cast<size_t>(b) * groups + g) * cin * size * size;
    for (int c = 0; c < cin; ++c) {
        const float* xc = xg + static_cast<size_t>(c) * size * size;
        for (int ky = 0; ky < k; ++ky) {
            const int iy = oy * stride - pad + ky;
            if (iy < 0 || iy >= size)
                continue;
            for (int kx = 0; kx < k; ++kx) {
                const int ix = ox * stride - pad + kx;
                if (ix < 0 || ix >= size)
                    continue;
                accumulate<COUT>(acc, __ldg(xc + iy * size + ix), ws + ((c * k + ky) * k + kx) * COUT);
            }
        }
    }
    float* yp = y + (static_cast<size_t>(b) * groups + g) * COUT * positions + p;
#pragma unroll
    for (int oc = 0; oc < COUT; ++oc)
        yp[static_cast<size_t>(oc) * positions] = acc[oc];
}

// dx[b, g·CIN + c, iy, ix] = Σ_{oc, ky, kx} dy[b, g·cout + oc, oy, ox] · w[g·cout + oc, c, ky, kx]
// over the (oy, ox) with oy·S − K/2 + ky = iy and ox·S − K/2 + kx = ix.
template <int CIN>
__global__ void groupedConvBackwardData(const float* __restrict__ dy, const float* __restrict__ w, float* __restrict__ dx,
                                        int batch, int groups, int cout, int size, int k, int stride, int outSize)
{
    extern __shared__ float4 shared4[];
    float* ws = reinterpret_cast<float*>(shared4); // [oc][tap][c]
    const int g = blockIdx.y;
    stageFilters(ws, w, g, cout, CIN, k * k, false);
    const int positions = size * size;
    const int index = blockIdx.x * blockDim.x + threadIdx.x;
    if (index >= batch * positions)
        return;
    const int b = index / positions, p = index % positions, iy = p / size, ix = p % size;
    const int pad = k / 2;
    float acc[CIN];
#pragma unroll
    for (int c = 0; c < CIN; ++c)
        acc[c] = 0.0f;
    const int outPositions = outSize * outSize;
    const float* dyg = dy + (static_cast<size_t>(b) * groups + g) * cout * outPositions;
    for (int oc = 0; oc < cout; ++oc) {
        const float* dyc = dyg + static_cast<size_t>(oc) * outPositions;
        for (int ky = 0; ky < k; ++ky) {
            const int ty = iy + pad - ky;
            if (ty < 0 || ty % stride != 0 || ty / stride >= outSize)
                continue;
            for (int kx = 0; kx < k; ++kx) {
                const int tx = ix + pad - kx;
                if (tx < 0 || tx % stride != 0 || tx / stride >= outSize)
                    continue;
                accumulate<CIN>(acc, __ldg(dyc + (ty / stride) * outSize + tx / stride),
                                ws + ((oc * k + ky) * k + kx) * CIN);
            }
        }
    }
    float* dxp = dx + (static_cast<size_t>(b) * groups + g) * CIN * positions + p;
#pragma unroll
    for (int c = 0; c < CIN; ++c)
        dxp[static_cast<size_t>(c) * positions] = acc[c];
}

// dw[g·COUT + oc, c, ky, kx] += Σ_{b in this block's images, oy, ox} dy[b, g·COUT + oc, oy, ox] · x[b, g·cin + c, iy, ix].
// A block: one member (blockIdx.y) and `chunk` images (blockIdx.x); a thread: one (c, tap),
// all COUT outputs; each image's dy staged in shared memory as [position][oc]; dw (zeroed)
// receives the block's sums atomically.
template <int COUT>
__global__ void groupedConvBackwardWeight(const float* __restrict__ x, const float* __restrict__ dy, float* __restrict__ dw,
                                          int batch, int groups, int cin, int size, int k, int stride, int outSize, int chunk)
{
    extern __shared__ float4 shared4[];
    float* dys = reinterpret_cast<float*>(shared4); // [position][oc]
    const int g = blockIdx.y;
    const int taps = k * k;
    const int t = threadIdx.x;
    const bool active = t < cin * taps;
    const int c = t / taps, tap = t % taps, ky = tap / k, kx = tap % k;
    const int pad = k / 2;
    const int outPositions = outSize * outSize;
    float acc[COUT];
#pragma unroll
    for (int oc = 0; oc < COUT; ++oc)
        acc[oc] = 0.0f;
    const int first = blockIdx.x * chunk, last = min(batch, first + chunk);
    for (int b = first; b < last; ++b) {
        __syncthreads(); // the previous image's dy is no longer read
        const float* dyg = dy + (static_cast<size_t>(b) * groups + g) * COUT * outPositions;
        for (int i = t; i < COUT * outPositions; i += blockDim.x) {
            const int oc = i / outPositions, pos = i % outPositions;
            dys[pos * COUT + oc] = dyg[i];
        }
        __syncthreads();
        if (!active)
            continue;
        const float* xc = x + ((static_cast<size_t>(b) * groups + g) * cin + c) * size * size;
        for (int pos = 0; pos < outPositions; ++pos) {
            const int iy = (pos / outSize) * stride - pad + ky, ix = (pos % outSize) * stride - pad + kx;
            if (iy < 0 || iy >= size || ix < 0 || ix >= size)
                continue;
            accumulate<COUT>(acc, __ldg(xc + iy * size + ix), dys + pos * COUT);
        }
    }
    if (!active)
        return;
#pragma unroll
    for (int oc = 0; oc < COUT; ++oc)
        atomicAdd(dw + ((static_cast<size_t>(g) * COUT + oc) * cin + c) * taps + tap, acc[oc]);
}

template <int COUT>
void launch(const torch::Tensor& x, const torch::Tensor& w, torch::Tensor& y, int groups, int stride, int outSize)
{
    const int batch = x.size(0), cin = x.size(1) / groups, size = x.size(2), k = w.size(2);
    const size_t shared = static_cast<size_t>(cin) * k * k * COUT * sizeof(float);
    cudaFuncSetAttribute(groupedConvForward<COUT>, cudaFuncAttributeMaxDynamicSharedMemorySize, static_cast<int>(shared));
    const int threads = 256;
    const dim3 grid((batch * outSize * outSize + threads - 1) / threads, groups);
    groupedConvForward<COUT><<<grid, threads, shared>>>(x.data_ptr<float>(), w.data_ptr<float>(), y.data_ptr<float>(),
                                                        batch, groups, cin, size, k, stride, outSize);
}

template <int CIN>
void launchBackwardData(const torch::Tensor& dy, const torch::Tensor& w, torch::Tensor& dx, int groups, int stride)
{
    const int batch = dy.size(0), cout = dy.size(1) / groups, outSize = dy.size(2), size = dx.size(2), k = w.size(2);
    const size_t shared = static_cast<size_t>(cout) * k * k * CIN * sizeof(float);
    cudaFuncSetAttribute(groupedConvBackwardData<CIN>, cudaFuncAttributeMaxDynamicSharedMemorySize, static_cast<int>(shared));
    const int threads = 256;
    const dim3 grid((batch * size * size + threads - 1) / threads, groups);
    groupedConvBackwardData<CIN><<<grid, threads, shared>>>(dy.data_ptr<float>(), w.data_ptr<float>(), dx.data_ptr<float>(),
                                                            batch, groups, cout, size, k, stride, outSize);
}

template <int COUT>
void launchBackwardWeight(const torch::Tensor& x, const torch::Tensor& dy, torch::Tensor& dw, int groups, int stride,
                          int chunk)
{
    const int batch = x.size(0), cin = x.size(1) / groups, size = x.size(2), k = dw.size(2), outSize = dy.size(2);
    const size_t shared = static_cast<size_t>(outSize) * outSize * COUT * sizeof(float);
    cudaFuncSetAttribute(groupedConvBackwardWeight<COUT>, cudaFuncAttributeMaxDynamicSharedMemorySize, static_cast<int>(shared));
    const int threads = ((cin * k * k + 31) / 32) * 32;
    const dim3 grid((batch + chunk - 1) / chunk, groups);
    groupedConvBackwardWeight<COUT><<<grid, threads, shared>>>(x.data_ptr<float>(), dy.data_ptr<float>(), dw.data_ptr<float>(),
                                                               batch, groups, cin, size, k, stride, outSize, chunk);
}

#define NAAP_WIDTHS(F, width, ...)                                                                                     \
    switch (width) {                                                                                                    \
    case 12: F<12>(__VA_ARGS__); break;                                                                                 \
    case 16: F<16>(__VA_ARGS__); break;                                                                                 \
    case 24: F<24>(__VA_ARGS__); break;                                                                                 \
    case 32: F<32>(__VA_ARGS__); break;                                                                                 \
    case 40: F<40>(__VA_ARGS__); break;                                                                                 \
    default: TORCH_CHECK(false, "channels per group must be 12, 16, 24, 32 or 40");                                    \
    }

// Both backward passes: (dx, dw) for the forward convolution of x by w.
std::vector<torch::Tensor> grouped_conv_backward(torch::Tensor x, torch::Tensor w, torch::Tensor dy, int64_t groups,
                                                 int64_t stride, int64_t chunk)
{
    TORCH_CHECK(x.is_contiguous() && w.is_contiguous() && dy.is_contiguous(), "contiguous tensors");
    auto dx = torch::empty_like(x);
    auto dw = torch::zeros_like(w);
    NAAP_WIDTHS(launchBackwardData, static_cast<int>(x.size(1) / groups), dy, w, dx, static_cast<int>(groups),
                static_cast<int>(stride))
    NAAP_WIDTHS(launchBackwardWeight, static_cast<int>(w.size(0) / groups), x, dy, dw, static_cast<int>(groups),
                static_cast<int>(stride), static_cast<int>(chunk))
    return {dx, dw};
}

torch::Tensor grouped_conv(torch::Tensor x, torch::Tensor w, int64_t groups, int64_t stride)
{
    TORCH_CHECK(x.is_cuda() && x.is_contiguous() && w.is_contiguous() && x.scalar_type() == torch::kFloat, "x, w: contiguous CUDA float");
    const int k = w.size(2), size = x.size(2);
    const int outSize = (size + 2 * (k / 2) - k) / stride + 1;
    const int cout = w.size(0) / groups;
    auto y = torch::empty({x.size(0), w.size(0), outSize, outSize}, x.options());
    NAAP_WIDTHS(launch, cout, x, w, y, static_cast<int>(groups), static_cast<int>(stride), outSize)
    return y;
}
"""

# (name, groups, in per group, out per group, input size, kernel, stride): NAAP-440's four
# second-layer buckets of 110 members, and some later ones (call 10's trace).
SHAPES = [
    ("L1 16->24 s2, 110", 110, 16, 24, 16, 3, 2),
    ("L1 16->16 s2, 110", 110, 16, 16, 16, 3, 2),
    ("L1 12->24 s2, 110", 110, 12, 24, 16, 3, 2),
    ("L1 12->16 s2, 110", 110, 12, 16, 16, 3, 2),
    ("L2 24->40 s1, 12", 12, 24, 40, 8, 3, 1),
    ("L2 16->24 s1, 18", 18, 16, 24, 8, 1, 1),
    ("L3 32->32 s1, 8", 8, 32, 32, 8, 3, 1),
]


def main():
    declarations = ("torch::Tensor grouped_conv(torch::Tensor x, torch::Tensor w, int64_t groups, int64_t stride);\n"
                    "std::vector<torch::Tensor> grouped_conv_backward(torch::Tensor x, torch::Tensor w, torch::Tensor dy, "
                    "int64_t groups, int64_t stride, int64_t chunk);")
    setup = kernel_bench(__doc__.splitlines()[0], "naap_grouped_conv", declarations, KERNEL,
                         ["grouped_conv", "grouped_conv_backward"],
                         lambda parser: parser.add_argument("--chunk", type=int, default=16,
                                                            help="images per block of the weight gradient"))
    if setup is None:
        return 0
    args, torch, module, timed = setup
    import torch.nn.functional as F

    print(f"{torch.cuda.get_device_name(0)}, PyTorch {torch.__version__}, batch {args.batch}; ms (forward: TFLOPS); "
          "ours checked against cuDNN in float32 (largest difference relative to the largest value)")
    print(f"{'bucket':20} {'cuDNN TF32':>16} {'cuDNN fp32':>16} {'cuDNN NHWC':>16} {'ours':>16} "
          f"{'fwd+bwd cuDNN':>13} {'fwd+bwd ours':>12} {'diff y, dx, dw':>26}")
    for name, groups, cin, cout, size, k, stride in SHAPES:
        x = torch.randn(args.batch, groups * cin, size, size, device="cuda")
        w = torch.randn(groups * cout, cin, k, k, device="cuda") * 0.1
        out_size = (size + 2 * (k // 2) - k) // stride + 1
        flops = 2.0 * args.batch * groups * cout * cin * k * k * out_size ** 2
        conv = lambda xx=x: F.conv2d(xx, w, None, stride, k // 2, 1, groups)
        torch.backends.cudnn.allow_tf32 = True
        tf32 = timed(conv)
        torch.backends.cudnn.allow_tf32 = False
        fp32 = timed(conv)
        x_cl, w_cl = x.contiguous(memory_format=torch.channels_last), w.contiguous(memory_format=torch.channels_last)
        nhwc = timed(lambda: F.conv2d(x_cl, w_cl, None, stride, k // 2, 1, groups))
        ours = timed(lambda: module.grouped_conv(x, w, groups, stride))
        # The float32 reference, forward and backward.
        xg = x.clone().requires_grad_()
        wg = w.clone().requires_grad_()
        y_ref = F.conv2d(xg, wg, None, stride, k // 2, 1, groups)
        dy = torch.randn_like(y_ref)
        dx_ref, dw_ref = torch.autograd.grad(y_ref, (xg, wg), dy)
        y = module.grouped_conv(x, w, groups, stride)
        dx, dw = module.grouped_conv_backward(x, w, dy, groups, stride, args.chunk)
        rel = lambda a, b: ((a - b).abs().max() / b.abs().max()).item()
        diffs = f"{rel(y, y_ref):.1e}, {rel(dx, dx_ref):.1e}, {rel(dw, dw_ref):.1e}"
        torch.backends.cudnn.allow_tf32 = True
        both = timed(lambda: torch.autograd.grad(F.conv2d(xg, wg, None, stride, k // 2, 1, groups), (xg, wg), dy))
        ours_both = timed(lambda: (module.grouped_conv(x, w, groups, stride),
                                   module.grouped_conv_backward(x, w, dy, groups, stride, args.chunk)))
        cell = lambda ms: f"{ms:7.3f} ({flops / ms / 1e9:5.1f})"
        print(f"{name:20} {cell(tf32):>16} {cell(fp32):>16} {cell(nhwc):>16} {cell(ours):>16} "
              f"{both:13.3f} {ours_both:12.3f} {diffs:>26}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
