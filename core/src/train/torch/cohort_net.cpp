// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "train/torch/cohort_net.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <numeric>
#include <stdexcept>
#include <tuple>

#include "naap/core/data/cifar.h"
#include "train/torch/cuda_batch_norm_relu_op.h"
#include "train/torch/fast_path_switch.h"

namespace naap::core::detail {

namespace {

constexpr double kBatchNormMomentum = 0.1; // torch::nn::BatchNorm2d's defaults, as SchemeNet has them
constexpr double kBatchNormEps = 1e-5;

std::int64_t outputSize(std::int64_t size, const LayerSpec& layer)
{
    const int pad = layer.kernelSize / 2;
    return (size + 2 * pad - layer.kernelSize) / layer.stride + 1;
}

// NAAP_TRAIN_COHORT_CONV chooses how a bucket's grouped convolution runs (to measure them):
// by default the grouped kernels, except in the channel-major layout, which is laid out for
// matrix products.
CohortNet::ConvMode convModeFromEnvironment(CohortNet::Layout layout)
{
    const char* value = std::getenv("NAAP_TRAIN_COHORT_CONV");
    const std::string mode = value == nullptr ? "" : value;
    if (mode == "loop")
        return CohortNet::ConvMode::PerMember;
    if (mode == "gemm" || (mode.empty() && layout == CohortNet::Layout::ChannelMajor))
        return CohortNet::ConvMode::Gemm;
    return CohortNet::ConvMode::Grouped;
}

// A member's layers as the cohort groups them: what a bucket's members must share.
using BucketKey = std::tuple<std::int64_t, std::int64_t, int, int, bool, std::int64_t>; // in, out, k, s, residual, size

} // namespace

struct CohortNet::Slot {
    struct Piece {
        std::size_t member;
        std::string name;
        std::int64_t rows;
    };
    torch::Tensor tensor;
    std::vector<Piece> pieces; // in row order
};

struct CohortNet::Bucket {
    bool shared = false;         // a first layer: reads the images, one plain convolution
    int kernel = 3, stride = 1;
    bool residual = false;
    std::int64_t groups = 1;
    std::int64_t outSize = 0;
    std::vector<std::size_t> members;
    std::vector<std::int64_t> widths; // each member's output channels, in member order
    torch::Tensor weight, gamma, beta, runningMean, runningVar;
};

namespace {

// A route's channels as gathers in both directions (RouteFunction): each consumer's channels
// of the sources' concatenation, and each source's channels of the consumers' concatenation.
struct RouteGathers {
    std::vector<torch::Tensor> consumerIndex;
    std::vector<torch::Tensor> sourceIndex;
};

// A route as one autograd node. Its channels are a permutation, so the backward pass is the
// inverse gather: LibTorch's own backward of index_select fills zeros and adds into them
// (atomically on a GPU), and its split and layout copies add passes of their own. Forward:
// the sources concatenated, then one gather per consumer; backward: the consumers' gradients
// concatenated, then one gather per source.
struct RouteFunction : public torch::autograd::Function<RouteFunction> {
    static torch::autograd::variable_list forward(torch::autograd::AutogradContext* ctx, torch::TensorList sources,
                                                  const RouteGathers* gathers, std::int64_t dim)
    {
        const torch::Tensor pool = sources.size() == 1 ? sources.front() : torch::cat(sources, dim);
        ctx->saved_data["gathers"] = reinterpret_cast<std::int64_t>(gathers);
        ctx->saved_data["dim"] = dim;
        ctx->saved_data["shape"] = pool.sizes().vec();
        torch::autograd::variable_list parts;
        for (const torch::Tensor& index : gathers->consumerIndex)
            parts.push_back(pool.index_select(dim, index));
        return parts;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grads)
    {
        const auto* gathers = reinterpret_cast<const RouteGathers*>(ctx->saved_data["gathers"].toInt());
        const std::int64_t dim = ctx->saved_data["dim"].toInt();
        const auto defined = std::find_if(grads.begin(), grads.end(), [](const torch::Tensor& g) { return g.defined(); });
        torch::autograd::variable_list out(gathers->sourceIndex.size() + 2); // + the gathers and the dimension
        if (defined == grads.end())
            return out;
        for (std::size_t c = 0; c < grads.size(); ++c) {
            if (grads[c].defined())
                continue;
            std::vector<std::int64_t> shape = ctx->saved_data["shape"].toIntVector(); // a part nothing read
            shape[static_cast<std::size_t>(dim)] = gathers->consumerIndex[c].size(0);
            grads[c] = torch::zeros(shape, defined->options());
        }
        const torch::Tensor pool = grads.size() == 1 ? grads.front() : torch::cat(grads, dim);
        for (std::size_t s = 0; s < gathers->sourceIndex.size(); ++s)
            out[s] = pool.index_select(dim, gathers->sourceIndex[s]);
        return out;
    }
};

// NAAP_TRAIN_COHORT_ROUTE=autograd: routes as LibTorch's cat, index_select and split (to
// measure RouteFunction against).
bool routeFunctionOn()
{
    return fastPathOn("NAAP_TRAIN_COHORT_ROUTE", "autograd");
}

} // namespace

// Where one layer's outputs of one feature-map size go: the buckets' outputs are concatenated
// along the channels, put in their consumers' order (unless they are in it), and split.
struct CohortNet::Route {
    std::vector<std::size_t> sources; // this layer's buckets
    torch::Tensor index;              // channel order of the consumers; undefined when already so
    std::vector<std::int64_t> sizes;  // channels per consumer
    std::vector<int> consumers;       // a bucket of the next layer, or -1 for the members ending here
    RouteGathers gathers;             // the same for RouteFunction, when the route is more than a copy
    bool passThrough = false;         // consumer c reads source c's whole output as it is: no copy
};

struct CohortNet::HeadGroup {
    std::int64_t width = 0;
    std::vector<std::size_t> members;
    std::int64_t begin = 0;           // first channel in the pooled features, when contiguous
    torch::Tensor index;              // else the channels to gather
    torch::Tensor weight, bias;       // members·10 × width, members·10
};

CohortNet::CohortNet(std::vector<Member> members, Layout layout)
    : m_members(std::move(members)), m_layout(layout), m_channelsLast(layout == Layout::ChannelsLast),
      m_channelDim(layout == Layout::ChannelsLast ? 3 : layout == Layout::ChannelMajor ? 0 : 1),
      m_convMode(convModeFromEnvironment(layout)),
      m_cudnnBatchNorm(fastPathOn("NAAP_TRAIN_COHORT_BN", "native")), m_routeFunction(routeFunctionOn()),
      m_splitFirst(fastPathOn("NAAP_TRAIN_COHORT_FIRST", "shared")),
      m_cudaBatchNormRelu(m_cudnnBatchNorm && cudaBatchNormReluEnabled())
{
    if (m_members.empty())
        throw std::invalid_argument("A cohort needs at least one member.");
    build();
}

CohortNet::~CohortNet() = default;

std::vector<std::map<std::string, torch::Tensor>> CohortNet::memberTensors() const
{
    std::vector<std::map<std::string, torch::Tensor>> named(m_members.size());
    for (std::size_t m = 0; m < m_members.size(); ++m) {
        for (const auto& p : m_members[m].net->named_parameters())
            named[m][p.key()] = p.value();
        for (const auto& b : m_members[m].net->named_buffers())
            named[m][b.key()] = b.value();
    }
    return named;
}

void CohortNet::build()
{
    torch::NoGradGuard noGrad;
    const torch::Device device = m_members.front().net->parameters().front().device();
    std::size_t depth = 0;
    for (const Member& m : m_members)
        depth = std::max(depth, m.scheme->size());

    // The bucket of member m's `layer` when its input is `size`²; members ending before it all
    // have the same key, which sorts first.
    const auto keyOf = [&](std::size_t m, std::size_t layer, std::int64_t size) {
        const Scheme& s = *m_members[m].scheme;
        if (layer >= s.size())
            return BucketKey{-1, -1, 0, 0, false, 0};
        const LayerSpec& l = s[layer];
        if (layer == 0) // a first layer reads the images: one convolution serves any widths
            return BucketKey{0, 0, l.kernelSize, l.stride, l.residual, size};
        return BucketKey{s[layer - 1].width, l.width, l.kernelSize, l.stride, l.residual, size};
    };
    // Members of one bucket of `layer` ordered by their next bucket, so that most next buckets
    // read contiguous channels (stable: arrival order otherwise).
    const auto orderByNext = [&](std::vector<std::size_t>& members, std::size_t layer, std::int64_t outSize) {
        std::stable_sort(members.begin(), members.end(), [&](std::size_t x, std::size_t y) {
            return keyOf(x, layer + 1, outSize) < keyOf(y, layer + 1, outSize);
        });
    };
    // The bucket after next of member m, whose `layer` gives `outSize`² (see the first layer's
    // buckets below).
    const auto keyAfterNext = [&](std::size_t m, std::size_t layer, std::int64_t outSize) {
        const Scheme& s = *m_members[m].scheme;
        return layer + 1 < s.size() ? keyOf(m, layer + 2, outputSize(outSize, s[layer + 1]))
                                    : BucketKey{-1, -1, 0, 0, false, 0};
    };

    // The members in the order their inputs arrive at the current layer.
    std::vector<std::size_t> arrival(m_members.size());
    std::iota(arrival.begin(), arrival.end(), 0);
    std::vector<std::int64_t> size(m_members.size(), kCifarImageSide); // each member's input size there
    std::vector<std::size_t> headOrder;
    m_layers.resize(depth);
    m_routes.resize(depth);

    for (std::size_t layer = 0; layer < depth; ++layer) {
        // Buckets in order of first arrival, members in arrival order. The first layers read
        // the images, so they are free to be split by the members' next bucket: then each of
        // their outputs is the whole input of one next bucket, which reads it as it is (a
        // pass-through route), where one output for all would be copied into the next buckets'
        // inputs, forward and backward (the first layers' outputs are half of all the
        // activations of NAAP-440's models).
        std::map<std::pair<BucketKey, BucketKey>, std::size_t> bucketOf;
        std::vector<Bucket>& buckets = m_layers[layer];
        for (const std::size_t m : arrival) {
            if (layer >= m_members[m].scheme->size())
                continue;
            const LayerSpec& l = (*m_members[m].scheme)[layer];
            const BucketKey next = layer == 0 && m_splitFirst ? keyOf(m, 1, outputSize(size[m], l)) : BucketKey{};
            auto [it, added] = bucketOf.emplace(std::pair{keyOf(m, layer, size[m]), next}, buckets.size());
            if (added) {
                Bucket b;
                b.shared = layer == 0;
                b.kernel = l.kernelSize;
                b.stride = l.stride;
                b.residual = l.residual;
                b.outSize = outputSize(size[m], l);
                buckets.push_back(b);
            }
            buckets[it->second].members.push_back(m);
        }
        for (Bucket& b : buckets) {
            if (b.shared) // nothing routes the images: free to choose the order its next bucket keeps
                std::stable_sort(b.members.begin(), b.members.end(), [&](std::size_t x, std::size_t y) {
                    return std::pair{keyOf(x, layer + 1, b.outSize), keyAfterNext(x, layer, b.outSize)}
                        < std::pair{keyOf(y, layer + 1, b.outSize), keyAfterNext(y, layer, b.outSize)};
                });
            for (const std::size_t m : b.members) {
                b.widths.push_back((*m_members[m].scheme)[layer].width);
                size[m] = b.outSize;
            }
            b.groups = b.shared ? 1 : static_cast<std::int64_t>(b.members.size());
        }

        // Routes: one per output size, in order of first appearance.
        std::map<std::int64_t, std::size_t> routeOf;
        for (std::size_t bi = 0; bi < buckets.size(); ++bi) {
            auto [it, added] = routeOf.emplace(buckets[bi].outSize, m_routes[layer].size());
            if (added)
                m_routes[layer].emplace_back();
            m_routes[layer][it->second].sources.push_back(bi);
        }
        // The next layer's buckets are numbered in the order the members leave this one, which
        // is the order in which the next pass forms them from `next`.
        std::vector<std::size_t> next;
        int nextBuckets = 0;
        for (Route& route : m_routes[layer]) {
            const std::int64_t outSize = buckets[route.sources.front()].outSize;
            std::map<std::size_t, std::pair<std::int64_t, std::int64_t>> channels; // member → first, width
            std::vector<std::size_t> poolOrder;
            std::int64_t offset = 0;
            for (const std::size_t bi : route.sources) {
                const Bucket& b = buckets[bi];
                for (std::size_t j = 0; j < b.members.size(); ++j) {
                    channels[b.members[j]] = {offset, b.widths[j]};
                    offset += b.widths[j];
                    poolOrder.push_back(b.members[j]);
                }
            }
            std::vector<std::vector<std::size_t>> consumerMembers;
            std::map<BucketKey, std::size_t> consumerOf;
            for (const std::size_t m : poolOrder) {
                const BucketKey key = keyOf(m, layer + 1, outSize);
                auto [it, added] = consumerOf.emplace(key, consumerMembers.size());
                if (added) {
                    consumerMembers.emplace_back();
                    route.consumers.push_back(std::get<0>(key) < 0 ? -1 : nextBuckets++);
                }
                consumerMembers[it->second].push_back(m);
            }
            std::vector<std::int64_t> index;
            for (std::size_t c = 0; c < consumerMembers.size(); ++c) {
                std::vector<std::size_t>& members = consumerMembers[c];
                if (route.consumers[c] >= 0)
                    orderByNext(
                        members, layer + 1, outputSize(outSize, (*m_members[members.front()].scheme)[layer + 1]));
                std::int64_t total = 0;
                for (const std::size_t m : members) {
                    const auto [first, width] = channels[m];
                    for (std::int64_t k = 0; k < width; ++k)
                        index.push_back(first + k);
                    total += width;
                    (route.consumers[c] < 0 ? headOrder : next).push_back(m);
                }
                route.sizes.push_back(total);
            }
            bool identity = true;
            for (std::size_t k = 0; k < index.size(); ++k)
                identity = identity && index[k] == static_cast<std::int64_t>(k);
            if (!identity)
                route.index = torch::tensor(index, torch::kLong).to(device);
            if (identity && route.consumers.size() == 1)
                continue; // the sources' concatenation is the one consumer's input
            if (identity && route.consumers.size() == route.sources.size()) {
                route.passThrough = true;
                for (std::size_t c = 0; c < route.sources.size() && route.passThrough; ++c) {
                    const std::vector<std::int64_t>& widths = buckets[route.sources[c]].widths;
                    route.passThrough = route.sizes[c] == std::accumulate(widths.begin(), widths.end(), std::int64_t{0});
                }
                if (route.passThrough)
                    continue; // consumer c's input is source c's output
            }
            const auto part = [&](const std::vector<std::int64_t>& v, std::int64_t first, std::int64_t count) {
                return torch::tensor(std::vector<std::int64_t>(v.begin() + first, v.begin() + first + count),
                                     torch::kLong)
                    .to(device);
            };
            std::vector<std::int64_t> inverse(index.size());
            for (std::size_t k = 0; k < index.size(); ++k)
                inverse[static_cast<std::size_t>(index[k])] = static_cast<std::int64_t>(k);
            std::int64_t first = 0;
            for (const std::int64_t size : route.sizes) {
                route.gathers.consumerIndex.push_back(part(index, first, size));
                first += size;
            }
            first = 0;
            for (const std::size_t bi : route.sources) {
                const std::vector<std::int64_t>& widths = buckets[bi].widths;
                const std::int64_t width = std::accumulate(widths.begin(), widths.end(), std::int64_t{0});
                route.gathers.sourceIndex.push_back(part(inverse, first, width));
                first += width;
            }
        }
        arrival = std::move(next);
    }

    // Heads: one batched product per last width, members in the order their features arrive.
    std::map<std::int64_t, std::size_t> headOf;
    std::map<std::size_t, std::int64_t> featureOf;
    std::int64_t features = 0;
    for (const std::size_t m : headOrder) {
        const std::int64_t width = m_members[m].scheme->back().width;
        featureOf[m] = features;
        features += width;
        auto [it, added] = headOf.emplace(width, m_heads.size());
        if (added) {
            m_heads.emplace_back();
            m_heads.back().width = width;
        }
        m_heads[it->second].members.push_back(m);
    }
    std::vector<std::int64_t> outputOrder; // member of each output row
    for (HeadGroup& g : m_heads) {
        std::vector<std::int64_t> index;
        for (const std::size_t m : g.members) {
            for (std::int64_t k = 0; k < g.width; ++k)
                index.push_back(featureOf[m] + k);
            outputOrder.push_back(static_cast<std::int64_t>(m));
        }
        g.begin = index.front();
        bool contiguous = true;
        for (std::size_t k = 0; k < index.size(); ++k)
            contiguous = contiguous && index[k] == g.begin + static_cast<std::int64_t>(k);
        if (!contiguous)
            g.index = torch::tensor(index, torch::kLong).to(device);
    }
    std::vector<std::int64_t> rowOfMember(m_members.size());
    bool memberOrder = true;
    for (std::size_t r = 0; r < outputOrder.size(); ++r) {
        rowOfMember[static_cast<std::size_t>(outputOrder[r])] = static_cast<std::int64_t>(r);
        memberOrder = memberOrder && outputOrder[r] == static_cast<std::int64_t>(r);
    }
    if (!memberOrder)
        m_headToMember = torch::tensor(rowOfMember, torch::kLong).to(device);

    // The tensors: the members' rows stacked, parameters first.
    const std::vector<std::map<std::string, torch::Tensor>> named = memberTensors();
    const auto stack = [&](const std::vector<std::size_t>& members, const std::string& name,
                           const std::vector<std::int64_t>& rows, bool parameter, bool convWeight) {
        Slot slot;
        std::vector<torch::Tensor> parts;
        for (std::size_t j = 0; j < members.size(); ++j) {
            parts.push_back(named[members[j]].at(name));
            slot.pieces.push_back({members[j], name, rows[j]});
        }
        torch::Tensor t = torch::cat(parts, 0);
        if (convWeight && m_channelsLast)
            t = t.contiguous(torch::MemoryFormat::ChannelsLast);
        else
            t = t.contiguous();
        if (parameter)
            t.set_requires_grad(true);
        slot.tensor = t;
        m_slots.push_back(slot);
        return t;
    };
    for (std::size_t layer = 0; layer < depth; ++layer) {
        const std::string conv = "conv" + std::to_string(layer) + ".weight";
        const std::string bn = "bn" + std::to_string(layer) + ".";
        for (Bucket& b : m_layers[layer]) {
            b.weight = stack(b.members, conv, b.widths, true, true);
            b.gamma = stack(b.members, bn + "weight", b.widths, true, false);
            b.beta = stack(b.members, bn + "bias", b.widths, true, false);
        }
    }
    for (HeadGroup& g : m_heads) {
        const std::vector<std::int64_t> rows(g.members.size(), kCifarClasses);
        g.weight = stack(g.members, "fc.weight", rows, true, false);
        g.bias = stack(g.members, "fc.bias", rows, true, false);
    }
    for (const Slot& s : m_slots)
        m_parameters.push_back(s.tensor);
    for (std::size_t layer = 0; layer < depth; ++layer) {
        const std::string bn = "bn" + std::to_string(layer) + ".";
        for (Bucket& b : m_layers[layer]) {
            b.runningMean = stack(b.members, bn + "running_mean", b.widths, false, false);
            b.runningVar = stack(b.members, bn + "running_var", b.widths, false, false);
        }
    }
}

// The grouped convolution as one batched matrix product per bucket: the members' input patches
// (im2col; a 1×1 convolution needs none) times their filters, member by member in one bmm.
// LibTorch's im2col runs one kernel per image of its batch, so the batch's images go in as the
// channels of one image (B × C × H × W is 1 × B·C × H × W as it lies): one kernel, forward and
// backward.
torch::Tensor CohortNet::groupedConvolutionAsGemm(const torch::Tensor& x, const Bucket& b)
{
    const std::int64_t batch = x.size(0), groups = b.groups, size = x.size(2);
    const std::int64_t in = x.size(1) / groups, out = b.weight.size(0) / groups;
    const std::int64_t outSize = b.outSize, positions = outSize * outSize;
    torch::Tensor patches; // batch × groups × (in·k·k) × positions
    if (b.kernel == 1) {
        const torch::Tensor picked =
            b.stride == 1 ? x : x.slice(2, 0, size, b.stride).slice(3, 0, size, b.stride);
        patches = picked.reshape({batch, groups, in, positions});
    } else {
        patches = torch::nn::functional::unfold(
                      x.contiguous().view({1, batch * x.size(1), size, size}),
                      torch::nn::functional::UnfoldFuncOptions(b.kernel).padding(b.kernel / 2).stride(b.stride))
                      .view({batch, groups, in * b.kernel * b.kernel, positions});
    }
    const std::int64_t depth = patches.size(2);
    const torch::Tensor columns = patches.permute({1, 2, 0, 3}).reshape({groups, depth, batch * positions});
    const torch::Tensor filters = b.weight.reshape({groups, out, depth});
    return torch::bmm(filters, columns)
        .view({groups, out, batch, positions})
        .permute({2, 0, 1, 3})
        .reshape({batch, groups * out, outSize, outSize});
}

// A bucket's convolution of a B×C×H×W input (any strides): the grouped kernels, one
// convolution per member, or im2col and a batched matrix product.
torch::Tensor CohortNet::convolveBatchMajor(const Bucket& b, const torch::Tensor& x) const
{
    if (b.groups > 1 && m_convMode == ConvMode::PerMember) {
        const std::vector<torch::Tensor> xs = x.chunk(b.groups, 1);
        const std::vector<torch::Tensor> ws = b.weight.chunk(b.groups, 0);
        std::vector<torch::Tensor> ys;
        for (std::size_t j = 0; j < xs.size(); ++j)
            ys.push_back(torch::conv2d(xs[j], ws[j], {}, b.stride, b.kernel / 2));
        return torch::cat(ys, 1);
    }
    if (b.groups > 1 && m_convMode == ConvMode::Gemm)
        return groupedConvolutionAsGemm(x, b);
    return torch::conv2d(x, b.weight, {}, b.stride, b.kernel / 2, 1, b.groups);
}

// A bucket's convolution in the channel-major layout: `input` is the images (a first layer),
// else the members' channels as C×B×H×W; returns C×B×H×W. As matrix products (the default
// there): a first layer's patches are few (3·k² rows), so all its members' filters are one
// matrix product over them; a later bucket's member j is batch j of one batched product, whose
// 1×1 convolutions read the input as it lies. ConvMode::Grouped: the grouped kernels, on the
// batch-major view of the input and back.
torch::Tensor CohortNet::convolveChannelMajor(const Bucket& b, const torch::Tensor& input) const
{
    namespace F = torch::nn::functional;
    const int pad = b.kernel / 2;
    const std::int64_t outSize = b.outSize;
    if (m_convMode != ConvMode::Gemm)
        return convolveBatchMajor(b, b.shared ? input : input.permute({1, 0, 2, 3})).permute({1, 0, 2, 3}).contiguous();
    const std::int64_t positions = outSize * outSize;
    // im2col runs one kernel per image of its batch, so the channels' images (B per channel)
    // go in as the channels of one image: its columns are (channel, image, tap) × positions.
    const auto columnsOf = [&](const torch::Tensor& channelMajor) { // C×B×H×W → C × B × k² × positions
        const std::int64_t size = channelMajor.size(2);
        return F::unfold(channelMajor.reshape({1, -1, size, size}),
                         F::UnfoldFuncOptions(b.kernel).padding(pad).stride(b.stride))
            .view({channelMajor.size(0), channelMajor.size(1), b.kernel * b.kernel, positions});
    };
    if (b.shared) { // images B×3×H×W: patches (3·k²) × (B·positions), one product for all filters
        const std::int64_t batch = input.size(0);
        const torch::Tensor patches =
            columnsOf(input.permute({1, 0, 2, 3})).permute({0, 2, 1, 3}).reshape({-1, batch * positions});
        return torch::mm(b.weight.view({b.weight.size(0), -1}), patches)
            .view({b.weight.size(0), batch, outSize, outSize});
    }
    const std::int64_t groups = b.groups, batch = input.size(1), size = input.size(2);
    const std::int64_t in = input.size(0) / groups, out = b.weight.size(0) / groups;
    torch::Tensor columns; // groups × (in·k²) × (B·positions)
    if (b.kernel == 1) {
        const torch::Tensor picked =
            b.stride == 1 ? input : input.slice(2, 0, size, b.stride).slice(3, 0, size, b.stride);
        columns = picked.reshape({groups, in, batch * positions});
    } else {
        // The kernel taps next to their channel.
        columns = columnsOf(input).permute({0, 2, 1, 3}).reshape({groups, -1, batch * positions});
    }
    return torch::bmm(b.weight.view({groups, out, -1}), columns).view({groups * out, batch, outSize, outSize});
}

torch::Tensor CohortNet::runBucket(Bucket& b, const torch::Tensor& routed, bool training)
{
    // For the probe, an alias whose gradient is ready as soon as the convolution's backward
    // is done (the routed tensor's own is ready only when its whole route's is).
    const torch::Tensor input = m_timer && routed.requires_grad() ? routed.view(routed.sizes()) : routed;
    markGradient(input, "backward: convolution");
    if (m_layout == Layout::ChannelMajor) {
        torch::Tensor y = convolveChannelMajor(b, input);
        mark("convolution");
        markGradient(y, "backward: batch norm + relu");
        // Each channel's values are one row: BatchNorm over a 1 × C × (B·H·W) view has the
        // same statistics (and count) as over B × C × H × W.
        y = torch::batch_norm(y.view({1, y.size(0), -1}), b.gamma, b.beta, b.runningMean, b.runningVar, training,
                              kBatchNormMomentum, kBatchNormEps, m_cudnnBatchNorm)
                .relu_()
                .view(y.sizes());
        mark("batch norm + relu");
        if (b.residual)
            y = y + (b.shared ? input.permute({1, 0, 2, 3}).repeat({static_cast<std::int64_t>(b.members.size()), 1, 1, 1})
                              : input);
        mark("residual, layout");
        markGradient(y, "backward: routing");
        return y;
    }
    // `input`: the images (a first layer), else the members' channels as NHWC rows.
    const torch::Tensor x = b.shared || !m_channelsLast ? input : input.permute({0, 3, 1, 2});
    torch::Tensor y = convolveBatchMajor(b, x);
    mark("convolution");
    markGradient(y, "backward: batch norm + relu");
    if (training && m_cudaBatchNormRelu && cudaBatchNormReluApplies(y)) {
        y = cudaBatchNormRelu(y, b.gamma, b.beta, b.runningMean, b.runningVar, kBatchNormMomentum, kBatchNormEps);
    } else {
        // In place: BatchNorm's backward needs its input, not its output, so ReLU may reuse it.
        y = torch::batch_norm(y, b.gamma, b.beta, b.runningMean, b.runningVar, training, kBatchNormMomentum,
                              kBatchNormEps, m_cudnnBatchNorm)
                .relu_();
    }
    mark("batch norm + relu");
    if (b.residual)
        y = y + (b.shared ? x.repeat({1, static_cast<std::int64_t>(b.members.size()), 1, 1}) : x);
    // Free when the convolution computed in the layout, as cuDNN and oneDNN do.
    y = m_channelsLast ? y.permute({0, 2, 3, 1}).contiguous() : y.contiguous();
    mark("residual, layout");
    markGradient(y, "backward: routing");
    return y;
}

torch::Tensor CohortNet::forward(const torch::Tensor& images, bool training)
{
    const std::int64_t batch = images.size(0);
    std::vector<torch::Tensor> inputs(m_layers.front().size(), images);
    std::vector<torch::Tensor> pooled;
    for (std::size_t layer = 0; layer < m_layers.size(); ++layer) {
        std::vector<Bucket>& buckets = m_layers[layer];
        std::vector<torch::Tensor> outputs(buckets.size());
        for (std::size_t bi = 0; bi < buckets.size(); ++bi)
            outputs[bi] = runBucket(buckets[bi], inputs[bi], training);
        std::vector<torch::Tensor> next(layer + 1 < m_layers.size() ? m_layers[layer + 1].size() : 0);
        for (const Route& route : m_routes[layer]) {
            std::vector<torch::Tensor> sources;
            for (const std::size_t bi : route.sources)
                sources.push_back(outputs[bi]);
            std::vector<torch::Tensor> parts;
            if (route.passThrough) {
                parts = sources;
            } else if (m_routeFunction && !route.gathers.consumerIndex.empty()) {
                parts = RouteFunction::apply(torch::TensorList(sources), &route.gathers, m_channelDim);
            } else {
                torch::Tensor pool = sources.size() == 1 ? sources.front() : torch::cat(sources, m_channelDim);
                if (route.index.defined())
                    pool = pool.index_select(m_channelDim, route.index);
                parts = route.consumers.size() == 1 ? std::vector<torch::Tensor>{pool}
                                                    : pool.split_with_sizes(route.sizes, m_channelDim);
            }
            for (std::size_t c = 0; c < parts.size(); ++c) {
                if (route.consumers[c] < 0)
                    pooled.push_back(m_layout == Layout::ChannelsLast   ? parts[c].mean({1, 2})
                                     : m_layout == Layout::ChannelMajor ? parts[c].mean({2, 3}).t()
                                                                        : parts[c].mean({2, 3}));
                else
                    next[static_cast<std::size_t>(route.consumers[c])] = parts[c].contiguous();
            }
            mark("routing");
        }
        inputs = std::move(next);
    }
    const torch::Tensor features = pooled.size() == 1 ? pooled.front() : torch::cat(pooled, 1); // B × Σ widths
    markGradient(features, "backward: heads");
    std::vector<torch::Tensor> logits;
    for (const HeadGroup& g : m_heads) {
        const auto members = static_cast<std::int64_t>(g.members.size());
        const torch::Tensor f =
            g.index.defined() ? features.index_select(1, g.index) : features.narrow(1, g.begin, members * g.width);
        const torch::Tensor x = f.view({batch, members, g.width}).transpose(0, 1); // G × B × width
        logits.push_back(torch::baddbmm(g.bias.view({members, 1, kCifarClasses}), x,
                                        g.weight.view({members, kCifarClasses, g.width}).transpose(1, 2)));
    }
    torch::Tensor out = logits.size() == 1 ? logits.front() : torch::cat(logits, 0);
    out = m_headToMember.defined() ? out.index_select(0, m_headToMember) : out;
    mark("heads");
    markGradient(out, "backward: loss");
    return out;
}

std::string CohortNet::describe() const
{
    std::string buckets;
    int passed = 0, total = 0;
    for (std::size_t layer = 0; layer < m_layers.size(); ++layer) {
        buckets += (layer > 0 ? ", " : "") + std::to_string(m_layers[layer].size());
        for (const Route& r : m_routes[layer]) {
            ++total;
            passed += r.passThrough ? 1 : 0;
        }
    }
    return std::to_string(m_members.size()) + " models; buckets per layer " + buckets + "; " + std::to_string(total)
        + " routes, " + std::to_string(passed) + " passed through";
}

void CohortNet::mark(const char* what)
{
    if (m_timer)
        m_timer(what);
}

void CohortNet::markGradient(const torch::Tensor& tensor, const char* what)
{
    if (m_timer && tensor.requires_grad())
        tensor.register_hook([this, what](const torch::Tensor&) { mark(what); });
}

std::vector<torch::Tensor> CohortNet::snapshot() const
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> out;
    for (const Slot& slot : m_slots)
        out.push_back(slot.tensor.clone());
    return out;
}

void CohortNet::restore(const std::vector<torch::Tensor>& saved)
{
    torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < m_slots.size(); ++i)
        m_slots[i].tensor.copy_(saved[i]);
}

std::vector<torch::Tensor> CohortNet::gather(const MemberTensor& memberTensor) const
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> out;
    for (std::size_t i = 0; i < m_parameters.size(); ++i) {
        std::vector<torch::Tensor> parts;
        for (const Slot::Piece& piece : m_slots[i].pieces)
            parts.push_back(memberTensor(piece.member, piece.name));
        out.push_back(torch::empty_like(m_parameters[i]).copy_(torch::cat(parts, 0)));
    }
    return out;
}

void CohortNet::scatter(const std::vector<torch::Tensor>& tensors, const MemberTensor& memberTensor) const
{
    torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < tensors.size(); ++i)
        copyToMembers(m_slots[i], tensors[i], memberTensor);
}

void CohortNet::copyToMembers(const Slot& slot, const torch::Tensor& tensor, const MemberTensor& memberTensor)
{
    std::int64_t row = 0;
    for (const Slot::Piece& piece : slot.pieces) {
        memberTensor(piece.member, piece.name).copy_(tensor.narrow(0, row, piece.rows));
        row += piece.rows;
    }
}

void CohortNet::storeIntoMembers(std::int64_t trainingSteps) const
{
    torch::NoGradGuard noGrad;
    const std::vector<std::map<std::string, torch::Tensor>> named = memberTensors();
    for (const Slot& slot : m_slots)
        copyToMembers(slot, slot.tensor, [&](std::size_t m, const std::string& name) { return named[m].at(name); });
    for (std::size_t m = 0; m < m_members.size(); ++m)
        for (std::size_t layer = 0; layer < m_members[m].scheme->size(); ++layer)
            named[m].at("bn" + std::to_string(layer) + ".num_batches_tracked").add_(trainingSteps);
}

} // namespace naap::core::detail
