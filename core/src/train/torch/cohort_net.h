// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Private: several scheme networks trained as one (PRODUCT.md §7, "fused grouped convolutions").
//
// A campaign's models all see the same batches, and one small model's step cannot fill a GPU:
// its kernels are each a few microseconds of a few blocks. A cohort computes every layer of all
// its members together. The first layer of every member reads the same images, so the first
// layers that lead to the same next bucket are one convolution with all their members' filters
// (its output is that bucket's whole input, passed on without a copy); at each later layer the
// members whose layers agree (input and output width, kernel, stride, residual, input size)
// form a bucket whose convolution is one grouped convolution, member j being group j. BatchNorm and
// ReLU work per channel, so one call serves a whole bucket. Between layers the members'
// channels are routed to their next buckets by gathers, one per next bucket (and backward the
// inverse gathers); the heads of the members with the same last width are one batched matrix
// product.
//
// Each member's arithmetic is its own network's: its parameters are rows of the cohort's
// tensors, no member reads another's values, and the members' losses are summed, so each
// gradient is that of its own loss. Only the order of floating-point sums may differ.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "naap/core/data/scheme.h"
#include "train/torch/scheme_net.h"

namespace naap::core::detail {

class CohortNet {
public:
    /// How a bucket's grouped convolution runs: cuDNN's or oneDNN's grouped kernels (the
    /// default), one convolution per member, or im2col and one batched matrix product.
    enum class ConvMode { Grouped, PerMember, Gemm };
    /// How the activations between layers are laid out: B×C×H×W (NCHW), B×H×W×C
    /// (channels-last), or C×B×H×W (channel-major: each channel's values over the whole batch
    /// are one contiguous row, so a member's channels are a contiguous block).
    enum class Layout { Nchw, ChannelsLast, ChannelMajor };

    struct Member {
        const Scheme* scheme = nullptr;
        SchemeNet net{nullptr};
    };

    /// Builds the cohort from its members' networks (all on one device): their parameters and
    /// BatchNorm statistics are copied in. With Layout::ChannelsLast the images are views of
    /// NHWC rows; otherwise they are plain NCHW.
    CohortNet(std::vector<Member> members, Layout layout);
    ~CohortNet();
    CohortNet(const CohortNet&) = delete;
    CohortNet& operator=(const CohortNet&) = delete;

    std::size_t size() const { return m_members.size(); }
    /// Its shape, for the probe's log: buckets per layer, routes and how many pass through.
    std::string describe() const;

    /// images: B×3×32×32 (channels-last strides when the data is NHWC). Returns the members'
    /// logits as members × B × 10, in member order. `training` selects batch statistics (and
    /// updates the running ones) or the running statistics.
    torch::Tensor forward(const torch::Tensor& images, bool training);

    /// The cohort's learnable tensors.
    const std::vector<torch::Tensor>& parameters() const { return m_parameters; }

    /// A member's tensor by its name in SchemeNet ("conv0.weight", "fc.bias", …).
    using MemberTensor = std::function<torch::Tensor(std::size_t member, const std::string& name)>;
    /// For each of parameters(): the members' tensors of the same rows, stacked as it is (for
    /// example the members' momentum buffers).
    std::vector<torch::Tensor> gather(const MemberTensor& memberTensor) const;
    /// Copies each of `tensors` (shaped as parameters()) back into the members' tensors.
    void scatter(const std::vector<torch::Tensor>& tensors, const MemberTensor& memberTensor) const;

    /// Called with a part's name after each part of forward() ("convolution", "routing", …)
    /// when set: a probe that synchronises and times them (see trainCohort). The backward
    /// pass marks its parts too, as their gradients arrive ("backward: loss", "backward:
    /// heads", then per layer "backward: routing", "backward: batch norm + relu" and
    /// "backward: convolution"; a first layer's weight gradient comes after the last mark).
    void setTimer(std::function<void(const char*)> timer) { m_timer = std::move(timer); }
    /// Copies of all parameters and BatchNorm statistics, and their restoration.
    std::vector<torch::Tensor> snapshot() const;
    void restore(const std::vector<torch::Tensor>& saved);

    /// Copies parameters and BatchNorm statistics back into the members' networks, adding
    /// `trainingSteps` (those since the last call) to their BatchNorms' batch counts.
    void storeIntoMembers(std::int64_t trainingSteps) const;

private:
    struct Slot;
    struct Bucket;
    struct Route;
    struct HeadGroup;

    void build();
    torch::Tensor runBucket(Bucket& bucket, const torch::Tensor& input, bool training);
    torch::Tensor convolveBatchMajor(const Bucket& bucket, const torch::Tensor& x) const;
    torch::Tensor convolveChannelMajor(const Bucket& bucket, const torch::Tensor& input) const;
    static torch::Tensor groupedConvolutionAsGemm(const torch::Tensor& x, const Bucket& bucket);
    void mark(const char* what);
    /// When the timer is set: marks `what` once `tensor`'s gradient has been computed.
    void markGradient(const torch::Tensor& tensor, const char* what);
    std::vector<std::map<std::string, torch::Tensor>> memberTensors() const; // by name, per member
    static void copyToMembers(const Slot& slot, const torch::Tensor& tensor, const MemberTensor& memberTensor);

    std::vector<Member> m_members;
    std::vector<Slot> m_slots;          // parameters first, then BatchNorm statistics
    std::vector<torch::Tensor> m_parameters;
    std::vector<std::vector<Bucket>> m_layers;
    std::vector<std::vector<Route>> m_routes; // per layer: where its outputs go
    std::vector<HeadGroup> m_heads;
    torch::Tensor m_headToMember;       // undefined when the heads keep member order
    Layout m_layout;
    bool m_channelsLast;       // m_layout == Layout::ChannelsLast
    std::int64_t m_channelDim; // of the activations between layers
    std::function<void(const char*)> m_timer;
    // NAAP_TRAIN_COHORT_CONV=loop or =gemm (to measure them against the grouped kernels; a
    // per-member loop was a third slower on an H200).
    ConvMode m_convMode;
    // NAAP_TRAIN_COHORT_BN=native: LibTorch's own BatchNorm kernels instead of cuDNN's.
    bool m_cudnnBatchNorm;
    // NAAP_TRAIN_COHORT_ROUTE=autograd: routes as LibTorch's own operations (see RouteFunction).
    bool m_routeFunction;
    // NAAP_TRAIN_COHORT_FIRST=shared: one first-layer bucket per kernel, stride and residual,
    // instead of one per next bucket as well (see build()).
    bool m_splitFirst;
    // BatchNorm + ReLU of NCHW CUDA activations in training as the fused kernels
    // (cuda_batch_norm_relu_op.h): where built, unless NAAP_TRAIN_CUDA_BN_RELU=off or
    // NAAP_TRAIN_COHORT_BN=native.
    bool m_cudaBatchNormRelu;
};

} // namespace naap::core::detail
