// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
//
// LibTorch reaches oneDNN's convolutions through its channels-last tensors. For NAAP's narrow
// layers (12 to 40 channels on maps of 4 × 4 to 16 × 16) oneDNN is quicker in its own blocked
// layout, where it also offers Winograd for 3 × 3 stride-1 layers, and its first-layer kernel
// reads plain NCHW images. This file drives the primitives directly: one plan per layer shape
// (the primitive descriptors and primitives, built once and kept), the weights reordered each
// call from LibTorch's parameter (a few thousand floats), and scratch memory of the caller's
// own (so that threads training other models can run the same primitives).
#include "train/torch/dnnl_layers.h"

#include "train/torch/fast_path_switch.h"

#if NAAP_TORCH_DNNL
#include <oneapi/dnnl/dnnl.hpp>

#include <compare>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>
#endif

namespace naap::core::detail {

#if NAAP_TORCH_DNNL

namespace {

using dnnl::memory;
using Tag = memory::format_tag;
using Dims = memory::dims;
using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

dnnl::engine& cpuEngine()
{
    static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
    return engine;
}

struct ConvKey {
    std::int64_t n, c, h, w, o, k, stride, padding;
    bool plainInput;
    bool training;
    bool bnRelu = false; ///< inference with BatchNorm folded in: a bias and a ReLU after
    auto operator<=>(const ConvKey&) const = default;
};

std::int64_t roundUp(std::int64_t c)
{
    return (c + kDnnlBlock - 1) / kDnnlBlock * kDnnlBlock;
}

bool optimised(const dnnl::primitive_desc_base& pd)
{
    return std::string_view(pd.impl_info_str()).substr(0, 3) != "ref";
}

struct ConvPlan {
    dnnl::convolution_forward::primitive_desc forwardPd;
    dnnl::convolution_forward forward;
    dnnl::convolution_backward_data::primitive_desc dataPd;
    dnnl::convolution_backward_data data;
    dnnl::convolution_backward_weights::primitive_desc weightsPd;
    dnnl::convolution_backward_weights weights;
    std::int64_t outH = 0;
    std::int64_t outW = 0;
    std::int64_t inChannels = 0;  ///< as oneDNN sees them: the real count or whole blocks
    std::int64_t outChannels = 0; ///< the same
    bool fast = true;             ///< no primitive fell back to oneDNN's reference loops
    // Reorders between LibTorch's plain weights (O × I × k × k, padded to the counts above) and
    // the primitives' own layouts, built once: built per call, a weights reorder took 22 µs
    // against 14 µs (ModelId 432: some 470 an epoch). Empty where the layouts agree.
    memory::desc plainWeights;
    std::optional<dnnl::reorder> toForwardWeights;
    std::optional<dnnl::reorder> toDataWeights;
    std::optional<dnnl::reorder> fromDiffWeights;
};

std::optional<dnnl::reorder> reorderBetween(const memory::desc& from, const memory::desc& to)
{
    if (from == to)
        return std::nullopt;
    return dnnl::reorder(dnnl::reorder::primitive_desc(cpuEngine(), from, cpuEngine(), to));
}

memory::desc activationDesc(const Dims& dims, bool plain)
{
    return {dims, memory::data_type::f32, plain ? Tag::nchw : Tag::nChw16c};
}

/// The primitives of one layer shape with oneDNN seeing inChannels → outChannels (the real
/// counts, or counts padded to whole blocks).
std::unique_ptr<ConvPlan> buildPlan(const ConvKey& key, std::int64_t inChannels, std::int64_t outChannels)
{
    auto plan = std::make_unique<ConvPlan>();
    plan->outH = (key.h + 2 * key.padding - key.k) / key.stride + 1;
    plan->outW = (key.w + 2 * key.padding - key.k) / key.stride + 1;
    plan->inChannels = inChannels;
    plan->outChannels = outChannels;
    const memory::desc src = activationDesc({key.n, inChannels, key.h, key.w}, key.plainInput);
    const memory::desc dst = activationDesc({key.n, outChannels, plan->outH, plan->outW}, false);
    const memory::desc wts({outChannels, inChannels, key.k, key.k}, memory::data_type::f32, Tag::any);
    const Dims strides{key.stride, key.stride};
    const Dims pad{key.padding, key.padding};
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    const auto alg = dnnl::algorithm::convolution_auto;
    const auto prop = key.training ? dnnl::prop_kind::forward_training : dnnl::prop_kind::forward_inference;
    if (key.bnRelu) {
        dnnl::post_ops ops;
        ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f);
        attr.set_post_ops(ops);
        const memory::desc bias({outChannels}, memory::data_type::f32, Tag::x);
        plan->forwardPd = dnnl::convolution_forward::primitive_desc(
            dnnl::convolution_forward::desc(prop, alg, src, wts, bias, dst, strides, pad, pad), attr, cpuEngine());
    } else {
        plan->forwardPd = dnnl::convolution_forward::primitive_desc(
            dnnl::convolution_forward::desc(prop, alg, src, wts, dst, strides, pad, pad), attr, cpuEngine());
    }
    plan->forward = dnnl::convolution_forward(plan->forwardPd);
    plan->fast = optimised(plan->forwardPd);
    plan->plainWeights = memory::desc({outChannels, inChannels, key.k, key.k}, memory::data_type::f32, Tag::oihw);
    plan->toForwardWeights = reorderBetween(plan->plainWeights, plan->forwardPd.weights_desc());
    if (key.training) {
        if (!key.plainInput) {
            plan->dataPd = dnnl::convolution_backward_data::primitive_desc(
                dnnl::convolution_backward_data::desc(alg, src, wts, dst, strides, pad, pad), attr, cpuEngine(),
                plan->forwardPd);
            plan->data = dnnl::convolution_backward_data(plan->dataPd);
            plan->fast = plan->fast && optimised(plan->dataPd);
            plan->toDataWeights = reorderBetween(plan->plainWeights, plan->dataPd.weights_desc());
        }
        // convolution_auto computes the weights' gradient directly even where it runs the forward
        // pass as Winograd; oneDNN's Winograd weight gradient is quicker there (ModelId 432's two
        // 8×8 layers on an AMD Zen 5, batch 256: 0.52 and 0.66 ms against 0.62 and 0.94 ms), so
        // those layers ask for it (NAAP_TRAIN_DNNL_WINO_WEIGHTS=0: auto's choice).
        const bool winograd = std::string_view(plan->forwardPd.impl_info_str()).find("wino") != std::string_view::npos;
        const auto weightsDesc = [&](dnnl::algorithm a) {
            return dnnl::convolution_backward_weights::primitive_desc(
                dnnl::convolution_backward_weights::desc(a, src, wts, dst, strides, pad, pad), attr, cpuEngine(),
                plan->forwardPd);
        };
        plan->weightsPd = weightsDesc(alg);
        if (winograd && fastPathOn("NAAP_TRAIN_DNNL_WINO_WEIGHTS", "0")) {
            try {
                plan->weightsPd = weightsDesc(dnnl::algorithm::convolution_winograd);
            } catch (const dnnl::error&) { // not offered for this shape: keep auto's
            }
        }
        plan->weights = dnnl::convolution_backward_weights(plan->weightsPd);
        plan->fast = plan->fast && optimised(plan->weightsPd);
        plan->fromDiffWeights = reorderBetween(plan->weightsPd.diff_weights_desc(), plan->plainWeights);
    }
    return plan;
}

/// The plan of a layer shape, built on first use and kept for the process (a campaign sees a
/// few dozen shapes). oneDNN takes the real channel counts where its optimised kernels do;
/// where one would fall to its reference loops (12 input channels in blocks: 400× slower), the
/// counts are padded to whole blocks with zero weights (the activations' padding is zero
/// anyway), which costs the padding's arithmetic, so only there.
const ConvPlan& planFor(const ConvKey& key)
{
    static std::mutex mutex;
    static std::map<ConvKey, std::unique_ptr<ConvPlan>> plans;
    const std::lock_guard lock(mutex);
    auto& slot = plans[key];
    if (!slot) {
        slot = buildPlan(key, key.c, key.o);
        if (!slot->fast)
            slot = buildPlan(key, key.plainInput ? key.c : roundUp(key.c), roundUp(key.o));
    }
    return *slot;
}

/// A float tensor holding `desc`'s bytes.
torch::Tensor bufferFor(const memory::desc& desc)
{
    return torch::empty({static_cast<std::int64_t>(desc.get_size() / sizeof(float))}, torch::kFloat32);
}

void execute(const dnnl::primitive& primitive, const memory::desc& scratchpad,
             std::unordered_map<int, memory> args)
{
    // One scratch buffer per calling thread, grown as needed and reused: warm in the caches, and
    // threads training other models never share one.
    thread_local torch::Tensor scratch;
    const auto bytes = static_cast<std::int64_t>(scratchpad.get_size());
    if (bytes > 0) {
        if (!scratch.defined() || scratch.numel() < bytes)
            scratch = torch::empty({bytes}, torch::kUInt8);
        args.emplace(DNNL_ARG_SCRATCHPAD, memory(scratchpad, cpuEngine(), scratch.data_ptr()));
    }
    dnnl::stream stream(cpuEngine());
    primitive.execute(stream, args);
    stream.wait();
}

void runReorder(const dnnl::reorder& reorder, const memory& from, const memory& to)
{
    dnnl::stream stream(cpuEngine());
    reorder.execute(stream, {{DNNL_ARG_FROM, from}, {DNNL_ARG_TO, to}});
    stream.wait();
}

/// The plan's plain weights `w` (dense O × I × k × k) in a primitive's layout `to` through the
/// plan's `reorder`, or `w` itself when there is none.
memory weightsAs(const torch::Tensor& w, const ConvPlan& plan, const std::optional<dnnl::reorder>& reorder,
                 const memory::desc& to, torch::Tensor& keep)
{
    if (!reorder)
        return memory(to, cpuEngine(), w.data_ptr());
    keep = bufferFor(to);
    memory dst(to, cpuEngine(), keep.data_ptr());
    runReorder(*reorder, memory(plan.plainWeights, cpuEngine(), w.data_ptr()), dst);
    return dst;
}

/// The weights as the plan's convolution takes them: dense, padded with zeros to its channels.
torch::Tensor paddedWeights(const torch::Tensor& weight, const ConvPlan& plan)
{
    const torch::Tensor w = weight.detach().contiguous();
    if (w.size(0) == plan.outChannels && w.size(1) == plan.inChannels)
        return w;
    torch::Tensor padded = torch::zeros({plan.outChannels, plan.inChannels, w.size(2), w.size(3)}, w.options());
    padded.narrow(0, 0, w.size(0)).narrow(1, 0, w.size(1)).copy_(w);
    return padded;
}

torch::Tensor blockedTensor(std::int64_t n, std::int64_t c, std::int64_t h, std::int64_t w)
{
    return torch::empty({n, (c + kDnnlBlock - 1) / kDnnlBlock, h, w, kDnnlBlock}, torch::kFloat32);
}

ConvKey keyOf(const torch::Tensor& x, const torch::Tensor& weight, std::int64_t stride, std::int64_t padding,
              bool plainInput, bool training)
{
    // Both layouts hold H and W at dimensions 2 and 3.
    return {x.size(0), weight.size(1), x.size(2), x.size(3), weight.size(0), weight.size(2), stride, padding,
            plainInput, training};
}

/// The plan's forward convolution of x with weights `wts` in the primitive's layout (`bias`,
/// when defined, for plans with one): the blocked output of `outChannels` real channels.
torch::Tensor runForward(const ConvPlan& plan, const torch::Tensor& x, const memory& wts, std::int64_t outChannels,
                         const torch::Tensor& bias)
{
    torch::Tensor y = blockedTensor(x.size(0), outChannels, plan.outH, plan.outW);
    std::unordered_map<int, memory> args{
        {DNNL_ARG_SRC, memory(plan.forwardPd.src_desc(), cpuEngine(), x.data_ptr())},
        {DNNL_ARG_WEIGHTS, wts},
        {DNNL_ARG_DST, memory(plan.forwardPd.dst_desc(), cpuEngine(), y.data_ptr())}};
    if (bias.defined())
        args.emplace(DNNL_ARG_BIAS, memory(plan.forwardPd.bias_desc(), cpuEngine(), bias.data_ptr()));
    execute(plan.forward, plan.forwardPd.scratchpad_desc(), std::move(args));
    return y;
}

/// runForward with LibTorch's plain weights (their real channels), reordered for the call.
torch::Tensor runForward(const ConvPlan& plan, const torch::Tensor& x, const torch::Tensor& weight,
                         const torch::Tensor& bias)
{
    torch::Tensor weightKeep;
    const torch::Tensor padded = paddedWeights(weight, plan);
    const memory wts = weightsAs(padded, plan, plan.toForwardWeights, plan.forwardPd.weights_desc(), weightKeep);
    return runForward(plan, x, wts, weight.size(0), bias);
}

class DnnlConvFunction : public torch::autograd::Function<DnnlConvFunction> {
public:
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& weight,
                                 std::int64_t stride, std::int64_t padding, bool plainInput, bool training,
                                 bool inputDisposable)
    {
        const ConvPlan& plan = planFor(keyOf(x, weight, stride, padding, plainInput, training));
        const torch::Tensor y = runForward(plan, x, weight, {});
        if (training) {
            ctx->saved_data["plan"] = reinterpret_cast<std::int64_t>(&plan);
            ctx->saved_data["disposable"] = inputDisposable;
            ctx->save_for_backward({x, weight});
        }
        return y;
    }

    static tensor_list backward(AutogradContext* ctx, tensor_list gradOutputs)
    {
        const auto& plan = *reinterpret_cast<const ConvPlan*>(ctx->saved_data["plan"].toInt());
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor& x = saved[0];
        const torch::Tensor& weight = saved[1];
        const torch::Tensor gy = gradOutputs[0].contiguous();
        // The weights' gradient first: the input gradient, computed last, is then what the layer
        // below reads first, partly still in this core's cache.
        torch::Tensor gw;
        if (ctx->needs_input_grad(1)) {
            const memory::desc diffDesc = plan.weightsPd.diff_weights_desc();
            torch::Tensor diff = bufferFor(diffDesc);
            execute(plan.weights, plan.weightsPd.scratchpad_desc(),
                    {{DNNL_ARG_SRC, memory(plan.weightsPd.src_desc(), cpuEngine(), x.data_ptr())},
                     {DNNL_ARG_DIFF_DST, memory(plan.weightsPd.diff_dst_desc(), cpuEngine(), gy.data_ptr())},
                     {DNNL_ARG_DIFF_WEIGHTS, memory(diffDesc, cpuEngine(), diff.data_ptr())}});
            torch::Tensor padded =
                torch::empty({plan.outChannels, plan.inChannels, weight.size(2), weight.size(3)}, weight.options());
            if (plan.fromDiffWeights)
                runReorder(*plan.fromDiffWeights, memory(diffDesc, cpuEngine(), diff.data_ptr()),
                           memory(plan.plainWeights, cpuEngine(), padded.data_ptr()));
            else
                padded.copy_(diff.view(padded.sizes()));
            gw = padded.narrow(0, 0, weight.size(0)).narrow(1, 0, weight.size(1)).contiguous();
        }
        torch::Tensor gx;
        if (ctx->needs_input_grad(0) && plan.data) {
            torch::Tensor weightKeep;
            const torch::Tensor padded = paddedWeights(weight, plan);
            const memory wts = weightsAs(padded, plan, plan.toDataWeights, plan.dataPd.weights_desc(), weightKeep);
            // Over x when the caller allows it: the weights' gradient above has read it.
            gx = ctx->saved_data["disposable"].toBool() ? x : torch::empty_like(x);
            execute(plan.data, plan.dataPd.scratchpad_desc(),
                    {{DNNL_ARG_DIFF_DST, memory(plan.dataPd.diff_dst_desc(), cpuEngine(), gy.data_ptr())},
                     {DNNL_ARG_WEIGHTS, wts},
                     {DNNL_ARG_DIFF_SRC, memory(plan.dataPd.diff_src_desc(), cpuEngine(), gx.data_ptr())}});
        }
        return {gx, gw, torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

} // namespace

bool dnnlLayersOn()
{
    // Blocks of 16 channels are AVX-512's vectors; elsewhere oneDNN prefers other blocks, and
    // LibTorch's channels-last path stays the better one.
#if defined(__x86_64__) && defined(__GNUC__)
    static const bool avx512 = __builtin_cpu_supports("avx512f");
#else
    static const bool avx512 = false;
#endif
    return avx512 && fastPathOn("NAAP_TRAIN_DNNL", "0");
}

std::string dnnlVersion()
{
    const dnnl_version_t* v = dnnl_version();
    return std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch);
}

bool dnnlConvsFast(const std::vector<DnnlConvShape>& shapes, bool training)
{
    for (const DnnlConvShape& c : shapes)
    {
        const ConvKey key{c.n, c.c, c.h, c.w, c.o, c.k, c.stride, c.padding, c.plainInput, training};
        if (!planFor(key).fast)
            return false;
        // Inference runs with BatchNorm folded in (dnnlConvBnReluEval).
        if (!training && !planFor({c.n, c.c, c.h, c.w, c.o, c.k, c.stride, c.padding, c.plainInput, false, true}).fast)
            return false;
    }
    return true;
}

torch::Tensor dnnlConv(const torch::Tensor& x, const torch::Tensor& weight, std::int64_t stride,
                       std::int64_t padding, bool plainInput, bool inputDisposable)
{
    TORCH_CHECK(x.device().is_cpu() && x.scalar_type() == torch::kFloat32 && x.is_contiguous(),
                "dnnlConv takes a contiguous float CPU tensor.");
    TORCH_CHECK(plainInput ? x.dim() == 4 : (x.dim() == 5 && x.size(4) == kDnnlBlock),
                "dnnlConv takes NCHW images or blocked activations.");
    // Decided here: a Function's forward runs with gradients off.
    const bool training = torch::GradMode::is_enabled() && (x.requires_grad() || weight.requires_grad());
    return DnnlConvFunction::apply(x, weight, stride, padding, plainInput, training, inputDisposable && !plainInput);
}

DnnlEvalLayer dnnlPrepareConvBnReluEval(const torch::Tensor& x, const torch::Tensor& weight,
                                        const torch::Tensor& scale, const torch::Tensor& shift, std::int64_t stride,
                                        std::int64_t padding, bool plainInput)
{
    TORCH_CHECK(x.device().is_cpu() && x.scalar_type() == torch::kFloat32 && x.is_contiguous(),
                "dnnlConvBnReluEval takes a contiguous float CPU tensor.");
    torch::NoGradGuard noGrad;
    ConvKey key = keyOf(x, weight, stride, padding, plainInput, false);
    key.bnRelu = true;
    const ConvPlan& plan = planFor(key);
    // BatchNorm's affine map folded into the convolution: each output channel's weights times
    // its scale, its shift the bias; the padding channels get zero weights and bias.
    const torch::Tensor folded = weight.detach().to(torch::kFloat32) * scale.to(torch::kFloat32).view({-1, 1, 1, 1});
    DnnlEvalLayer layer;
    layer.bias = torch::zeros({plan.outChannels}, torch::kFloat32);
    layer.bias.narrow(0, 0, shift.size(0)).copy_(shift);
    const torch::Tensor padded = paddedWeights(folded, plan);
    weightsAs(padded, plan, plan.toForwardWeights, plan.forwardPd.weights_desc(), layer.weights);
    if (!layer.weights.defined()) // the primitive reads the plain layout: keep the folded weights
        layer.weights = padded;
    layer.plan = &plan;
    layer.input = {x.size(0), x.size(1), x.size(2), x.size(3)};
    layer.outChannels = weight.size(0);
    return layer;
}

torch::Tensor dnnlConvBnReluEval(const DnnlEvalLayer& layer, const torch::Tensor& x)
{
    const bool prepared = layer.plan != nullptr && x.is_contiguous() && x.dim() >= 4 &&
                          std::vector<std::int64_t>{x.size(0), x.size(1), x.size(2), x.size(3)} == layer.input;
    TORCH_CHECK(prepared, "dnnlConvBnReluEval: the batch is not the one its layer was prepared for.");
    torch::NoGradGuard noGrad;
    const auto& plan = *static_cast<const ConvPlan*>(layer.plan);
    return runForward(plan, x, memory(plan.forwardPd.weights_desc(), cpuEngine(), layer.weights.data_ptr()),
                      layer.outChannels, layer.bias);
}

torch::Tensor dnnlConvBnReluEval(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& scale,
                                 const torch::Tensor& shift, std::int64_t stride, std::int64_t padding,
                                 bool plainInput)
{
    return dnnlConvBnReluEval(dnnlPrepareConvBnReluEval(x, weight, scale, shift, stride, padding, plainInput), x);
}

#else

bool dnnlLayersOn()
{
    return false;
}

std::string dnnlVersion()
{
    return {};
}

bool dnnlConvsFast(const std::vector<DnnlConvShape>&, bool)
{
    return false;
}

torch::Tensor dnnlConv(const torch::Tensor&, const torch::Tensor&, std::int64_t, std::int64_t, bool, bool)
{
    TORCH_CHECK(false, "This build has no oneDNN layers.");
    return {};
}

DnnlEvalLayer dnnlPrepareConvBnReluEval(const torch::Tensor&, const torch::Tensor&, const torch::Tensor&,
                                        const torch::Tensor&, std::int64_t, std::int64_t, bool)
{
    TORCH_CHECK(false, "This build has no oneDNN layers.");
    return {};
}

torch::Tensor dnnlConvBnReluEval(const DnnlEvalLayer&, const torch::Tensor&)
{
    TORCH_CHECK(false, "This build has no oneDNN layers.");
    return {};
}

torch::Tensor dnnlConvBnReluEval(const torch::Tensor&, const torch::Tensor&, const torch::Tensor&, const torch::Tensor&,
                                 std::int64_t, std::int64_t, bool)
{
    TORCH_CHECK(false, "This build has no oneDNN layers.");
    return {};
}

#endif

} // namespace naap::core::detail
