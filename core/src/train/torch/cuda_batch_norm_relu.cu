// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The fused BatchNorm + ReLU kernels. bench/gpu/bn_relu.py compiles this file as it is and
// checks it against PyTorch's BatchNorm + ReLU on a GPU (calls 17-18, H200: within 2.2e-7).
// Statistics and gradient sums per channel in double; the ReLU's mask recomputed as
// fma(x, a, b) > 0. Each kernel comes in two widths: float4 where a channel's H·W is a multiple
// of 4 and the pointers are 16-byte aligned, else one float at a time (feature maps of odd
// sizes, or 1×1 in search spaces larger than NAAP-440's).
#include "train/torch/cuda_batch_norm_relu.h"

#include <climits>
#include <cstdint>
#include <map>
#include <mutex>
#include <cuda_runtime.h>

namespace naap::core::detail {

namespace {

constexpr int kThreads = 256;
constexpr int kBlocksPerMultiprocessor = 16;

// V floats per load: float4 or float.
template <int V>
struct Pack;

template <>
struct Pack<4> {
    using T = float4;
    __device__ static void get(const float4& v, float (&f)[4])
    {
        f[0] = v.x;
        f[1] = v.y;
        f[2] = v.z;
        f[3] = v.w;
    }
    __device__ static float4 make(const float (&f)[4]) { return make_float4(f[0], f[1], f[2], f[3]); }
};

template <>
struct Pack<1> {
    using T = float;
    __device__ static void get(float v, float (&f)[1]) { f[0] = v; }
    __device__ static float make(const float (&f)[1]) { return f[0]; }
};

// A block's sum of two doubles per thread; thread 0 gets the totals.
__device__ void blockSum2(double& a, double& b)
{
    __shared__ double sa[32], sb[32];
    for (int o = 16; o > 0; o /= 2) {
        a += __shfl_down_sync(0xffffffffu, a, o);
        b += __shfl_down_sync(0xffffffffu, b, o);
    }
    const int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
    if (lane == 0) {
        sa[warp] = a;
        sb[warp] = b;
    }
    __syncthreads();
    const int warps = (blockDim.x + 31) / 32;
    a = threadIdx.x < warps ? sa[threadIdx.x] : 0.0;
    b = threadIdx.x < warps ? sb[threadIdx.x] : 0.0;
    if (warp == 0)
        for (int o = 16; o > 0; o /= 2) {
            a += __shfl_down_sync(0xffffffffu, a, o);
            b += __shfl_down_sync(0xffffffffu, b, o);
        }
}

// One block per channel: its batch statistics over n images of hwv packs each, then the
// per-channel scale a = γ/σ and shift b = β − μ·a, and the running statistics' update.
template <int V>
__global__ void __launch_bounds__(kThreads)
    bnReluStats(const typename Pack<V>::T* __restrict__ x, int n, int c, int hwv, const float* __restrict__ gamma,
                const float* __restrict__ beta, BnReluStats st, float* runningMean, float* runningVar,
                float momentum, float eps)
{
    const int ch = blockIdx.x;
    double s = 0.0, ss = 0.0;
    for (int i = threadIdx.x; i < n * hwv; i += blockDim.x) {
        const int img = i / hwv, q = i - img * hwv;
        float f[V];
        Pack<V>::get(x[(static_cast<size_t>(img) * c + ch) * hwv + q], f);
        double t = f[0], t2 = static_cast<double>(f[0]) * f[0];
#pragma unroll
        for (int k = 1; k < V; ++k) {
            t += f[k];
            t2 += static_cast<double>(f[k]) * f[k];
        }
        s += t;
        ss += t2;
    }
    blockSum2(s, ss);
    if (threadIdx.x == 0) {
        const double m = static_cast<double>(n) * hwv * V;
        const double mu = s / m, var = fmax(ss / m - mu * mu, 0.0);
        const float is = static_cast<float>(1.0 / sqrt(var + eps));
        st.mean[ch] = static_cast<float>(mu);
        st.invstd[ch] = is;
        const float a = gamma[ch] * is;
        st.scale[ch] = a;
        st.shift[ch] = beta[ch] - static_cast<float>(mu) * a;
        runningMean[ch] = (1.0f - momentum) * runningMean[ch] + momentum * static_cast<float>(mu);
        runningVar[ch] = (1.0f - momentum) * runningVar[ch] + momentum * static_cast<float>(var * m / (m - 1.0));
    }
}

// y = max(0, a·x + b), channel by channel.
template <int V>
__global__ void __launch_bounds__(kThreads)
    bnReluApply(const typename Pack<V>::T* __restrict__ x, typename Pack<V>::T* __restrict__ y, long long totalv,
                int c, int hwv, const float* __restrict__ scale, const float* __restrict__ shift)
{
    for (long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x; i < totalv;
         i += static_cast<long long>(gridDim.x) * blockDim.x) {
        const int ch = static_cast<int>((i / hwv) % c);
        const float a = scale[ch], b = shift[ch];
        float f[V];
        Pack<V>::get(x[i], f);
#pragma unroll
        for (int k = 0; k < V; ++k)
            f[k] = fmaxf(fmaf(f[k], a, b), 0.0f);
        y[i] = Pack<V>::make(f);
    }
}

__device__ __forceinline__ float gradIfOn(float x, float dy, float a, float b)
{
    return fmaf(x, a, b) > 0.0f ? dy : 0.0f;
}

// One block per channel: Σ dz and Σ dz·x̂ (dz: dy where the forward output was positive), which
// are dβ and dγ.
template <int V>
__global__ void __launch_bounds__(kThreads)
    bnReluGradSums(const typename Pack<V>::T* __restrict__ x, const typename Pack<V>::T* __restrict__ dy, int n,
                   int c, int hwv, BnReluStats st, float* dgamma, float* dbeta)
{
    const int ch = blockIdx.x;
    const float a = st.scale[ch], b = st.shift[ch], mu = st.mean[ch], is = st.invstd[ch];
    double sd = 0.0, sdx = 0.0;
    for (int i = threadIdx.x; i < n * hwv; i += blockDim.x) {
        const int img = i / hwv, q = i - img * hwv;
        const size_t at = (static_cast<size_t>(img) * c + ch) * hwv + q;
        float v[V], g[V];
        Pack<V>::get(x[at], v);
        Pack<V>::get(dy[at], g);
        float d[V];
#pragma unroll
        for (int k = 0; k < V; ++k)
            d[k] = gradIfOn(v[k], g[k], a, b);
        double t = d[0], tx = static_cast<double>(d[0]) * ((v[0] - mu) * is);
#pragma unroll
        for (int k = 1; k < V; ++k) {
            t += d[k];
            tx += static_cast<double>(d[k]) * ((v[k] - mu) * is);
        }
        sd += t;
        sdx += tx;
    }
    blockSum2(sd, sdx);
    if (threadIdx.x == 0) {
        dbeta[ch] = static_cast<float>(sd);
        dgamma[ch] = static_cast<float>(sdx);
    }
}

// dx = γ/σ · (dz − Σdz/M − x̂ · Σdz·x̂/M).
template <int V>
__global__ void __launch_bounds__(kThreads)
    bnReluGradApply(const typename Pack<V>::T* __restrict__ x, const typename Pack<V>::T* __restrict__ dy,
                    typename Pack<V>::T* __restrict__ dx, long long totalv, int c, int hwv, float count,
                    BnReluStats st, const float* __restrict__ dgamma, const float* __restrict__ dbeta)
{
    for (long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x; i < totalv;
         i += static_cast<long long>(gridDim.x) * blockDim.x) {
        const int ch = static_cast<int>((i / hwv) % c);
        const float a = st.scale[ch], b = st.shift[ch], mu = st.mean[ch], is = st.invstd[ch];
        const float mdb = dbeta[ch] / count, mdg = dgamma[ch] / count;
        float v[V], g[V];
        Pack<V>::get(x[i], v);
        Pack<V>::get(dy[i], g);
#pragma unroll
        for (int k = 0; k < V; ++k)
            v[k] = a * (gradIfOn(v[k], g[k], a, b) - mdb - (v[k] - mu) * is * mdg);
        dx[i] = Pack<V>::make(v);
    }
}

// The device's multiprocessors, asked once: the element-wise kernels' grids are capped at 16
// blocks of 256 per multiprocessor (they loop), which fills the GPU without idle blocks. The
// trainer uses one GPU, or several of one kind.
int multiprocessors()
{
    static const int count = [] {
        int device = 0, sms = 0;
        if (cudaGetDevice(&device) != cudaSuccess ||
            cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device) != cudaSuccess || sms <= 0) {
            (void)cudaGetLastError(); // not this launch's error
            return 132;               // an H100's or H200's
        }
        return sms;
    }();
    return count;
}

int gridFor(long long totalv)
{
    const long long blocks = (totalv + kThreads - 1) / kThreads;
    const long long cap = static_cast<long long>(multiprocessors()) * kBlocksPerMultiprocessor;
    return static_cast<int>(blocks < cap ? blocks : cap);
}

bool aligned(const void* p) { return reinterpret_cast<std::uintptr_t>(p) % 16 == 0; }

const char* lastError()
{
    const cudaError_t e = cudaGetLastError();
    return e == cudaSuccess ? nullptr : cudaGetErrorString(e);
}

// The kernels index a channel's n·hw values with int, and one block per channel.
const char* sizesProblem(std::int64_t n, std::int64_t c, std::int64_t hw)
{
    if (n <= 0 || c <= 0 || hw <= 0)
        return "empty tensor";
    if (n * hw > INT_MAX || c > INT_MAX)
        return "tensor too large for the fused BatchNorm + ReLU kernels";
    return nullptr;
}

template <int V>
const char* forward(const float* x, float* y, std::int64_t n, std::int64_t c, std::int64_t hw, const float* gamma,
                    const float* beta, float* runningMean, float* runningVar, float momentum, float eps,
                    BnReluStats st, cudaStream_t stream)
{
    using T = typename Pack<V>::T;
    const int hwv = static_cast<int>(hw / V);
    const auto* xv = reinterpret_cast<const T*>(x);
    bnReluStats<V><<<static_cast<unsigned>(c), kThreads, 0, stream>>>(
        xv, static_cast<int>(n), static_cast<int>(c), hwv, gamma, beta, st, runningMean, runningVar, momentum, eps);
    if (const char* e = lastError())
        return e;
    const long long totalv = static_cast<long long>(n) * c * hwv;
    bnReluApply<V><<<gridFor(totalv), kThreads, 0, stream>>>(xv, reinterpret_cast<T*>(y), totalv,
                                                              static_cast<int>(c), hwv, st.scale, st.shift);
    return lastError();
}

template <int V>
const char* backward(const float* x, const float* dy, float* dx, std::int64_t n, std::int64_t c, std::int64_t hw,
                     BnReluStats st, float* dgamma, float* dbeta, cudaStream_t stream)
{
    using T = typename Pack<V>::T;
    const int hwv = static_cast<int>(hw / V);
    const auto* xv = reinterpret_cast<const T*>(x);
    const auto* dyv = reinterpret_cast<const T*>(dy);
    bnReluGradSums<V><<<static_cast<unsigned>(c), kThreads, 0, stream>>>(
        xv, dyv, static_cast<int>(n), static_cast<int>(c), hwv, st, dgamma, dbeta);
    if (const char* e = lastError())
        return e;
    const long long totalv = static_cast<long long>(n) * c * hwv;
    bnReluGradApply<V><<<gridFor(totalv), kThreads, 0, stream>>>(xv, dyv, reinterpret_cast<T*>(dx), totalv,
                                                                  static_cast<int>(c), hwv,
                                                                  static_cast<float>(n * hw), st, dgamma, dbeta);
    return lastError();
}

} // namespace

bool bnReluKernelsRunHere()
{
    // Per device: the first call on each is made before a step is captured as a graph (the
    // trainer's first steps run eagerly), and later ones read the answer.
    static std::mutex mutex;
    static std::map<int, bool> known;
    int device = 0;
    if (cudaGetDevice(&device) != cudaSuccess) {
        (void)cudaGetLastError();
        return false;
    }
    const std::lock_guard lock(mutex);
    if (const auto it = known.find(device); it != known.end())
        return it->second;
    cudaFuncAttributes attributes{};
    const bool runs = cudaFuncGetAttributes(&attributes, bnReluStats<4>) == cudaSuccess;
    (void)cudaGetLastError(); // not a later launch's error
    return known[device] = runs;
}

const char* launchBnReluForward(const float* x, float* y, std::int64_t n, std::int64_t c, std::int64_t hw,
                                const float* gamma, const float* beta, float* runningMean, float* runningVar,
                                float momentum, float eps, BnReluStats stats, CUstream_st* stream)
{
    if (const char* problem = sizesProblem(n, c, hw))
        return problem;
    if (hw % 4 == 0 && aligned(x) && aligned(y))
        return forward<4>(x, y, n, c, hw, gamma, beta, runningMean, runningVar, momentum, eps, stats, stream);
    return forward<1>(x, y, n, c, hw, gamma, beta, runningMean, runningVar, momentum, eps, stats, stream);
}

const char* launchBnReluBackward(const float* x, const float* dy, float* dx, std::int64_t n, std::int64_t c,
                                 std::int64_t hw, BnReluStats stats, float* dgamma, float* dbeta, CUstream_st* stream)
{
    if (const char* problem = sizesProblem(n, c, hw))
        return problem;
    if (hw % 4 == 0 && aligned(x) && aligned(dy) && aligned(dx))
        return backward<4>(x, dy, dx, n, c, hw, stats, dgamma, dbeta, stream);
    return backward<1>(x, dy, dx, n, c, hw, stats, dgamma, dbeta, stream);
}

} // namespace naap::core::detail
