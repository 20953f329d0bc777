#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 NAAP Workbench authors
# The CUDA training benchmark, in one go on a lent GPU machine (docs: bench/gpu/README.md).
# Run from the repository root with .deps carried; writes JSON figures and logs under $OUT.
#   NAAP_GPU_DRY_RUN=1  check the script here: Debian's CPU LibTorch, tiny sizes, cpu device
#   NAAP_GPU_JOBS=N     build jobs (default: all cores)
#   NAAP_GPU_BUDGET=S   seconds the whole script may take (default 480): each step's limit is cut
#                       to what is left, and a step that cannot start in time is skipped
#   NAAP_GPU_TORCH_CMAKE=direct  skip TorchConfig.cmake and use the LibTorch folder directly
#   NAAP_GPU_PLAN=campaign  only the campaign-throughput steps (a second, shorter call)
#   NAAP_GPU_PLAN=quick     epochs (with PyTorch), 90 epochs and one campaign
#   NAAP_GPU_PLAN=layout    NCHW against channels-last, and 8 models at once
#   NAAP_GPU_PLAN=cohort    cohorts: a correctness check, then all 440 models in several shapes
#   NAAP_GPU_PLAN=probe     where a 440-member cohort's step goes, in each layout
#   NAAP_GPU_PLAN=layouts  cohort layouts and routes probed, then a campaign in the quickest
#   NAAP_GPU_PLAN=trace    a 440-member cohort's step probed and traced kernel by kernel, then
#                          probed with one first-layer bucket, cohort-check, and the biggest
#                          buckets' convolutions: cuDNN against a kernel of our own (grouped_conv.py)
#   NAAP_GPU_PLAN=cudnn    which cuDNN the trainer loads and which kernels PyTorch alone gets for
#                          the biggest buckets (conv_algos.py), then the probe with each cuDNN
#   NAAP_GPU_PLAN=report   the headline figures of the current code: single-model epochs against
#                          PyTorch, all 440 models x 3 epochs as one cohort, 90 epochs, the fast
#                          paths against LibTorch's plain ones, and the CLI's logs
#   NAAP_GPU_PLAN=bn       the fused CUDA BatchNorm + ReLU only: bn-check, the probe both ways,
#                          all 440 models x 3 epochs, single-model epochs in each layout
#   NAAP_GPU_BESIDE=CMD    a command run beside the configure and build (say, a Python kernel
#                          benchmark that compiles with load_inline); its output goes to
#                          $OUT/beside.txt, and the steps wait for it to end, so that it never
#                          shares the GPU with a timed step
set -euo pipefail

ROOT=$(pwd)
OUT=${OUT:-$ROOT/build/gpu-out}
DRY=${NAAP_GPU_DRY_RUN:-0}
PREFIX=${NAAP_GPU_PREFIX:-/tmp/prefix}
BUILD=${NAAP_GPU_BUILD:-/tmp/naap-gpu-build}
DATA=${NAAP_GPU_DATA:-/tmp/naap-gpu-data}
JOBS=${NAAP_GPU_JOBS:-$(nproc)}
PY=${NAAP_GPU_PYTHON:-python3}
BUDGET=${NAAP_GPU_BUDGET:-480}
START=$SECONDS
mkdir -p "$OUT"
exec > >(tee "$OUT/run.log") 2>&1
stamp() { echo "[$(date +%T) +$((SECONDS - START))s] $*"; }

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
#    std::string crosses into the torch module). TorchConfig.cmake wants the CUDA toolkit (and
#    maybe cuDNN) found again; if that fails, LibTorch's folder is used directly
#    (cmake/LibTorchDirect.cmake), which needs neither.
CUDA_HINTS=()
if [ "$DRY" = 1 ]; then
  TORCH_PREFIX=""          # Debian's LibTorch, found in /usr, and its Python
  TORCH_DIR=${NAAP_GPU_TORCH_DIR:-}
  PY=${NAAP_GPU_PYTHON:-/usr/bin/python3}
  ABI_FLAG=""
  TRAIN=512 TEST=256 DEVICE=cpu
else
  TORCH_PREFIX=$($PY -c 'import torch; print(torch.utils.cmake_prefix_path)')
  TORCH_DIR=$($PY -c 'import os, torch; print(os.path.dirname(torch.__file__))')
  ABI=$($PY -c 'import torch; print(int(torch._C._GLIBCXX_USE_CXX11_ABI))')
  ABI_FLAG="-D_GLIBCXX_USE_CXX11_ABI=$ABI"
  TRAIN=50000 TEST=10000 DEVICE=cuda
  [ -d /usr/local/cuda/bin ] && export PATH="/usr/local/cuda/bin:$PATH"
  export TORCH_CUDA_ARCH_LIST=${TORCH_CUDA_ARCH_LIST:-9.0}
  if NVCC=$(command -v nvcc); then
    CUDA_ROOT=$(dirname "$(dirname "$NVCC")")
    CUDA_HINTS+=("-DCUDAToolkit_ROOT=$CUDA_ROOT" "-DCUDA_TOOLKIT_ROOT_DIR=$CUDA_ROOT" "-DCMAKE_CUDA_COMPILER=$NVCC")
  fi
  CUDNN=$($PY -c 'import os, nvidia.cudnn as m; print(os.path.dirname(m.__file__) if m.__file__ else list(m.__path__)[0])' 2>/dev/null || true)
  if [ -n "$CUDNN" ] && [ -f "$CUDNN/include/cudnn.h" ]; then
    CUDA_HINTS+=("-DCUDNN_ROOT=$CUDNN" "-DCUDNN_INCLUDE_PATH=$CUDNN/include")
    for lib in "$CUDNN"/lib/libcudnn.so*; do CUDA_HINTS+=("-DCUDNN_LIBRARY_PATH=$lib"); break; done
  fi
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader > "$OUT/device.txt" || true
  $PY -c 'import torch; print(torch.__version__, torch.version.cuda, torch.cuda.get_device_name(0))' >> "$OUT/device.txt"
  (nvcc --version | tail -1; g++ --version | head -1; cmake --version | head -1) >> "$OUT/device.txt" 2>&1 || true
  cat "$OUT/device.txt"
fi
BESIDE=""
if [ -n "${NAAP_GPU_BESIDE:-}" ]; then
  stamp "beside the build: $NAAP_GPU_BESIDE (output in $OUT/beside.txt)"
  bash -c "$NAAP_GPU_BESIDE" > "$OUT/beside.txt" 2>&1 &
  BESIDE=$!
fi
GEN=Ninja; command -v ninja > /dev/null || GEN="Unix Makefiles"
LOG="$OUT/build.log" # configure and build output, both
NO_KERNELS=() # -DNAAP_CUDA_KERNELS=OFF once the trainer's CUDA kernels failed to configure or build
configure() { # mode (config | direct), extra cmake arguments...
  local mode=$1 torch_args=() lines; shift
  if [ "$mode" = direct ]; then torch_args=("-DNAAP_TORCH_ROOT=$TORCH_DIR")
  else torch_args=("${CUDA_HINTS[@]}"); fi
  stamp "configuring in $BUILD (torch: ${TORCH_PREFIX:-system}, $mode, ${ABI_FLAG:-default ABI}) ${NO_KERNELS[*]} $*"
  rm -rf "$BUILD"
  lines=0; [ -f "$LOG" ] && lines=$(wc -l < "$LOG")
  cmake -S . -B "$BUILD" -G "$GEN" -DCMAKE_BUILD_TYPE=Release \
    -DNAAP_BUILD_GUI=OFF -DBUILD_TESTING=OFF -DNAAP_WITH_FETCH=OFF -DCMAKE_POLICY_VERSION_MINIMUM=3.5 \
    -DCMAKE_PREFIX_PATH="${TORCH_PREFIX:+$TORCH_PREFIX;}$PREFIX/usr" \
    -DCMAKE_CXX_FLAGS="$ABI_FLAG" "${torch_args[@]}" "${NO_KERNELS[@]}" "$@" >> "$LOG" 2>&1 && return 0
  # CMake's CUDA language, enabled for the kernels (core/CMakeLists.txt), may fail where the rest
  # configures: once more without them.
  if [ ${#NO_KERNELS[@]} = 0 ] && tail -n +"$((lines + 1))" "$LOG" | grep -A12 "CMake Error" |
    grep -E "CMakeDetermineCUDA|CMakeTestCUDA|CUDA_ARCHITECTURES|core/CMakeLists.txt" > /dev/null; then
    echo "run.sh: configuring CMake's CUDA language failed; again without the CUDA kernels (-DNAAP_CUDA_KERNELS=OFF)"
    NO_KERNELS=(-DNAAP_CUDA_KERNELS=OFF)
    configure "$mode" "$@"
  else
    return 1
  fi
}
MODE=${NAAP_GPU_TORCH_CMAKE:-config}
if [ "$MODE" = direct ] || ! configure config; then
  [ "$MODE" = direct ] || { echo "TorchConfig.cmake failed:"; grep -A6 "CMake Error" "$LOG" | head -30; }
  [ -n "$TORCH_DIR" ] || { echo "run.sh: no LibTorch folder to fall back on" >&2; exit 1; }
  MODE=direct
  configure direct || { tail -40 "$LOG"; exit 1; }
fi
grep -E "LIBSVM|Eigen3_DIR|nlohmann_json_DIR|Torch_DIR|NAAP_TORCH_ROOT|NAAP_CUDA_INCLUDE_DIR" "$BUILD/CMakeCache.txt" | grep -v "^//" || true
grep -E "CUDA graphs|LibTorch from|CUDA BatchNorm" "$LOG" || true

build() {
  stamp "building naap, libnaap_torch and naap-bench-train with $JOBS jobs"
  cmake --build "$BUILD" -j "$JOBS" --target naap naap_torch naap-bench-train >> "$LOG" 2>&1
}
if ! build; then
  grep -B2 -A12 -m3 "error" "$LOG" | head -60
  # The CUDA kernels (nvcc), the step trace (LibTorch's profiler API) and the CUDA graph code
  # are the parts compiled only against a CUDA LibTorch 2.x: without them the rest can still be
  # measured. The kernels go first, and stay off for the later tries.
  WITHOUT="the step trace"
  if [ ${#NO_KERNELS[@]} = 0 ]; then
    NO_KERNELS=(-DNAAP_CUDA_KERNELS=OFF)
    WITHOUT="the CUDA kernels and the step trace"
  fi
  if [ "$WITHOUT" != "the step trace" ] && configure "$MODE" && build; then
    echo "run.sh: built WITHOUT the CUDA kernels (-DNAAP_CUDA_KERNELS=OFF; the build with them failed, above)"
  elif configure "$MODE" -DNAAP_TORCH_TRACE=OFF && build; then
    echo "run.sh: built WITHOUT $WITHOUT (the builds with them failed, above)"
  else
    configure "$MODE" -DNAAP_TORCH_TRACE=OFF -DNAAP_CUDA_GRAPHS=OFF && build || exit 1
    echo "run.sh: built WITHOUT $WITHOUT and CUDA graphs (the builds with them failed, above)"
  fi
fi
BENCH="$BUILD/bench/naap-bench-train"
NAAP="$BUILD/app/cli/naap"

if [ -n "$BESIDE" ]; then
  stamp "waiting for the command beside the build"
  rc=0; wait "$BESIDE" || rc=$?
  stamp "beside the build: exit $rc; its last lines:"; tail -5 "$OUT/beside.txt"
fi

# 3. Full-size synthetic CIFAR-format data (CIFAR-10's sizes; the timing does not depend on
#    the pixels).
stamp "synthetic data: $TRAIN training / $TEST test images"
"$NAAP" synth-cifar --out "$DATA" --train-images "$TRAIN" --test-images "$TEST" > /dev/null
CIFAR="$DATA/cifar-10-batches-bin"
export NAAP CIFAR DEVICE PY

# 4. Each step runs under its own limit, cut to what is left of the budget, so that one slow
#    step cannot eat the rest. Each step's JSON is merged into $OUT/figures.json as it comes.
FIG=$(mktemp -d)
FAILED=0
# The GPU's memory in use, sampled twice a second (nvidia-smi; none in the dry run), and each
# step's start and end, so that the end of the run can print every step's peak.
MEM="$OUT/gpu_memory.csv" STEPS="$OUT/step_times.csv"
: > "$STEPS"
SAMPLER=""
if command -v nvidia-smi > /dev/null; then
  (while :; do echo "$(date +%s.%N),$(nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits | head -1)"; sleep 0.5; done) > "$MEM" 2>/dev/null &
  SAMPLER=$!
  trap 'kill "$SAMPLER" 2> /dev/null || true' EXIT
fi
limit_for() { # wanted seconds -> seconds allowed now (0: no time left)
  local left=$((BUDGET - (SECONDS - START) - 5))
  if [ "$left" -lt 20 ]; then echo 0; elif [ "$1" -lt "$left" ]; then echo "$1"; else echo "$left"; fi
}
run_limited() { # name wanted-seconds command...
  local name=$1 limit rc=0; limit=$(limit_for "$2"); shift 2
  if [ "$limit" = 0 ]; then echo "run.sh: step $name skipped: the budget of ${BUDGET}s is spent"; FAILED=$((FAILED + 1)); return; fi
  stamp "$name (limit ${limit}s)"
  local began; began=$(date +%s.%N)
  if declare -F "$1" > /dev/null; then # a function of this script: timeout needs a program
    timeout "$limit" bash -c "$(declare -f "$1"); $1 \"\$@\"" "$1" "${@:2}" || rc=$?
  else
    timeout "$limit" "$@" || rc=$?
  fi
  if [ "$rc" != 0 ]; then echo "run.sh: step $name failed or ran out of time (exit $rc)"; FAILED=$((FAILED + 1)); fi
  echo "$name,$began,$(date +%s.%N)" >> "$STEPS"
  $PY - "$FIG" "$OUT/figures.json" << 'MERGE' || true
import json, os, sys
folder, out = sys.argv[1], sys.argv[2]
figures = {}
for name in sorted(os.listdir(folder)):
    try:
        figures[name[:-5]] = json.load(open(os.path.join(folder, name)))
    except ValueError:
        pass
json.dump(figures, open(out + ".tmp", "w"), indent=1)
os.replace(out + ".tmp", out)
MERGE
}
step() { # name seconds bench-args...
  local name=$1 wanted=$2; shift 2
  run_limited "$name" "$wanted" "$BENCH" --data "$CIFAR" --device "$DEVICE" --python "$PY" --json-out "$FIG/$name.json" "$@"
}
# The CLI as a user runs it: the device line and the published log format, two models at once.
cli_train() {
  "$NAAP" schemes --out /tmp/naap-gpu-schemes.json
  rm -rf /tmp/naap-gpu-logs
  "$NAAP" train --schemes /tmp/naap-gpu-schemes.json --ids 19,432 --epochs "$1" --data "$CIFAR" \
    --out /tmp/naap-gpu-logs --device "$DEVICE" --concurrent 2
  for log in /tmp/naap-gpu-logs/scheme_*.txt; do echo "== $log"; head -4 "$log"; echo "..."; tail -4 "$log"; done
}
# Two folders of logs must log the same losses and accuracies, up to cuDNN's own rounding (its
# algorithm choice may differ): within 1 % of the value, or 0.01 below 1 (one test image in a
# hundred, 0.01 of a loss).
compare_logs() { # label folder-a folder-b
  "$PY" - "$@" << 'CHECK'
import os, re, sys
label, a, b = sys.argv[1:4]
def numbers(path):
    out = []
    for line in open(path):
        if "Loss mean, median" in line or "Test accuracy" in line:
            out += [float(v) for v in re.findall(r"\d+\.\d+(?:e-?\d+)?", line.split(":", 1)[1])]
    return out
names = sorted(n for n in os.listdir(b) if n.startswith("scheme_") and n.endswith(".txt"))
worst, count, same = 0.0, 0, len(names) > 0
for name in names:
    x, y = numbers(os.path.join(a, name)) if os.path.exists(os.path.join(a, name)) else [], numbers(os.path.join(b, name))
    same = same and len(x) == len(y) and len(x) > 0
    count += len(y)
    worst = max([worst] + [abs(p - q) / max(abs(q), 1.0) for p, q in zip(x, y)])
same = same and worst <= 1e-2
print(f"{label}: {len(names)} logs, {count} logged values, largest difference {worst:.2e}:",
      "the same" if same else "DIFFERENT")
sys.exit(0 if same else 1)
CHECK
}
export -f compare_logs # for the steps, which run in a shell of their own
# The fast paths against LibTorch's plain ones (no graphs, LibTorch's SGD) on ModelId 432.
graph_check() {
  "$NAAP" schemes --out /tmp/naap-gpu-schemes.json
  local mode prefix
  for mode in fast plain; do
    rm -rf "/tmp/naap-gpu-check-$mode"
    prefix=()
    [ "$mode" = plain ] && prefix=(env NAAP_TRAIN_CUDA_GRAPHS=0 NAAP_TRAIN_SGD=plain)
    "${prefix[@]}" "$NAAP" train --schemes /tmp/naap-gpu-schemes.json --ids 432 --epochs 3 --data "$CIFAR" \
      --out "/tmp/naap-gpu-check-$mode" --device "$DEVICE" --cohort 1 > /dev/null 2>&1 || true
  done
  compare_logs "graph check" /tmp/naap-gpu-check-fast /tmp/naap-gpu-check-plain
}
# A cohort of models of every shape against the same models trained one by one.
cohort_check() {
  "$NAAP" schemes --out /tmp/naap-gpu-schemes.json
  local ids=1,19,60,137,200,300,333,432,440 size
  for size in 9 1; do
    rm -rf "/tmp/naap-gpu-cohort-$size"
    "$NAAP" train --schemes /tmp/naap-gpu-schemes.json --ids "$ids" --epochs 3 --data "$CIFAR" \
      --out "/tmp/naap-gpu-cohort-$size" --device "$DEVICE" --cohort "$size" --concurrent 1 2>&1 | tail -3 || true
  done
  compare_logs "cohort check" /tmp/naap-gpu-cohort-9 /tmp/naap-gpu-cohort-1
}
# The fused CUDA BatchNorm + ReLU against LibTorch's cuDNN BatchNorm and ReLU
# (NAAP_TRAIN_CUDA_BN_RELU=off), 3 epochs: the nine models of cohort_check as one cohort, and
# ModelId 432 alone, in NCHW (single models compute channels-last by default, which the kernels
# leave to cuDNN). Where they are not built both runs are LibTorch's, and agree trivially.
bn_check() {
  "$NAAP" schemes --out /tmp/naap-gpu-schemes.json
  local run name ids size mode rc=0 prefix
  for run in cohort:1,19,60,137,200,300,333,432,440:9 single:432:1; do
    IFS=: read -r name ids size <<< "$run"
    for mode in fused off; do
      rm -rf "/tmp/naap-gpu-bn-$name-$mode"
      prefix=(env)
      [ "$size" = 1 ] && prefix+=(NAAP_TRAIN_MEMORY_FORMAT=nchw)
      [ "$mode" = off ] && prefix+=(NAAP_TRAIN_CUDA_BN_RELU=off)
      "${prefix[@]}" "$NAAP" train --schemes /tmp/naap-gpu-schemes.json --ids "$ids" --epochs 3 --data "$CIFAR" \
        --out "/tmp/naap-gpu-bn-$name-$mode" --device "$DEVICE" --cohort "$size" --concurrent 1 2>&1 | tail -2 || true
    done
    compare_logs "fused BatchNorm + ReLU, $name" "/tmp/naap-gpu-bn-$name-fused" "/tmp/naap-gpu-bn-$name-off" || rc=1
  done
  return "$rc"
}
# A cohort of all 440 models probed on small data (where a step goes: NAAP_TRAIN_COHORT_PROBE),
# with the given environment; the dry run probes a small cohort on this CPU.
MODELS=440; [ "$DRY" = 1 ] && MODELS=6
probe_run() { # name seconds environment...
  local name=$1 wanted=$2; shift 2
  run_limited "$name" "$wanted" env NAAP_TRAIN_COHORT_PROBE=1 "$@" "$BENCH" --device "$DEVICE" --no-python \
    --ids none --train-images 2560 --test-images 512 --campaign "$MODELS" --campaign-epochs 1 --cohort "$MODELS" \
    --concurrent 1 --json-out "$FIG/$name.json"
}
if [ "$DRY" = 1 ] && [ -z "${NAAP_GPU_PLAN:-}" ]; then
  run_limited cli-train 120 cli_train 2
  run_limited graph-check 120 graph_check
  run_limited cohort-check 300 cohort_check
  step epochs 300 --epochs 2 --python-epochs 2 --rounds 1 --threads 2
  step campaign 300 --ids none --no-python --campaign 4 --campaign-epochs 1 --concurrent 2 --threads 2 --cohort 2
  step ninety 300 --ids none --no-python --ninety 19 --threads 2
elif [ "${NAAP_GPU_PLAN:-full}" = cohort ]; then
  # Cohorts: correctness against single models, then the whole search space at once.
  # Cohorts of 440 (one), 64 (seven at once) and 110 (four), and grouped convolutions against
  # one convolution per member; then the single-model figures.
  run_limited cohort-check 90 cohort_check
  step campaign-440-c440 100 --ids none --no-python --campaign 440 --campaign-epochs 4 --cohort 440 --concurrent 1
  step campaign-440-c64 100 --ids none --no-python --campaign 440 --campaign-epochs 4 --cohort 64 --concurrent 8
  NAAP_TRAIN_COHORT_CONV=loop step campaign-440-c440-loop 80 --ids none --no-python --campaign 440 --campaign-epochs 4 --cohort 440 --concurrent 1
  step campaign-440-c110 80 --ids none --no-python --campaign 440 --campaign-epochs 4 --cohort 110 --concurrent 4
  step epochs 40 --epochs 4 --no-python --ids 432,19
  step ninety 30 --ids none --no-python --ninety 432
elif [ "${NAAP_GPU_PLAN:-full}" = layouts ]; then
  # The NCHW default against its routes as LibTorch's own operations (NAAP_TRAIN_COHORT_ROUTE=
  # autograd) and the channel-major cohort (NAAP_TRAIN_COHORT_LAYOUT=cnhw: convolutions as
  # matrix products): each probed on small data (where a step of all 440 models goes), then
  # all 440 × 3 epochs at full size in the quickest, and its correctness against single models.
  probe_run probe-nchw 50
  probe_run probe-nchw-libtorch-routes 50 NAAP_TRAIN_COHORT_ROUTE=autograd
  probe_run probe-cnhw-tf32 45 NAAP_TRAIN_COHORT_LAYOUT=cnhw NAAP_TRAIN_TF32_MATMUL=1
  probe_run probe-cnhw-tf32-native-bn 45 NAAP_TRAIN_COHORT_LAYOUT=cnhw NAAP_TRAIN_TF32_MATMUL=1 NAAP_TRAIN_COHORT_BN=native
  # The quickest probe's settings (its "total" in run.log) for the campaign.
  PICK=$($PY - "$OUT/run.log" << 'PICKER'
import re, sys
step, totals = None, {}
for line in open(sys.argv[1], errors="replace"):
    m = re.search(r"\] (probe-[\w-]+) \(limit", line)
    if m:
        step = m.group(1)
    m = re.search(r"Cohort probe, \d+ models, .* total ([\d.]+)\.", line)
    if m and step:
        totals[step] = float(m.group(1))
print(min(totals, key=totals.get) if totals else "probe-nchw")
PICKER
)
  case "$PICK" in
    probe-cnhw-tf32) CHOSEN=(NAAP_TRAIN_COHORT_LAYOUT=cnhw NAAP_TRAIN_TF32_MATMUL=1) ;;
    probe-nchw-libtorch-routes) CHOSEN=(NAAP_TRAIN_COHORT_LAYOUT=nchw NAAP_TRAIN_COHORT_ROUTE=autograd) ;;
    probe-cnhw-tf32-native-bn) CHOSEN=(NAAP_TRAIN_COHORT_LAYOUT=cnhw NAAP_TRAIN_TF32_MATMUL=1 NAAP_TRAIN_COHORT_BN=native) ;;
    *) CHOSEN=(NAAP_TRAIN_COHORT_LAYOUT=nchw) ;;
  esac
  echo "run.sh: the quickest probe was $PICK: ${CHOSEN[*]}"
  export "${CHOSEN[@]}"
  step campaign-cohort 130 --ids none --no-python --campaign "$MODELS" --campaign-epochs 3 --cohort "$MODELS" --concurrent 1
  run_limited cohort-check 60 cohort_check
elif [ "${NAAP_GPU_PLAN:-full}" = trace ]; then
  # Where a step of all 440 models goes, kernel by kernel: the probe's parts, then three eager
  # steps under LibTorch's profiler (NAAP_TRAIN_COHORT_TRACE), summarised by kernel, by the
  # operator or backward node that launched it and by convolution shape.
  # Then the first layers as one bucket (as before: NAAP_TRAIN_COHORT_FIRST=shared) against one
  # per next bucket, and the default's correctness against single models.
  probe_run trace-nchw 90 NAAP_TRAIN_COHORT_TRACE="$OUT/trace-nchw.json"
  if [ -f "$OUT/trace-nchw.json" ]; then
    $PY bench/gpu/trace_summary.py "$OUT/trace-nchw.json" 3 | tee "$OUT/trace-nchw.txt" || true
    gzip -f "$OUT/trace-nchw.json" || true
  fi
  probe_run probe-first-shared 50 NAAP_TRAIN_COHORT_FIRST=shared
  run_limited cohort-check 60 cohort_check
  # The biggest buckets' forward convolution: cuDNN's ways against a direct kernel of our own
  # (compiled by PyTorch's load_inline: about a minute).
  run_limited grouped-conv 150 "$PY" bench/gpu/grouped_conv.py
elif [ "${NAAP_GPU_PLAN:-full}" = cudnn ]; then
  # Call 14: calls 10 and 13 traced the biggest buckets' grouped convolutions as one kernel per group,
  # 3-5x slower than grouped_conv.py timed cuDNN on the same shapes in PyTorch (call 12). Which cuDNN
  # each process loads, which kernels PyTorch alone gets and how long they take timed and profiled
  # (conv_algos.py), then the trainer's probe as built, and with the wheel's cuDNN first on the path.
  { echo "LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}"; ldd "$BENCH" | grep -i -E 'cudnn|torch_cuda|libcuda' || true
    $PY -c 'import torch; print("python: torch", torch.__version__, "cudnn", torch.backends.cudnn.version())'
    ls /usr/lib/x86_64-linux-gnu/libcudnn* /usr/local/cuda/lib64/libcudnn* 2>/dev/null | head -5 || true; } | tee "$OUT/libs.txt"
  readelf -d "$BENCH" | grep -i -E 'rpath|runpath' | tee -a "$OUT/libs.txt" || true
  loaded() { # which cuDNN libraries a step's processes initialised (LD_DEBUG=libs output)
    echo "$1:" >> "$OUT/libs.txt"
    grep -h 'calling init:' /tmp/lddebug-"$1".* 2>/dev/null | grep -i cudnn | sed 's/^ *[0-9]*: *//' | sort -u \
      | tee -a "$OUT/libs.txt" || true
    rm -f /tmp/lddebug-"$1".*
  }
  run_limited conv-algos 120 env LD_DEBUG=libs LD_DEBUG_OUTPUT=/tmp/lddebug-python "$PY" bench/gpu/conv_algos.py
  loaded python
  probe_run probe-default 60 LD_DEBUG=libs LD_DEBUG_OUTPUT=/tmp/lddebug-trainer
  loaded trainer
  if [ -n "${CUDNN:-}" ] && [ -d "$CUDNN/lib" ]; then
    probe_run probe-wheel-cudnn 60 LD_LIBRARY_PATH="$CUDNN/lib:${LD_LIBRARY_PATH:-}" LD_DEBUG=libs \
      LD_DEBUG_OUTPUT=/tmp/lddebug-wheel
    loaded wheel
  fi
elif [ "${NAAP_GPU_PLAN:-full}" = probe ]; then
  # Where a cohort's step goes (NAAP_TRAIN_COHORT_PROBE=1: each part synchronised and timed),
  # channels-last against NCHW, grouped convolutions against im2col + one batched matrix product
  # (in float32, then TF32 as cuDNN's convolutions may use), cuDNN's BatchNorm against
  # LibTorch's: 440 models, small data.
  probe_step() { # name seconds bench-args...
    local name=$1 wanted=$2; shift 2
    run_limited "$name" "$wanted" "$BENCH" --device "$DEVICE" --no-python --ids none --train-images 2560 \
      --test-images 512 --campaign 440 --campaign-epochs 1 --cohort 440 --concurrent 1 --json-out "$FIG/$name.json" "$@"
  }
  export NAAP_TRAIN_COHORT_PROBE=1
  probe_step probe-nchw 70
  NAAP_TRAIN_COHORT_LAYOUT=nhwc probe_step probe-nhwc 70
  NAAP_TRAIN_COHORT_CONV=gemm probe_step probe-nchw-gemm 60
  NAAP_TRAIN_COHORT_CONV=gemm NAAP_TRAIN_TF32_MATMUL=1 probe_step probe-nchw-gemm-tf32 60
  NAAP_TRAIN_COHORT_BN=native probe_step probe-nchw-native-bn 60
elif [ "${NAAP_GPU_PLAN:-full}" = quick ]; then
  # The headline figures only, and LibTorch's own SGD step for comparison.
  step epochs 120 --epochs 5 --python-epochs 3
  NAAP_TRAIN_SGD=plain step epochs-plain-sgd 40 --epochs 5 --no-python
  step ninety 60 --ids none --no-python --ninety 432
  step campaign-16x10 90 --ids none --no-python --campaign 16 --campaign-epochs 10 --concurrent 16 --cohort 1
elif [ "${NAAP_GPU_PLAN:-full}" = report ]; then
  # The headline figures first, then the checks of the fast paths and the CLI.
  step epochs 110 --epochs 5 --python-epochs 3
  step campaign-cohort 120 --ids none --no-python --campaign "$MODELS" --campaign-epochs 3 --cohort "$MODELS" --concurrent 1
  # The fused CUDA BatchNorm + ReLU: its correctness, then what it saves a cohort's step (probe)
  # and a single model's epoch (in NCHW, the only layout it takes) against LibTorch's.
  run_limited bn-check 90 bn_check
  probe_run probe-bn-off 50 NAAP_TRAIN_CUDA_BN_RELU=off
  probe_run probe-bn-fused 50
  NAAP_TRAIN_CUDA_BN_RELU=off step epochs-bn-off 60 --epochs 5 --no-python
  NAAP_TRAIN_MEMORY_FORMAT=nchw step epochs-nchw-bn-fused 40 --epochs 5 --no-python
  NAAP_TRAIN_MEMORY_FORMAT=nchw NAAP_TRAIN_CUDA_BN_RELU=off step epochs-nchw-bn-off 40 --epochs 5 --no-python
  step ninety 45 --ids none --no-python --ninety 432
  run_limited graph-check 60 graph_check
  run_limited cli-train 60 cli_train 4
elif [ "${NAAP_GPU_PLAN:-full}" = bn ]; then
  # The fused CUDA BatchNorm + ReLU alone (a second, shorter call after `report`): correctness
  # first, then the cohort's step both ways, a campaign of all 440 with it, and single models.
  run_limited bn-check 90 bn_check
  probe_run probe-bn-off 50 NAAP_TRAIN_CUDA_BN_RELU=off
  probe_run probe-bn-fused 50
  step campaign-cohort 120 --ids none --no-python --campaign "$MODELS" --campaign-epochs 3 --cohort "$MODELS" --concurrent 1
  step epochs 30 --epochs 5 --no-python
  NAAP_TRAIN_MEMORY_FORMAT=nchw step epochs-nchw-bn-fused 30 --epochs 5 --no-python
  NAAP_TRAIN_MEMORY_FORMAT=nchw NAAP_TRAIN_CUDA_BN_RELU=off step epochs-nchw-bn-off 30 --epochs 5 --no-python
  step ninety 30 --ids none --no-python --ninety 432
elif [ "${NAAP_GPU_PLAN:-full}" = layout ]; then
  # The plain NCHW layout against channels-last, alone and in a campaign; and 8 models at once.
  NAAP_TRAIN_MEMORY_FORMAT=nchw step epochs-nchw 40 --epochs 5 --no-python
  NAAP_TRAIN_MEMORY_FORMAT=nchw step campaign-16x10-nchw 60 --ids none --no-python --campaign 16 --campaign-epochs 10 --concurrent 16 --cohort 1
  step campaign-16x10-k8 60 --ids none --no-python --campaign 16 --campaign-epochs 10 --concurrent 8 --cohort 1
elif [ "${NAAP_GPU_PLAN:-full}" = campaign ]; then
  # Campaign throughput in depth: steady state (10 epochs), and cuDNN's heuristic choice of
  # algorithm instead of its per-model search.
  step campaign-16x10 90 --ids none --no-python --campaign 16 --campaign-epochs 10 --concurrent 16 --cohort 1
  NAAP_TRAIN_CUDNN_BENCHMARK=0 step campaign-16x10-heuristic 90 --ids none --no-python --campaign 16 --campaign-epochs 10 --concurrent 16 --cohort 1
  NAAP_TRAIN_CUDNN_BENCHMARK=0 step campaign-64x3-heuristic 90 --ids none --no-python --campaign 64 --campaign-epochs 3 --concurrent 16 --cohort 1
  NAAP_TRAIN_CUDNN_BENCHMARK=0 step campaign-32x5-k32-heuristic 90 --ids none --no-python --campaign 32 --campaign-epochs 5 --concurrent 32 --cohort 1
  NAAP_TRAIN_CUDNN_BENCHMARK=0 step epochs-heuristic 40 --epochs 5 --no-python
  NAAP_TRAIN_CUDNN_BENCHMARK=0 step ninety-heuristic 60 --ids none --no-python --ninety 432
else
  run_limited cli-train 60 cli_train 4
  run_limited graph-check 60 graph_check
  # One model's epoch (train + test), smallest and largest, against PyTorch on the same GPU;
  # then the same without CUDA graphs.
  step epochs 150 --epochs 5 --python-epochs 4
  NAAP_TRAIN_CUDA_GRAPHS=0 step epochs-eager 60 --epochs 5 --no-python
  # Many models at once: all 440 as one cohort, 3 epochs; then 64 schemes, 2 epochs, one model per
  # stream, 8 and 16 at once (16 also eager).
  run_limited cohort-check 90 cohort_check
  step campaign-cohort 120 --ids none --no-python --campaign 440 --campaign-epochs 3 --cohort 440 --concurrent 1
  step campaign-k8 90 --ids none --no-python --campaign 64 --campaign-epochs 2 --concurrent 8 --cohort 1
  step campaign-k16 90 --ids none --no-python --campaign 64 --campaign-epochs 2 --concurrent 16 --cohort 1
  NAAP_TRAIN_CUDA_GRAPHS=0 step campaign-k16-eager 90 --ids none --no-python --campaign 64 --campaign-epochs 2 --concurrent 16 --cohort 1
  # One model's 90 epochs, with what time is left.
  step ninety 120 --ids none --no-python --ninety 432
fi
if [ -n "$SAMPLER" ]; then
  kill "$SAMPLER" 2> /dev/null || true
  "$PY" - "$MEM" "$STEPS" << 'PEAKS' || true
import sys
samples = []
for line in open(sys.argv[1]):
    try:
        t, mib = line.strip().split(",")
        samples.append((float(t), int(mib)))
    except ValueError:
        pass
for line in open(sys.argv[2]):
    name, a, b = line.strip().split(",")
    inside = [m for t, m in samples if float(a) <= t <= float(b)]
    print(f"GPU memory, step {name}: peak {max(inside) if inside else 0} MiB in use ({len(inside)} samples)")
PEAKS
fi
stamp "done; figures in $OUT/figures.json ($FAILED steps failed)"
ls -la "$OUT"
[ "$FAILED" = 0 ]
