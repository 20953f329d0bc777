#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 NAAP Workbench authors
"""Which cuDNN kernels run the biggest cohort buckets' grouped convolutions, in PyTorch alone?

Calls 10 and 13 traced these four convolutions in the C++ trainer as one kernel
per group (110 launches, 2.3-4.2 ms forward), while grouped_conv.py timed cuDNN at 0.66-0.82 ms
for the same shapes. This prints cuDNN's version and flags, then per shape and cuDNN mode
(benchmark on, then heuristics, each shape new to the process) the forward time and the
kernels of a forward and backward pass, by time, with their launch counts.

usage: conv_algos.py   (needs PyTorch with CUDA)
"""
import collections
import sys

from cuda_torch import cuda_torch, timed

SHAPES = [  # name, groups, in and out channels per group, input side, kernel, stride
    ("16->24", 110, 16, 24, 16, 3, 2),
    ("16->16", 110, 16, 16, 16, 3, 2),
    ("12->24", 110, 12, 24, 16, 3, 2),
    ("12->16", 110, 12, 16, 16, 3, 2),
]


def main():
    torch = cuda_torch()
    if torch is None:
        return 0
    import torch.nn.functional as F
    from torch.profiler import ProfilerActivity, profile
    b = torch.backends.cudnn
    print(f"PyTorch {torch.__version__}, cuDNN {b.version()}, benchmark {b.benchmark}, allow_tf32 {b.allow_tf32}, "
          f"benchmark_limit {getattr(b, 'benchmark_limit', '?')}")
    for benchmark in (True, False):
        b.benchmark = benchmark
        for name, groups, cin, cout, size, k, stride in SHAPES:
            batch = 256 if benchmark else 255  # a shape new to the process in each mode
            x = torch.relu(torch.randn(batch, groups * cin, size, size, device="cuda")).requires_grad_()
            w = (torch.randn(groups * cout, cin, k, k, device="cuda") * 0.1).requires_grad_()
            run = lambda: F.conv2d(x, w, None, stride, k // 2, 1, groups)
            y = run()
            dy = torch.randn_like(y)
            torch.autograd.grad(y, (x, w), dy)
            forward_ms = timed(torch, run, 10)
            with profile(activities=[ProfilerActivity.CUDA]) as prof:
                torch.autograd.grad(run(), (x, w), dy)
                torch.cuda.synchronize()
            kernels = collections.defaultdict(lambda: [0, 0.0])
            for e in prof.events():
                if e.device_type == torch.autograd.DeviceType.CUDA:
                    kernels[e.name][0] += 1
                    kernels[e.name][1] += e.device_time_total if hasattr(e, "device_time_total") else e.cuda_time_total
            mode = "benchmark" if benchmark else "heuristics"
            print(f"{name} ({mode}, batch {batch}): forward {forward_ms:.3f} ms; forward + backward kernels:")
            for kname, (count, us) in sorted(kernels.items(), key=lambda kv: -kv[1][1])[:6]:
                print(f"    {us / 1e3:7.3f} ms  x{count:<4d} {kname[:110]}")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
