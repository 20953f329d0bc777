#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 NAAP Workbench authors
"""Summarises a Chrome trace of cohort steps (NAAP_TRAIN_COHORT_TRACE): GPU time per kernel,
per operator that launched it, and per convolution shape, divided by the traced steps.
Under the profiler cuDNN's one-kernel-per-group convolutions take 3-5x as long as when timed
without it (conv_algos.py, call 14), so their shapes' figures here are too high; the probe
(NAAP_TRAIN_COHORT_PROBE=1) times each part of a step without a profiler.

usage: trace_summary.py TRACE.json [STEPS]"""
import bisect
import collections
import json
import sys


def main():
    path = sys.argv[1]
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with open(path) as f:
        events = json.load(f)
    events = events.get("traceEvents", events) if isinstance(events, dict) else events
    kernels, launches, ops = [], {}, collections.defaultdict(list)
    for e in events:
        if e.get("ph") != "X":
            continue
        cat = e.get("cat", "")
        args = e.get("args", {}) or {}
        if cat == "kernel":
            kernels.append(e)
        elif cat in ("cuda_runtime", "cuda_driver") and "correlation" in args:
            launches[args["correlation"]] = e
        elif cat == "cpu_op":
            ops[e.get("tid")].append(e)
    starts = {}
    for tid, lst in ops.items():
        lst.sort(key=lambda e: e["ts"])
        starts[tid] = [e["ts"] for e in lst]

    def enclosing(launch):
        """Operators containing the launch, innermost first."""
        tid, t = launch.get("tid"), launch["ts"]
        lst = ops.get(tid, [])
        i = bisect.bisect_right(starts.get(tid, []), t) - 1
        chain, depth = [], 0
        while i >= 0 and depth < 400:
            e = lst[i]
            if e["ts"] + e.get("dur", 0) >= t:
                chain.append(e)
            i -= 1
            depth += 1
        return chain

    total = sum(k.get("dur", 0) for k in kernels)
    if not kernels:
        print("no kernels in the trace")
        return
    first = min(k["ts"] for k in kernels)
    last = max(k["ts"] + k.get("dur", 0) for k in kernels)
    print(f"{len(kernels) / steps:.0f} kernels per step, {total / steps / 1e3:.2f} ms of kernel time per step, "
          f"span {(last - first) / steps / 1e3:.2f} ms per step")

    by_kernel = collections.Counter()
    n_kernel = collections.Counter()
    by_op = collections.Counter()
    by_conv = collections.Counter()
    n_conv = collections.Counter()
    for k in kernels:
        d = k.get("dur", 0)
        name = k.get("name", "?")
        by_kernel[name[:110]] += d
        n_kernel[name[:110]] += 1
        launch = launches.get((k.get("args") or {}).get("correlation"))
        chain = enclosing(launch) if launch else []
        outer = chain[-1]["name"] if chain else "?"
        # An autograd node's name says which backward it is.
        node = next((c["name"] for c in chain if c["name"].startswith("autograd::engine::evaluate_function")), None)
        label = node.replace("autograd::engine::evaluate_function: ", "bwd ") if node else outer
        by_op[label] += d
        conv = next((c for c in reversed(chain) if c["name"] in ("aten::convolution", "aten::convolution_backward",
                                                                 "aten::_convolution", "aten::cudnn_convolution")), None)
        if conv is not None:
            dims = (conv.get("args") or {}).get("Input Dims") or []
            key = f'{conv["name"]} {dims[:2]} groups={((conv.get("args") or {}).get("Concrete Inputs") or ["?"] * 9)[-1:]}'
            by_conv[key[:150]] += d
            n_conv[key[:150]] += 1

    def show(title, counter, counts=None, top=30):
        print(f"\n{title} (ms per step, share of kernel time)")
        for name, d in counter.most_common(top):
            extra = f"  x{counts[name] / steps:.0f}" if counts is not None else ""
            print(f"  {d / steps / 1e3:8.3f}  {100 * d / total:5.1f}%  {name}{extra}")

    show("by operator or backward node", by_op, top=25)
    show("by kernel", by_kernel, n_kernel, top=35)
    show("by convolution (input dims)", by_conv, n_conv, top=40)


if __name__ == "__main__":
    main()
