#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 NAAP Workbench authors
"""One training epoch (train + test) of a NAAP scheme in plain PyTorch: the reference of
naap-bench-train.

Usage: torch_epoch.py DATA_DIR --scheme JSON [--threads N] [--epochs E] [--channels-last]
                      [--device cpu|cuda] [--batch 256] [--test-chunk 1000] [--seed 20220819]

DATA_DIR is a cifar-10-batches-bin folder (or its parent). The network, initialisation and
recipe are PRODUCT.md section 4, written the straightforward way the original NAAP code
trains: the data set is read once and kept as normalised float32 tensors, each step gathers
its batch by a random permutation, runs SGD and reads the loss back (loss.item()); the test
pass runs under torch.no_grad() over the whole test set. --channels-last converts the model
and the data to NHWC (a tuned variant, reported separately). Epoch 1 is a warm-up; the
following epochs are timed. Prints one JSON line: {"epoch_s": [...], "train_s": [...],
"test_s": [...], "threads": N, ...}. Run with /usr/bin/python3 (Debian's python3-torch).
"""
import argparse
import json
import math
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class SchemeNet(nn.Module):
    def __init__(self, scheme):
        super().__init__()
        layers, channels = [], 3
        for layer in scheme:
            k, w, s = layer["kernel_size"], layer["width"], layer["stride"]
            layers.append(nn.ModuleDict({
                "conv": nn.Conv2d(channels, w, k, stride=s, padding=k // 2, bias=False),
                "bn": nn.BatchNorm2d(w)}))
            channels = w
        self.layers = nn.ModuleList(layers)
        self.residual = [bool(layer["residual"]) for layer in scheme]
        self.fc = nn.Linear(channels, 10)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)
            elif isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, 0, 0.01)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        for layer, residual in zip(self.layers, self.residual):
            y = F.relu(layer["bn"](layer["conv"](x)))
            x = y + x if residual else y
        return self.fc(x.mean((2, 3)))


def read_split(folder, names):
    raw = bytearray(b"".join(open(os.path.join(folder, n), "rb").read() for n in names))
    records = torch.frombuffer(raw, dtype=torch.uint8).reshape(-1, 3073)
    labels = records[:, 0].long()
    images = records[:, 1:].reshape(-1, 3, 32, 32)
    return ((images.float() / 255.0 - 0.5) / 0.5), labels


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--scheme", required=True, help="the scheme as JSON (a list of layers)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=2, help="epochs run; the first is a warm-up")
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--test-chunk", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=20220819)
    ap.add_argument("--channels-last", action="store_true")
    ap.add_argument("--device", default="cpu", help="cpu or cuda")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    folder = args.data
    if not os.path.exists(os.path.join(folder, "data_batch_1.bin")):
        folder = os.path.join(folder, "cifar-10-batches-bin")
    train_x, train_y = read_split(folder, [f"data_batch_{i}.bin" for i in range(1, 6)])
    test_x, test_y = read_split(folder, ["test_batch.bin"])
    device = torch.device(args.device)
    torch.backends.cudnn.benchmark = device.type == "cuda"  # as the C++ trainer does on CUDA
    train_x, train_y, test_x, test_y = (t.to(device) for t in (train_x, train_y, test_x, test_y))
    torch.manual_seed(args.seed)
    model = SchemeNet(json.loads(args.scheme)).to(device)
    if args.channels_last:
        model = model.to(memory_format=torch.channels_last)
        train_x = train_x.contiguous(memory_format=torch.channels_last)
        test_x = test_x.contiguous(memory_format=torch.channels_last)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
    generator = torch.Generator(device=device).manual_seed(args.seed)
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    n = train_x.shape[0]
    batches = math.ceil(n / args.batch)

    epoch_s, train_s, test_s = [], [], []
    for epoch in range(1, args.epochs + 1):
        for group in optimizer.param_groups:
            group["lr"] = 0.1 * 0.1 ** ((epoch - 1) % 3)
        t0 = time.perf_counter()
        model.train()
        perm = torch.randperm(n, generator=generator, device=device)
        losses = []
        for b in range(batches):
            idx = perm[b * args.batch:(b + 1) * args.batch]
            x, y = train_x[idx], train_y[idx]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        sync()
        t1 = time.perf_counter()
        model.eval()
        correct = 0
        with torch.no_grad():
            for begin in range(0, test_x.shape[0], args.test_chunk):
                logits = model(test_x[begin:begin + args.test_chunk])
                correct += int((logits.argmax(1) == test_y[begin:begin + args.test_chunk]).sum())
        sync()
        t2 = time.perf_counter()
        if epoch > 1 or args.epochs == 1:
            epoch_s.append(t2 - t0)
            train_s.append(t1 - t0)
            test_s.append(t2 - t1)
        print(f"epoch {epoch}: {t2 - t0:.3f} s, loss {sum(losses) / len(losses):.4f}, accuracy {correct / test_x.shape[0]:.4f}",
              file=sys.stderr)
    print(json.dumps({"epoch_s": epoch_s, "train_s": train_s, "test_s": test_s, "threads": torch.get_num_threads(),
                      "batches": batches, "train_images": n, "test_images": int(test_x.shape[0]),
                      "channels_last": args.channels_last, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
