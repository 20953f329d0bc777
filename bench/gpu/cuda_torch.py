# SPDX-License-Identifier: MIT
# Copyright (c) 2026 NAAP Workbench authors
"""PyTorch with a CUDA device for the GPU measurement scripts, or None (said on stdout) where
there is none, so that the dry run here passes through them."""
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
