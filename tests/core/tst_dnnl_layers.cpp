// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The CPU trainer's blocked-layout layers (oneDNN convolutions, BatchNorm + ReLU on blocks of
// 16 channels, inference with BatchNorm folded into the convolution, pooling + classifier)
// against LibTorch's own conv2d, batch_norm, relu, mean and linear on the same values: outputs,
// all gradients and the running statistics, with channel counts that need padding (3, 12, 24,
// 40) and without (16), 3 × 3 and 1 × 1 kernels, strides 1 and 2, forward and backward.
// LibTorch first: its headers use `slots` as a name, which QtTest makes a keyword.
#include <torch/torch.h>

#include "train/torch/batch_norm_relu.h"
#include "train/torch/blocked_head.h"
#include "train/torch/byte_images.h"
#include "train/torch/dnnl_layers.h"
#include "train/torch/scheme_net.h"
#include "train/torch/sgd_step.h"

#include <QtTest>

#include <cmath>
#include <cstdint>

using namespace naap::core::detail;

namespace {

/// N×C×H×W → N×⌈C/16⌉×H×W×16, the padding channels zero.
torch::Tensor toBlocked(const torch::Tensor& x)
{
    const std::int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    const std::int64_t blocks = (c + kDnnlBlock - 1) / kDnnlBlock;
    torch::Tensor padded = torch::zeros({n, blocks * kDnnlBlock, h, w});
    padded.narrow(1, 0, c).copy_(x);
    return padded.view({n, blocks, kDnnlBlock, h, w}).permute({0, 1, 3, 4, 2}).contiguous();
}

/// The inverse of toBlocked for c channels.
torch::Tensor fromBlocked(const torch::Tensor& b, std::int64_t c)
{
    return b.permute({0, 1, 4, 2, 3}).reshape({b.size(0), b.size(1) * kDnnlBlock, b.size(2), b.size(3)}).narrow(1, 0, c);
}

/// The largest magnitude in the padding channels of a blocked tensor for c real channels.
double paddingMax(const torch::Tensor& b, std::int64_t c)
{
    const torch::Tensor all = b.permute({0, 1, 4, 2, 3}).reshape({b.size(0), b.size(1) * kDnnlBlock, b.size(2), b.size(3)});
    return c == all.size(1) ? 0.0 : all.narrow(1, c, all.size(1) - c).abs().max().item<double>();
}

/// max |a − b| within tol·max(1, max |b|).
bool near(const torch::Tensor& a, const torch::Tensor& b, double tol, const char* what)
{
    const double err = (a - b).abs().max().item<double>();
    const double scale = std::max(1.0, b.abs().max().item<double>());
    if (err <= tol * scale)
        return true;
    qWarning("%s: max difference %g (scale %g)", what, err, scale);
    return false;
}

/// max |a − b| within tol·max |b|: for values well below 1, where near() would be loose.
bool nearRelative(const torch::Tensor& a, const torch::Tensor& b, double tol, const char* what)
{
    const double err = (a - b).abs().max().item<double>();
    const double scale = b.abs().max().item<double>();
    if (err <= tol * scale)
        return true;
    qWarning("%s: max difference %g (largest value %g)", what, err, scale);
    return false;
}

/// A row of convolutionMatchesLibTorch_data (the convolution shapes both convolution tests take).
struct ConvCase {
    int inChannels, outChannels, size, kernel, stride;
    bool images;
};

ConvCase fetchConvCase()
{
    QFETCH(int, inChannels);
    QFETCH(int, outChannels);
    QFETCH(int, size);
    QFETCH(int, kernel);
    QFETCH(int, stride);
    QFETCH(bool, images);
    return {inChannels, outChannels, size, kernel, stride, images};
}

} // namespace

class TestDnnlLayers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        torch::manual_seed(7);
        torch::set_num_threads(2);
    }
    void convolutionMatchesLibTorch_data();
    void convolutionMatchesLibTorch();
    void batchNormReluMatchesLibTorch_data();
    void batchNormReluMatchesLibTorch();
    void inferenceMatchesLibTorch_data();
    void inferenceMatchesLibTorch();
    void byteBatchesMatchFloatImages();
    void disposableInputsKeepGradients();
    void evaluationFollowsParameterChanges();
    void sgdStepMatchesLibTorch();
    void headMatchesLibTorch_data();
    void headMatchesLibTorch();
    void lastLayerMatchesLibTorch_data();
    void lastLayerMatchesLibTorch();
};

void TestDnnlLayers::convolutionMatchesLibTorch_data()
{
    QTest::addColumn<int>("inChannels");
    QTest::addColumn<int>("outChannels");
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("kernel");
    QTest::addColumn<int>("stride");
    QTest::addColumn<bool>("images");
    QTest::newRow("images 3 -> 12, 3x3 /2") << 3 << 12 << 32 << 3 << 2 << true;
    QTest::newRow("12 -> 16, 3x3 /2") << 12 << 16 << 16 << 3 << 2 << false;
    QTest::newRow("16 -> 24, 3x3 /2") << 16 << 24 << 16 << 3 << 2 << false;
    QTest::newRow("24 -> 40, 3x3 /1") << 24 << 40 << 8 << 3 << 1 << false;
    QTest::newRow("32 -> 40, 3x3 /1") << 32 << 40 << 8 << 3 << 1 << false;
    QTest::newRow("16 -> 16, 1x1 /1") << 16 << 16 << 8 << 1 << 1 << false;
    QTest::newRow("24 -> 32, 1x1 /2") << 24 << 32 << 8 << 1 << 2 << false;
}

void TestDnnlLayers::convolutionMatchesLibTorch()
{
    const auto [inChannels, outChannels, size, kernel, stride, images] = fetchConvCase();
    const std::int64_t n = 32, pad = kernel / 2;
    const torch::Tensor x = torch::randn({n, inChannels, size, size});
    const torch::Tensor w0 = torch::randn({outChannels, inChannels, kernel, kernel}) * 0.2;

    // LibTorch: output and gradients of Σ y·g.
    torch::Tensor xr = x.clone().requires_grad_(!images);
    torch::Tensor wr = w0.clone().requires_grad_(true);
    const torch::Tensor yr = torch::conv2d(xr, wr, {}, stride, pad);
    const torch::Tensor g = torch::randn(yr.sizes());
    (yr * g).sum().backward();

    // oneDNN in blocks.
    torch::Tensor xb = images ? x.clone() : toBlocked(x);
    xb.requires_grad_(!images);
    torch::Tensor wb = w0.clone().requires_grad_(true);
    const torch::Tensor yb = dnnlConv(xb, wb, stride, pad, images);
    QCOMPARE(yb.dim(), 5);
    QVERIFY(near(fromBlocked(yb, outChannels), yr.detach(), 1e-4, "output"));
    QCOMPARE(paddingMax(yb, outChannels), 0.0);
    (yb * toBlocked(g)).sum().backward();
    QVERIFY(near(wb.grad(), wr.grad(), 1e-4, "weight gradient"));
    if (!images) {
        QVERIFY(near(fromBlocked(xb.grad(), inChannels), xr.grad(), 1e-4, "input gradient"));
        QCOMPARE(paddingMax(xb.grad(), inChannels), 0.0);
    }
    // oneDNN's kernels, not its reference loops, on a CPU with AVX-512 (this one's).
    if (__builtin_cpu_supports("avx512f"))
        QVERIFY(dnnlConvsFast({{n, inChannels, size, size, outChannels, kernel, stride, pad, images}}, true));
}

void TestDnnlLayers::batchNormReluMatchesLibTorch_data()
{
    QTest::addColumn<int>("channels");
    QTest::newRow("16 channels") << 16;
    QTest::newRow("24 channels (padded)") << 24;
    QTest::newRow("40 channels (padded)") << 40;
}

void TestDnnlLayers::batchNormReluMatchesLibTorch()
{
    QFETCH(int, channels);
    const std::int64_t n = 16, h = 8;
    const torch::Tensor x = torch::randn({n, channels, h, h}) * 1.5 + 0.3;
    const torch::Tensor weight0 = torch::rand({channels}) + 0.5;
    const torch::Tensor bias0 = torch::randn({channels}) * 0.1;
    const torch::Tensor g = torch::randn({n, channels, h, h});
    const double momentum = 0.1, eps = 1e-5;

    torch::Tensor xr = x.clone().requires_grad_(true);
    torch::Tensor wr = weight0.clone().requires_grad_(true);
    torch::Tensor br = bias0.clone().requires_grad_(true);
    torch::Tensor meanR = torch::zeros({channels}), varR = torch::ones({channels});
    const torch::Tensor yr = torch::relu(torch::batch_norm(xr, wr, br, meanR, varR, true, momentum, eps, false));
    (yr * g).sum().backward();

    torch::Tensor xb = toBlocked(x).requires_grad_(true);
    torch::Tensor wb = weight0.clone().requires_grad_(true);
    torch::Tensor bb = bias0.clone().requires_grad_(true);
    torch::Tensor meanB = torch::zeros({channels}), varB = torch::ones({channels});
    const torch::Tensor yb = blockedBatchNormRelu(xb, wb, bb, meanB, varB, momentum, eps);
    QVERIFY(near(fromBlocked(yb, channels), yr.detach(), 1e-5, "output"));
    QCOMPARE(paddingMax(yb, channels), 0.0);
    QVERIFY(near(meanB, meanR, 1e-6, "running mean"));
    QVERIFY(near(varB, varR, 1e-6, "running variance"));
    (yb * toBlocked(g)).sum().backward();
    QVERIFY(near(fromBlocked(xb.grad(), channels), xr.grad(), 1e-4, "input gradient"));
    QCOMPARE(paddingMax(xb.grad(), channels), 0.0);
    QVERIFY(near(wb.grad(), wr.grad(), 1e-4, "weight gradient"));
    QVERIFY(near(bb.grad(), br.grad(), 1e-4, "bias gradient"));
}

void TestDnnlLayers::inferenceMatchesLibTorch_data()
{
    convolutionMatchesLibTorch_data();
}

// Inference: BatchNorm with running statistics and the ReLU folded into the convolution,
// against LibTorch's conv2d, batch_norm (eval) and relu.
void TestDnnlLayers::inferenceMatchesLibTorch()
{
    const auto [inChannels, outChannels, size, kernel, stride, images] = fetchConvCase();
    const std::int64_t n = 16, pad = kernel / 2;
    const double eps = 1e-5;
    const torch::Tensor x = torch::randn({n, inChannels, size, size});
    const torch::Tensor w = torch::randn({outChannels, inChannels, kernel, kernel}) * 0.2;
    const torch::Tensor gamma = torch::rand({outChannels}) + 0.5, beta = torch::randn({outChannels}) * 0.3;
    const torch::Tensor mean = torch::randn({outChannels}) * 0.2, var = torch::rand({outChannels}) + 0.5;
    const torch::Tensor ref = torch::relu(
        torch::batch_norm(torch::conv2d(x, w, {}, stride, pad), gamma, beta, mean, var, false, 0.1, eps, false));

    const torch::Tensor scale = gamma * (var + eps).rsqrt();
    const torch::Tensor shift = beta - mean * scale;
    const torch::Tensor y =
        dnnlConvBnReluEval(images ? x : toBlocked(x), w, scale, shift, stride, pad, images);
    QCOMPARE(y.dim(), 5);
    QVERIFY(near(fromBlocked(y, outChannels), ref, 1e-4, "output"));
    QCOMPARE(paddingMax(y, outChannels), 0.0);
    QVERIFY(ref.eq(0).any().item<bool>() && ref.gt(0).any().item<bool>()); // the ReLU had work both ways
    if (__builtin_cpu_supports("avx512f"))
        QVERIFY(dnnlConvsFast({{n, inChannels, size, size, outChannels, kernel, stride, pad, images}}, false));
}

void TestDnnlLayers::headMatchesLibTorch_data()
{
    QTest::addColumn<int>("channels");
    QTest::addColumn<int>("size");
    QTest::newRow("16 channels, 8 x 8") << 16 << 8;
    QTest::newRow("40 channels (padded), 8 x 8") << 40 << 8;
    QTest::newRow("33 channels (padded), 16 x 16") << 33 << 16;
    QTest::newRow("12 channels (padded), 2 x 2") << 12 << 2;
}

void TestDnnlLayers::headMatchesLibTorch()
{
    QFETCH(int, channels);
    QFETCH(int, size);
    const std::int64_t n = 24, classes = 10;
    const torch::Tensor x = torch::rand({n, channels, size, size}) * 2.0; // ReLU outputs: not negative
    const torch::Tensor weight0 = torch::randn({classes, channels}) * 0.3;
    const torch::Tensor bias0 = torch::randn({classes}) * 0.1;
    const torch::Tensor g = torch::randn({n, classes});

    torch::Tensor xr = x.clone().requires_grad_(true);
    torch::Tensor wr = weight0.clone().requires_grad_(true);
    torch::Tensor br = bias0.clone().requires_grad_(true);
    const torch::Tensor yr = torch::linear(xr.mean({2, 3}), wr, br);
    (yr * g).sum().backward();

    torch::Tensor xb = toBlocked(x).requires_grad_(true);
    torch::Tensor wb = weight0.clone().requires_grad_(true);
    torch::Tensor bb = bias0.clone().requires_grad_(true);
    const torch::Tensor yb = blockedHead(xb, wb, bb);
    QCOMPARE(yb.sizes(), yr.sizes());
    QVERIFY(near(yb, yr.detach(), 1e-5, "output"));
    (yb * g).sum().backward();
    QVERIFY(xb.grad().is_contiguous());
    QVERIFY(near(fromBlocked(xb.grad(), channels), xr.grad(), 1e-5, "input gradient"));
    QCOMPARE(paddingMax(xb.grad(), channels), 0.0);
    QVERIFY(near(wb.grad(), wr.grad(), 1e-5, "weight gradient"));
    QVERIFY(near(bb.grad(), br.grad(), 1e-5, "bias gradient"));
}

void TestDnnlLayers::lastLayerMatchesLibTorch_data()
{
    headMatchesLibTorch_data();
}

// The last layer's BatchNorm + ReLU, pooling and classifier as one function, against LibTorch's
// batch_norm (training), relu, mean and linear: logits, every gradient, the running statistics.
void TestDnnlLayers::lastLayerMatchesLibTorch()
{
    QFETCH(int, channels);
    QFETCH(int, size);
    const std::int64_t n = 24, classes = 10;
    const double momentum = 0.1, eps = 1e-5;
    const torch::Tensor x = torch::randn({n, channels, size, size}) * 1.5 + 0.3;
    const torch::Tensor gamma0 = torch::rand({channels}) + 0.5, beta0 = torch::randn({channels}) * 0.3;
    const torch::Tensor fcW0 = torch::randn({classes, channels}) * 0.3, fcB0 = torch::randn({classes}) * 0.1;
    const torch::Tensor g = torch::randn({n, classes});

    torch::Tensor xr = x.clone().requires_grad_(true);
    torch::Tensor gr = gamma0.clone().requires_grad_(true), br = beta0.clone().requires_grad_(true);
    torch::Tensor wr = fcW0.clone().requires_grad_(true), fr = fcB0.clone().requires_grad_(true);
    torch::Tensor meanR = torch::zeros({channels}), varR = torch::ones({channels});
    const torch::Tensor yr = torch::linear(
        torch::relu(torch::batch_norm(xr, gr, br, meanR, varR, true, momentum, eps, false)).mean({2, 3}), wr, fr);
    (yr * g).sum().backward();

    torch::Tensor xb = toBlocked(x).requires_grad_(true);
    torch::Tensor gb = gamma0.clone().requires_grad_(true), bb = beta0.clone().requires_grad_(true);
    torch::Tensor wb = fcW0.clone().requires_grad_(true), fb = fcB0.clone().requires_grad_(true);
    torch::Tensor meanB = torch::zeros({channels}), varB = torch::ones({channels});
    const torch::Tensor yb = blockedBatchNormReluHead(xb, gb, bb, meanB, varB, momentum, eps, wb, fb);
    QCOMPARE(yb.sizes(), yr.sizes());
    QVERIFY(near(yb, yr.detach(), 1e-5, "logits"));
    QVERIFY(near(meanB, meanR, 1e-6, "running mean"));
    QVERIFY(near(varB, varR, 1e-6, "running variance"));
    (yb * g).sum().backward();
    QVERIFY(nearRelative(fromBlocked(xb.grad(), channels), xr.grad(), 1e-4, "input gradient"));
    QCOMPARE(paddingMax(xb.grad(), channels), 0.0);
    QVERIFY(nearRelative(gb.grad(), gr.grad(), 1e-4, "BatchNorm weight gradient"));
    QVERIFY(nearRelative(bb.grad(), br.grad(), 1e-4, "BatchNorm bias gradient"));
    QVERIFY(nearRelative(wb.grad(), wr.grad(), 1e-4, "classifier weight gradient"));
    QVERIFY(nearRelative(fb.grad(), fr.grad(), 1e-4, "classifier bias gradient"));
}

// The CPU steps gather their batches from the images' bytes: the floats must be those of the
// float images, bit for bit, for every byte value; a table no formula gives is looked up.
void TestDnnlLayers::byteBatchesMatchFloatImages()
{
    torch::Tensor bytes = torch::randint(0, 256, {40, 3, 32, 32}, torch::kUInt8);
    bytes.view(-1).narrow(0, 0, 256).copy_(torch::arange(256, torch::kUInt8)); // every value present
    const torch::Tensor values = normaliseBytes(torch::arange(256, torch::kUInt8));
    const torch::Tensor images = normaliseBytes(bytes);
    const torch::Tensor index = torch::tensor({0, 39, 7, 7, 12, 0, 25, 3, 38, 1, 19}, torch::kLong);
    torch::Tensor out = torch::empty({0}, torch::kFloat32);
    gatherBytes(out, bytes, values, index);
    QCOMPARE(out.sizes(), images.index_select(0, index).sizes());
    QVERIFY(torch::equal(out, images.index_select(0, index)));

    const torch::Tensor other = values * 1.5 + 0.25; // not the recipe's: looked up
    gatherBytes(out, bytes, other, index);
    QVERIFY(torch::equal(out, other.index({bytes.index_select(0, index).to(torch::kLong)})));

    const torch::Tensor outside = torch::tensor({3, 40}, torch::kLong);
    QVERIFY_THROWS_EXCEPTION(c10::Error, gatherBytes(out, bytes, values, outside));
}

// The network's training path lets each backward write its input gradient over the activation
// it saved (inputDisposable): the gradients must be those of fresh buffers bit for bit, and
// the activations must really have been written over (else the option did nothing).
void TestDnnlLayers::disposableInputsKeepGradients()
{
    const std::int64_t n = 16, classes = 10;
    const torch::Tensor x = toBlocked(torch::randn({n, 16, 8, 8}));
    const torch::Tensor w1 = torch::randn({24, 16, 3, 3}) * 0.2, w2 = torch::randn({40, 24, 3, 3}) * 0.2;
    const torch::Tensor gamma1 = torch::rand({24}) + 0.5, beta1 = torch::randn({24}) * 0.3;
    const torch::Tensor gamma2 = torch::rand({40}) + 0.5, beta2 = torch::randn({40}) * 0.3;
    const torch::Tensor fcW = torch::randn({classes, 40}) * 0.3, fcB = torch::randn({classes}) * 0.1;
    const torch::Tensor g = torch::randn({n, classes});

    struct Run {
        std::vector<torch::Tensor> leaves, activations, before;
    };
    const auto run = [&](bool disposable) {
        Run r;
        for (const torch::Tensor& t : {x, w1, w2, gamma1, beta1, gamma2, beta2, fcW, fcB})
            r.leaves.push_back(t.clone().requires_grad_(true));
        torch::Tensor mean1 = torch::zeros({24}), var1 = torch::ones({24});
        torch::Tensor mean2 = torch::zeros({40}), var2 = torch::ones({40});
        const auto& l = r.leaves;
        const torch::Tensor a = l[0] * 1.0f; // not the leaf: a network's activation
        const torch::Tensor y1 = dnnlConv(a, l[1], 1, 1, false, disposable);
        const torch::Tensor z1 = blockedBatchNormRelu(y1, l[3], l[4], mean1, var1, 0.1, 1e-5, disposable);
        const torch::Tensor y2 = dnnlConv(z1, l[2], 2, 1, false, disposable);
        const torch::Tensor logits =
            blockedBatchNormReluHead(y2, l[5], l[6], mean2, var2, 0.1, 1e-5, l[7], l[8], disposable);
        r.activations = {a, y1, z1, y2};
        for (const torch::Tensor& t : r.activations)
            r.before.push_back(t.detach().clone());
        (logits * g).sum().backward();
        return r;
    };
    const Run fresh = run(false), reused = run(true);
    for (std::size_t i = 0; i < fresh.leaves.size(); ++i)
        QVERIFY2(torch::equal(fresh.leaves[i].grad(), reused.leaves[i].grad()), qPrintable(QString::number(i)));
    for (std::size_t i = 0; i < fresh.activations.size(); ++i) {
        QVERIFY(torch::equal(fresh.before[i], reused.before[i]));
        QVERIFY(torch::equal(fresh.activations[i], fresh.before[i]));     // kept
        QVERIFY(!torch::equal(reused.activations[i], reused.before[i])); // written over
    }
}

// Inference keeps each layer's folded weights from one batch to the next: any change to a
// weight, a BatchNorm parameter or a running statistic, or another batch size, must be seen.
// The reference is LibTorch's own eval-mode arithmetic on the module's parameters.
void TestDnnlLayers::evaluationFollowsParameterChanges()
{
    if (!dnnlLayersOn())
        QSKIP("This CPU or build has no oneDNN blocked layers.");
    const naap::core::Scheme scheme{{3, 16, 2, false}, {3, 24, 1, false}, {3, 40, 2, false}};
    SchemeNet net(scheme);
    net->initialize(11);
    auto parameters = net->named_parameters();
    auto buffers = net->named_buffers();
    const auto reference = [&](const torch::Tensor& images) {
        torch::NoGradGuard noGrad;
        torch::Tensor x = images;
        for (std::size_t i = 0; i < scheme.size(); ++i) {
            const std::string n = std::to_string(i);
            x = torch::conv2d(x, parameters["conv" + n + ".weight"], {}, scheme[i].stride, 1);
            x = torch::relu(torch::batch_norm(x, parameters["bn" + n + ".weight"], parameters["bn" + n + ".bias"],
                                              buffers["bn" + n + ".running_mean"], buffers["bn" + n + ".running_var"],
                                              false, 0.1, 1e-5, false));
        }
        return torch::linear(x.mean({2, 3}), parameters["fc.weight"], parameters["fc.bias"]);
    };
    net->eval();
    const torch::Tensor a = torch::randn({32, 3, 32, 32}), b = torch::randn({8, 3, 32, 32});
    const auto check = [&](const torch::Tensor& images, const char* what) {
        torch::Tensor out;
        {
            c10::InferenceMode inference;
            out = net->forward(images);
        }
        return near(out, reference(images), 1e-4, what);
    };
    QVERIFY(check(a, "first batch"));
    QVERIFY(check(b, "smaller batch"));
    QVERIFY(check(a, "first batch again"));
    QVERIFY(check(a, "the same batch a third time"));
    torch::NoGradGuard noGrad;
    parameters["conv1.weight"].mul_(-1.5);
    QVERIFY(check(a, "convolution weight changed"));
    buffers["bn0.running_mean"].add_(0.3);
    QVERIFY(check(a, "running mean changed"));
    buffers["bn2.running_var"].mul_(4.0);
    QVERIFY(check(a, "running variance changed"));
    parameters["bn1.weight"].mul_(0.5);
    parameters["bn2.bias"].add_(1.0);
    QVERIFY(check(a, "BatchNorm weight and bias changed"));
    // The trainer's own updates: the SGD step and a training batch's running statistics.
    std::vector<torch::Tensor> params = net->parameters(), momenta;
    for (torch::Tensor& p : params) {
        p.mutable_grad() = torch::randn_like(p);
        momenta.push_back(torch::zeros_like(p));
    }
    foreachSgdStep(params, momenta, 0.1, 0.9, 1e-4);
    QVERIFY(check(a, "after an SGD step"));
    net->train();
    net->forward(a);
    net->eval();
    QVERIFY(check(a, "after a training batch"));
}

// The CPU's one-pass SGD step against torch::optim::SGD (momentum, weight decay) over a few
// steps, with the recipe's settings and a learning rate change between them.
void TestDnnlLayers::sgdStepMatchesLibTorch()
{
    const std::vector<std::vector<std::int64_t>> shapes{{24, 16, 3, 3}, {24}, {10, 40}, {10}, {1}};
    std::vector<torch::Tensor> ours, theirs, momenta;
    for (const auto& shape : shapes) {
        const torch::Tensor p = torch::randn(shape);
        ours.push_back(p.clone());
        theirs.push_back(p.clone().requires_grad_(true));
        momenta.push_back(torch::zeros(shape));
    }
    torch::optim::SGD sgd(theirs, torch::optim::SGDOptions(0.1).momentum(0.9).weight_decay(1e-4));
    for (const double lr : {0.1, 0.1, 0.01, 0.001}) {
        for (auto& group : sgd.param_groups())
            static_cast<torch::optim::SGDOptions&>(group.options()).lr(lr);
        std::vector<std::int64_t> versions;
        for (std::size_t i = 0; i < shapes.size(); ++i) {
            const torch::Tensor g = torch::randn(shapes[i]);
            ours[i].mutable_grad() = g.clone();
            theirs[i].mutable_grad() = g.clone();
            versions.push_back(ours[i]._version());
        }
        foreachSgdStep(ours, momenta, lr, 0.9, 1e-4);
        sgd.step();
        for (std::size_t i = 0; i < shapes.size(); ++i) {
            QVERIFY(nearRelative(ours[i], theirs[i].detach(), 1e-6, "parameter"));
            QVERIFY(ours[i]._version() > versions[i]); // caches of the parameters see the change
        }
    }
}

QTEST_APPLESS_MAIN(TestDnnlLayers)
#include "tst_dnnl_layers.moc"
