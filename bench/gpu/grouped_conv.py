#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 NAAP Workbench authors
"""How fast can a cohort's grouped convolutions be? (a measurement for the next GPU call)

Call 10's trace put 75 % of a 440-model cohort step in cuDNN's grouped convolutions, run by its
float32 legacy kernels at 2-3 TFLOPS. This script times, for the cohort's biggest bucket shapes,
the forward convolution as cuDNN runs it (NCHW, with TF32 as LibTorch allows it and without,
and channels-last) against a plain direct kernel of our own (float32, one thread per output
pixel and all of a member's output channels, the member's filters in shared memory), and checks
that kernel against cuDNN. It is a measurement, not part of the trainer.

usage: grouped_conv.py [--iters N]        (needs PyTorch with CUDA, nvcc and ninja)
"""
import argparse
import sys

KERNEL = r"""
#include <torch/extension.h>
#include <cuda_runtime.h>

// y[b, g·COUT + oc, oy, ox] = Σ_{c, ky, kx} x[b, g·Cin + c, oy·S − K/2 + ky, ox·S − K/2 + kx] · w[g·COUT + oc, c, ky, kx]
template <int COUT>
__global__ void groupedConvForward(const float* __restrict__ x, const float* __restrict__ w, float* __restrict__ y,
                                   int batch, int groups, int cin, int size, int k, int stride, int outSize)
{
    extern __shared__ float4 shared4[];
    float* ws = reinterpret_cast<float*>(shared4); // [c][tap][oc]
    const int g = blockIdx.y;
    const int taps = k * k;
    const int weights = cin * taps * COUT;
    for (int i = threadIdx.x; i < weights; i += blockDim.x) {
        const int oc = i % COUT, rest = i / COUT, tap = rest % taps, c = rest / taps;
        ws[i] = w[((g * COUT + oc) * cin + c) * taps + tap];
    }
    __syncthreads();
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
                const float v = __ldg(xc + iy * size + ix);
                const float4* wv = reinterpret_cast<const float4*>(ws + ((c * k + ky) * k + kx) * COUT);
#pragma unroll
                for (int q = 0; q < COUT / 4; ++q) {
                    const float4 t = wv[q];
                    acc[4 * q] += v * t.x;
                    acc[4 * q + 1] += v * t.y;
                    acc[4 * q + 2] += v * t.z;
                    acc[4 * q + 3] += v * t.w;
                }
            }
        }
    }
    float* yp = y + (static_cast<size_t>(b) * groups + g) * COUT * positions + p;
#pragma unroll
    for (int oc = 0; oc < COUT; ++oc)
        yp[static_cast<size_t>(oc) * positions] = acc[oc];
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

torch::Tensor grouped_conv(torch::Tensor x, torch::Tensor w, int64_t groups, int64_t stride)
{
    TORCH_CHECK(x.is_cuda() && x.is_contiguous() && w.is_contiguous() && x.scalar_type() == torch::kFloat, "x, w: contiguous CUDA float");
    const int k = w.size(2), size = x.size(2);
    const int outSize = (size + 2 * (k / 2) - k) / stride + 1;
    const int cout = w.size(0) / groups;
    auto y = torch::empty({x.size(0), w.size(0), outSize, outSize}, x.options());
    switch (cout) {
    case 12: launch<12>(x, w, y, groups, stride, outSize); break;
    case 16: launch<16>(x, w, y, groups, stride, outSize); break;
    case 24: launch<24>(x, w, y, groups, stride, outSize); break;
    case 32: launch<32>(x, w, y, groups, stride, outSize); break;
    case 40: launch<40>(x, w, y, groups, stride, outSize); break;
    default: TORCH_CHECK(false, "output channels per group must be 12, 16, 24, 32 or 40");
    }
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iters", type=int, default=20)
    parser.add_argument("--batch", type=int, default=256)
    args = parser.parse_args()
    try:
        import torch
        import torch.nn.functional as F
    except ImportError:
        print("grouped_conv.py: no PyTorch here; nothing to measure")
        return 0
    if not torch.cuda.is_available():
        print("grouped_conv.py: no CUDA device; nothing to measure")
        return 0
    from torch.utils.cpp_extension import load_inline
    module = load_inline("naap_grouped_conv", cpp_sources="torch::Tensor grouped_conv(torch::Tensor x, torch::Tensor w, int64_t groups, int64_t stride);",
                         cuda_sources=KERNEL, functions=["grouped_conv"], extra_cuda_cflags=["-O3", "--use_fast_math"],
                         verbose=False)
    torch.backends.cudnn.benchmark = True

    def timed(fn):
        for _ in range(3):
            fn()
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        torch.cuda.synchronize()
        start.record()
        for _ in range(args.iters):
            fn()
        end.record()
        torch.cuda.synchronize()
        return start.elapsed_time(end) / args.iters

    print(f"{torch.cuda.get_device_name(0)}, PyTorch {torch.__version__}, batch {args.batch}; forward, ms "
          "(TFLOPS); ours checked against cuDNN in float32")
    print(f"{'bucket':20} {'cuDNN TF32':>16} {'cuDNN fp32':>16} {'cuDNN NHWC':>16} {'ours':>16} {'fwd+bwd cuDNN':>14} {'max diff':>9}")
    for name, groups, cin, cout, size, k, stride in SHAPES:
        x = torch.randn(args.batch, groups * cin, size, size, device="cuda")
        w = torch.randn(groups * cout, cin, k, k, device="cuda") * 0.1
        flops = 2.0 * args.batch * groups * cout * cin * k * k * ((size + 2 * (k // 2) - k) // stride + 1) ** 2
        conv = lambda xx=x: F.conv2d(xx, w, None, stride, k // 2, 1, groups)
        torch.backends.cudnn.allow_tf32 = True
        tf32 = timed(conv)
        torch.backends.cudnn.allow_tf32 = False
        fp32 = timed(conv)
        reference = conv()
        x_cl, w_cl = x.contiguous(memory_format=torch.channels_last), w.contiguous(memory_format=torch.channels_last)
        nhwc = timed(lambda: F.conv2d(x_cl, w_cl, None, stride, k // 2, 1, groups))
        ours = timed(lambda: module.grouped_conv(x, w, groups, stride))
        diff = (module.grouped_conv(x, w, groups, stride) - reference).abs().max().item()
        xg = x.clone().requires_grad_()
        wg = w.clone().requires_grad_()
        torch.backends.cudnn.allow_tf32 = True
        out = F.conv2d(xg, wg, None, stride, k // 2, 1, groups)
        grad = torch.randn_like(out)
        both = timed(lambda: torch.autograd.grad(F.conv2d(xg, wg, None, stride, k // 2, 1, groups), (xg, wg), grad))
        cell = lambda ms: f"{ms:7.3f} ({flops / ms / 1e9:5.1f})"
        print(f"{name:20} {cell(tf32):>16} {cell(fp32):>16} {cell(nhwc):>16} {cell(ours):>16} {both:14.3f} {diff:9.1e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
