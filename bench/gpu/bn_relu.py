#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 NAAP Workbench authors
"""The trainer's fused BatchNorm + ReLU against LibTorch's, kernel by kernel, on a GPU

Call 14's probe put 21.8 ms of a 76 ms step of all 440 models in BatchNorm + ReLU (8.6 forward,
13.2 backward). LibTorch runs them as cuDNN's BatchNorm (statistics and normalisation) and then a
ReLU in place, and backward a ReLU gradient and then cuDNN's BatchNorm gradient: each activation
crosses the memory bus up to five times forward and eight times backward. Fused, it crosses three
times forward (the statistics read x; the normalisation reads x and writes max(0, a·x + b) with
a = γ/σ, b = β − μ·a per channel) and five times backward (the sums of dz and dz·x̂ read dy and x,
dz being dy where a·x + b > 0, recomputed from x; then dy and x again, and dx is written). This
script compiles the trainer's own kernels (core/src/train/torch/cuda_batch_norm_relu.cu) and times
both ways on the cohort's largest activations (NCHW float32, batch 256), forward and forward +
backward, and checks the fused kernels against PyTorch's BatchNorm + ReLU: the output, the three
gradients and the running statistics (momentum 0.1, unbiased variance, as the recipe's BatchNorm2d).

usage: bn_relu.py [--iters N] [--batch B]   (needs PyTorch with CUDA, nvcc and ninja)
"""
import pathlib
import sys

from cuda_torch import kernel_bench

# The trainer's own kernels (core/src/train/torch/cuda_batch_norm_relu.cu, compiled as they are),
# behind two functions PyTorch can call.
SOURCE = pathlib.Path(__file__).resolve().parents[2] / "core" / "src"
WRAPPER = r"""
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>

#include "train/torch/cuda_batch_norm_relu.h"

using naap::core::detail::BnReluStats;

static BnReluStats statsOf(torch::Tensor& stats)
{
    float* s = stats.data_ptr<float>();
    const int64_t c = stats.size(1);
    return {s, s + c, s + 2 * c, s + 3 * c};
}

// Returns y and the saved (mean, invstd, scale, shift); updates the running statistics in place.
std::vector<torch::Tensor> bn_relu_forward(torch::Tensor x, torch::Tensor gamma, torch::Tensor beta,
                                           torch::Tensor running_mean, torch::Tensor running_var, double momentum,
                                           double eps)
{
    TORCH_CHECK(x.is_cuda() && x.is_contiguous() && x.dim() == 4, "contiguous NCHW on the GPU");
    const int64_t n = x.size(0), c = x.size(1), hw = x.size(2) * x.size(3);
    auto stats = torch::empty({4, c}, x.options());
    auto y = torch::empty_like(x);
    const char* error = naap::core::detail::launchBnReluForward(
        x.data_ptr<float>(), y.data_ptr<float>(), n, c, hw, gamma.data_ptr<float>(), beta.data_ptr<float>(),
        running_mean.data_ptr<float>(), running_var.data_ptr<float>(), static_cast<float>(momentum),
        static_cast<float>(eps), statsOf(stats), at::cuda::getCurrentCUDAStream().stream());
    TORCH_CHECK(error == nullptr, error);
    return {y, stats};
}

// Returns dx, dγ, dβ.
std::vector<torch::Tensor> bn_relu_backward(torch::Tensor x, torch::Tensor dy, torch::Tensor stats)
{
    TORCH_CHECK(dy.is_contiguous() && dy.sizes() == x.sizes(), "dy shaped and laid out as x");
    const int64_t n = x.size(0), c = x.size(1), hw = x.size(2) * x.size(3);
    auto dgamma = torch::empty({c}, x.options());
    auto dbeta = torch::empty({c}, x.options());
    auto dx = torch::empty_like(x);
    const char* error = naap::core::detail::launchBnReluBackward(
        x.data_ptr<float>(), dy.data_ptr<float>(), dx.data_ptr<float>(), n, c, hw, statsOf(stats),
        dgamma.data_ptr<float>(), dbeta.data_ptr<float>(), at::cuda::getCurrentCUDAStream().stream());
    TORCH_CHECK(error == nullptr, error);
    return {dx, dgamma, dbeta};
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
    kernels = (SOURCE / "train" / "torch" / "cuda_batch_norm_relu.cu").read_text()
    setup = kernel_bench(__doc__.splitlines()[0], "naap_bn_relu", declarations, [kernels, WRAPPER],
                         ["bn_relu_forward", "bn_relu_backward"], include_paths=[str(SOURCE)])
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
