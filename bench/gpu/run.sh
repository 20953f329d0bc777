#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 NAAP Workbench authors
# The CUDA training benchmark, in one go on a lent GPU machine (docs: bench/gpu/README.md).
# Run from the repository root with .deps carried; writes JSON figures and logs under $OUT.
#   NAAP_GPU_DRY_RUN=1  check the script here: Debian's CPU LibTorch, tiny sizes, cpu device
#   NAAP_GPU_JOBS=N     build jobs (default: all cores)
set -euo pipefail

ROOT=$(pwd)
OUT=${OUT:-$ROOT/build/gpu-out}
DRY=${NAAP_GPU_DRY_RUN:-0}
PREFIX=${NAAP_GPU_PREFIX:-/tmp/prefix}
BUILD=${NAAP_GPU_BUILD:-/tmp/naap-gpu-build}
DATA=${NAAP_GPU_DATA:-/tmp/naap-gpu-data}
JOBS=${NAAP_GPU_JOBS:-$(nproc)}
PY=${NAAP_GPU_PYTHON:-python3}
mkdir -p "$OUT"
exec > >(tee "$OUT/run.log") 2>&1
stamp() { echo "[$(date +%T)] $*"; }

[ -f CMakeLists.txt ] && [ -d bench/gpu ] || { echo "run.sh: start it from the repository root" >&2; exit 2; }
ls .deps/*.deb > /dev/null 2>&1 || { echo "run.sh: no .deps/*.deb (see bench/gpu/README.md)" >&2; exit 2; }

# 1. The carried Debian packages, unpacked without dpkg when it is missing (a .deb is an ar
#    archive holding data.tar.*).
stamp "unpacking .deps into $PREFIX"
mkdir -p "$PREFIX"
for deb in .deps/*.deb; do
  if command -v dpkg-deb > /dev/null; then
    dpkg-deb -x "$deb" "$PREFIX"
  else
    tmp=$(mktemp -d)
    (cd "$tmp" && ar x "$ROOT/$deb" && tar -xf data.tar.* -C "$PREFIX")
    rm -rf "$tmp"
  fi
done
export LD_LIBRARY_PATH="$PREFIX/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

# 2. Configure against the wheel's LibTorch, with its C++ ABI for every target (the core's
#    std::string crosses into the torch module).
if [ "$DRY" = 1 ]; then
  TORCH_PREFIX=""          # Debian's LibTorch, found in /usr, and its Python
  PY=${NAAP_GPU_PYTHON:-/usr/bin/python3}
  ABI_FLAG=""
  TRAIN=512 TEST=256 DEVICE=cpu
else
  TORCH_PREFIX=$($PY -c 'import torch; print(torch.utils.cmake_prefix_path)')
  ABI=$($PY -c 'import torch; print(int(torch._C._GLIBCXX_USE_CXX11_ABI))')
  ABI_FLAG="-D_GLIBCXX_USE_CXX11_ABI=$ABI"
  TRAIN=50000 TEST=10000 DEVICE=cuda
  [ -d /usr/local/cuda/bin ] && export PATH="/usr/local/cuda/bin:$PATH"
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader > "$OUT/device.txt" || true
  $PY -c 'import torch; print(torch.__version__, torch.version.cuda, torch.cuda.get_device_name(0))' >> "$OUT/device.txt"
fi
GEN=Ninja; command -v ninja > /dev/null || GEN="Unix Makefiles"
stamp "configuring in $BUILD (torch: ${TORCH_PREFIX:-system}, ${ABI_FLAG:-default ABI})"
cmake -S . -B "$BUILD" -G "$GEN" -DCMAKE_BUILD_TYPE=Release \
  -DNAAP_BUILD_GUI=OFF -DBUILD_TESTING=OFF -DNAAP_WITH_FETCH=OFF \
  -DCMAKE_PREFIX_PATH="${TORCH_PREFIX:+$TORCH_PREFIX;}$PREFIX/usr" \
  -DCMAKE_CXX_FLAGS="$ABI_FLAG" > "$OUT/configure.log" 2>&1 || { tail -40 "$OUT/configure.log"; exit 1; }
grep -E "LIBSVM|Eigen3_DIR|nlohmann_json_DIR|Torch_DIR" "$BUILD/CMakeCache.txt" | grep -v "^//" || true

stamp "building naap, libnaap_torch and naap-bench-train with $JOBS jobs"
cmake --build "$BUILD" -j "$JOBS" --target naap naap_torch naap-bench-train > "$OUT/build.log" 2>&1 \
  || { grep -B2 -A12 -m3 "error" "$OUT/build.log" | head -60; exit 1; }
BENCH="$BUILD/bench/naap-bench-train"
NAAP="$BUILD/app/cli/naap"

# 3. Full-size synthetic CIFAR-format data (CIFAR-10's sizes; the timing does not depend on
#    the pixels).
stamp "synthetic data: $TRAIN training / $TEST test images"
"$NAAP" synth-cifar --out "$DATA" --train-images "$TRAIN" --test-images "$TEST" > /dev/null
CIFAR="$DATA/cifar-10-batches-bin"

# 4. The figures. Each step has its own time limit so one slow step cannot eat the rest.
FAILED=0
step() { # name seconds args...
  local name=$1 limit=$2 rc=0; shift 2
  stamp "$name"
  timeout "$limit" "$BENCH" --data "$CIFAR" --device "$DEVICE" --python "$PY" --json-out "$OUT/$name.json" "$@" \
    || rc=$?
  if [ "$rc" != 0 ]; then echo "run.sh: step $name failed or ran out of time (exit $rc)"; FAILED=$((FAILED + 1)); fi
}
if [ "$DRY" = 1 ]; then
  step epochs 300 --epochs 2 --python-epochs 2 --threads 2
  step ninety 300 --ids none --no-python --ninety 19 --threads 2
  step campaign 300 --ids none --no-python --campaign 4 --campaign-epochs 1 --concurrent 2 --threads 2
else
  # One model's epoch (train + test), smallest and largest, against PyTorch on the same GPU.
  step epochs 150 --epochs 3 --python-epochs 3
  # One model's 90 epochs.
  step ninety 150 --ids none --no-python --ninety 432
  # Many models at once: 64 schemes, 2 epochs, 8 and 16 concurrent streams.
  step campaign-k8 120 --ids none --no-python --campaign 64 --campaign-epochs 2 --concurrent 8
  step campaign-k16 120 --ids none --no-python --campaign 64 --campaign-epochs 2 --concurrent 16
fi
stamp "done; figures in $OUT ($FAILED steps failed)"
ls -la "$OUT"
[ "$FAILED" = 0 ]
