// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "train/torch/scheme_net.h"

#include <ATen/CPUGeneratorImpl.h>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "naap/core/data/cifar.h"
#include "train/torch/batch_norm_relu.h"
#include "train/torch/blocked_head.h"
#include "train/torch/cuda_batch_norm_relu_op.h"
#include "train/torch/dnnl_layers.h"
#include "train/torch/fast_path_switch.h"

namespace naap::core::detail {

namespace {

// The fused CPU BatchNorm + ReLU is the default; NAAP_TRAIN_FUSED_BN=0 turns it off, to
// measure what it gives or to rule it out.
bool fusedBatchNormRelu()
{
    return fastPathOn("NAAP_TRAIN_FUSED_BN", "0");
}

} // namespace

SchemeNetImpl::SchemeNetImpl(const Scheme& scheme)
{
    int channels = kCifarChannels;
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        const LayerSpec& layer = scheme[i];
        const std::string index = std::to_string(i);
        m_convs.push_back(register_module(
            "conv" + index, torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, layer.width, layer.kernelSize)
                                                  .stride(layer.stride)
                                                  .padding(layer.kernelSize / 2)
                                                  .bias(false))));
        m_norms.push_back(register_module("bn" + index, torch::nn::BatchNorm2d(layer.width)));
        m_residual.push_back(layer.residual);
        m_strides.push_back(layer.stride);
        m_widths.push_back(layer.width);
        channels = layer.width;
    }
    m_fc = register_module("fc", torch::nn::Linear(channels, kCifarClasses));
}

torch::Tensor SchemeNetImpl::forward(torch::Tensor x)
{
    if (x.device().is_cpu() && x.is_contiguous() && x.dim() == 4 && dnnlLayersOn() && !m_residual.empty() &&
        !m_residual[0] && blockedFast(x, is_training() && torch::GradMode::is_enabled()))
        return forwardBlocked(x);
    const bool fuse = fusedBatchNormRelu();
    const bool fuseCuda = cudaBatchNormReluEnabled();
    for (std::size_t i = 0; i < m_convs.size(); ++i) {
        const torch::Tensor z = m_convs[i]->forward(x);
        torch::nn::BatchNorm2d& norm = m_norms[i];
        torch::Tensor y;
        if (fuse && is_training() && batchNormReluApplies(z)) {
            y = batchNormRelu(z, norm->weight, norm->bias, norm->running_mean, norm->running_var,
                              norm->options.momentum().value(), norm->options.eps());
            norm->num_batches_tracked.add_(1); // as BatchNorm2d counts, so checkpoints stay alike
        } else if (fuseCuda && is_training() && cudaBatchNormReluApplies(z)) {
            // NCHW only (NAAP_TRAIN_MEMORY_FORMAT=nchw); channels-last stays with cuDNN.
            y = cudaBatchNormRelu(z, norm->weight, norm->bias, norm->running_mean, norm->running_var,
                                  norm->options.momentum().value(), norm->options.eps());
            norm->num_batches_tracked.add_(1);
        } else {
            // In place: BatchNorm's backward needs its input, not its output, so ReLU may reuse it.
            y = norm->forward(z).relu_();
        }
        x = m_residual[i] ? y + x : y;
    }
    return m_fc->forward(x.mean({2, 3}));
}

bool SchemeNetImpl::blockedFast(const torch::Tensor& x, bool training)
{
    const std::int64_t batch = x.size(0);
    const auto key = std::make_pair(batch, training);
    if (const auto it = m_blockedFast.find(key); it != m_blockedFast.end())
        return it->second;
    std::vector<DnnlConvShape> shapes;
    std::int64_t channels = x.size(1), size = x.size(2); // square images
    for (std::size_t i = 0; i < m_convs.size(); ++i) {
        const std::int64_t k = m_convs[i]->weight.size(2);
        shapes.push_back({batch, channels, size, size, m_widths[i], k, m_strides[i], k / 2, i == 0});
        size = (size + 2 * (k / 2) - k) / m_strides[i] + 1;
        channels = m_widths[i];
    }
    return m_blockedFast[key] = dnnlConvsFast(shapes, training);
}

torch::Tensor SchemeNetImpl::forwardBlocked(const torch::Tensor& images)
{
    torch::Tensor x = images;
    for (std::size_t i = 0; i < m_convs.size(); ++i) {
        const std::int64_t k = m_convs[i]->weight.size(2);
        torch::nn::BatchNorm2d& norm = m_norms[i];
        torch::Tensor y;
        if (is_training()) {
            // Each activation here is read by one function only (a residual sum reads no values
            // backward), so the backward may write gradients over the activations it is done
            // with: memory still in the cache, where fresh buffers would come from main memory
            // (ModelId 432: an epoch 6 % quicker).
            const torch::Tensor z = dnnlConv(x, m_convs[i]->weight, m_strides[i], k / 2, i == 0, true);
            if (i + 1 == m_convs.size() && !m_residual[i]) {
                // The last layer and the head as one: its output is only ever pooled.
                norm->num_batches_tracked.add_(1);
                return blockedBatchNormReluHead(z, norm->weight, norm->bias, norm->running_mean, norm->running_var,
                                                norm->options.momentum().value(), norm->options.eps(),
                                                m_fc->weight, m_fc->bias, true);
            }
            y = blockedBatchNormRelu(z, norm->weight, norm->bias, norm->running_mean, norm->running_var,
                                     norm->options.momentum().value(), norm->options.eps(), true);
            norm->num_batches_tracked.add_(1);
        } else {
            // BatchNorm with the running statistics is an affine map per channel, folded into the
            // convolution with the ReLU after it; the folded weights serve until a parameter or
            // statistic changes (in-place updates raise a tensor's version) or the batch's shape.
            torch::NoGradGuard noGrad;
            std::vector<std::int64_t> key(x.sizes().begin(), x.sizes().end());
            for (const torch::Tensor* t :
                 {&m_convs[i]->weight, &norm->weight, &norm->bias, &norm->running_mean, &norm->running_var}) {
                key.push_back(reinterpret_cast<std::intptr_t>(t->data_ptr()));
                key.push_back(static_cast<std::int64_t>(t->_version()));
            }
            m_evalLayers.resize(m_convs.size());
            EvalLayer& cached = m_evalLayers[i];
            if (cached.key != key) {
                const torch::Tensor scale = norm->weight * (norm->running_var + norm->options.eps()).rsqrt();
                const torch::Tensor shift = norm->bias - norm->running_mean * scale;
                cached.layer = dnnlPrepareConvBnReluEval(x, m_convs[i]->weight, scale, shift, m_strides[i], k / 2, i == 0);
                cached.key = std::move(key);
            }
            y = dnnlConvBnReluEval(cached.layer, x);
        }
        x = m_residual[i] ? y + x : y;
    }
    // Global average pooling of the real channels, then the classifier.
    return blockedHead(x, m_fc->weight, m_fc->bias);
}

void SchemeNetImpl::initialize(std::uint64_t seed)
{
    torch::NoGradGuard noGrad;
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    for (auto& conv : m_convs) {
        const auto& w = conv->weight;
        const double fanOut = static_cast<double>(w.size(0) * w.size(2) * w.size(3));
        conv->weight.normal_(0.0, std::sqrt(2.0) / std::sqrt(fanOut), generator);
    }
    for (auto& norm : m_norms) {
        norm->weight.fill_(1.0);
        norm->bias.fill_(0.0);
    }
    m_fc->weight.normal_(0.0, 0.01, generator);
    m_fc->bias.fill_(0.0);
}

void SchemeNetImpl::useChannelsLast()
{
    torch::NoGradGuard noGrad;
    for (auto& conv : m_convs)
        if (!conv->weight.is_contiguous(torch::MemoryFormat::ChannelsLast))
            conv->weight.set_data(conv->weight.contiguous(torch::MemoryFormat::ChannelsLast));
}

std::int64_t countParameters(const torch::nn::Module& module)
{
    std::int64_t n = 0;
    for (const auto& p : module.parameters())
        n += p.numel();
    return n;
}

} // namespace naap::core::detail
