# SPDX-License-Identifier: MIT
# Copyright (c) 2026 NAAP Workbench authors
"""What the GPU measurement scripts share: PyTorch with a CUDA device, or None (said on stdout)
where there is none, so that the dry run here passes through them; CUDA kernels compiled inline;
a timer of GPU work; and the start of the scripts that time kernels of their own."""
import argparse
import os
import sys


def cuda_torch():
    """The torch module when it imports and sees a CUDA device, else None."""
    script = os.path.basename(sys.argv[0])
    try:
        import torch
    except ImportError:
        print(f"{script}: no PyTorch here; nothing to measure")
        return None
    if not torch.cuda.is_available():
        print(f"{script}: no CUDA device; nothing to measure")
        return None
    return torch


def inline_module(torch, name, declarations, kernel, functions, include_paths=None):
    """`kernel` (CUDA source with `functions`, declared in `declarations`; a string or a list of
    them, compiled as one file) compiled by PyTorch's load_inline (about a minute; needs nvcc and
    ninja), with `include_paths` searched for its own includes."""
    from torch.utils.cpp_extension import load_inline
    return load_inline(name, cpp_sources=declarations, cuda_sources=kernel, functions=functions,
                       extra_cuda_cflags=["-O3"], extra_include_paths=include_paths or [], verbose=False)


def timed(torch, fn, iters):
    """Milliseconds of GPU time per call of fn: three calls to warm up, then `iters` between events."""
    for _ in range(3):
        fn()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    torch.cuda.synchronize()
    start.record()
    for _ in range(iters):
        fn()
    end.record()
    torch.cuda.synchronize()
    return start.elapsed_time(end) / iters


def kernel_bench(description, name, declarations, kernel, functions, add_arguments=None, include_paths=None):
    """The start of a script timing CUDA kernels of its own: its options (--iters, --batch, and what
    add_arguments(parser) adds), PyTorch with CUDA, the kernels compiled, cuDNN's benchmark mode on.
    Returns (args, torch, module, timed), timed(fn) giving the milliseconds per call of fn; None
    where there is no CUDA."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--iters", type=int, default=20)
    parser.add_argument("--batch", type=int, default=256)
    if add_arguments is not None:
        add_arguments(parser)
    args = parser.parse_args()
    torch = cuda_torch()
    if torch is None:
        return None
    module = inline_module(torch, name, declarations, kernel, functions, include_paths)
    torch.backends.cudnn.benchmark = True
    return args, torch, module, lambda fn: timed(torch, fn, args.iters)
