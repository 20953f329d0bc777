// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "train/torch/model_run.h"

#include <ATen/CPUGeneratorImpl.h>
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <numeric>
#include <optional>
#include <shared_mutex>
#include <sstream>
#include <type_traits>

#include "naap/core/error.h"
#include "naap/core/log.h"
#include "naap/core/train/train_log.h"
#include "naap/core/util/atomic_file.h"
#include "train/torch/byte_images.h"
#include "train/torch/cuda_step_graphs.h"
#include "train/torch/fast_path_switch.h"
#include "train/torch/scheme_net.h"

namespace naap::core::detail {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::int64_t kCheckpointFormat = 1;
// Test images per forward pass: large enough that per-call overheads vanish, small enough that
// a layer's activations (2500 × 16×16×16 floats = 41 MB) stay modest on any device.
constexpr std::int64_t kTestChunk = 2500;
constexpr std::int64_t kCpuTestChunk = 256;
// Full-size steps run eagerly before the first capture: cuDNN's algorithm search, the
// optimizer's momentum buffers and the batch buffers' sizes all settle there, and none of it
// may happen inside a capture.
constexpr int kEagerStepsBeforeCapture = 3;

// The shuffle seed of an epoch depends on (seed, epoch) only, so a resumed run draws the same
// batches as one that never stopped, and every model of a campaign sees the same order.
std::uint64_t shuffleSeed(std::uint64_t seed, int epoch)
{
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(epoch);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// CUDA has no device generator that we can create without CUDA headers, so CUDA uses the
// device's default generator, re-seeded per epoch; this lock keeps concurrent models from
// interleaving seed and draw. (randperm takes the generator's own mutex, so it cannot be that.)
std::mutex& cudaGeneratorLock()
{
    static std::mutex m;
    return m;
}

// LibTorch's SGD updates one parameter at a time, four small kernels each: for these networks
// more than half of a CUDA step's kernels. The same arithmetic (torch::optim::SGD::step without
// dampening or Nesterov) over all parameters at once takes four multi-tensor kernels. The
// momentum buffers stay those of the torch::optim::SGD object, so its checkpoints are unchanged.
// NAAP_TRAIN_SGD=plain keeps LibTorch's step (to compare).
bool useForeachSgd()
{
    return fastPathOn("NAAP_TRAIN_SGD", "plain");
}

// The optimizer's momentum buffer of `p`, or an undefined tensor before its first step.
// LibTorch 1.x keys its optimizer state by the printed TensorImpl address, 2.x by the address.
template <typename State>
torch::Tensor findMomentumBuffer(State& state, const torch::Tensor& p)
{
    using Key = typename State::key_type;
    typename State::iterator it;
    if constexpr (std::is_same_v<Key, std::string>) {
        std::ostringstream key;
        key << p.unsafeGetTensorImpl();
        it = state.find(key.str());
    } else {
        it = state.find(Key(p.unsafeGetTensorImpl()));
    }
    if (it == state.end())
        return {};
    return static_cast<torch::optim::SGDParamState&>(*it->second).momentum_buffer();
}



double median(std::vector<double> v)
{
    const std::size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
    if (v.size() % 2 == 1)
        return v[mid];
    const double upper = v[mid];
    return (*std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid)) + upper) / 2.0;
}

void saveCheckpoint(const std::string& path, const Scheme& scheme, const TrainOptions& options, int epoch,
                    const std::string& dataPrint, SchemeNet& net, torch::optim::SGD& optimizer)
{
    torch::serialize::OutputArchive archive;
    archive.write("format", c10::IValue(kCheckpointFormat));
    archive.write("data", c10::IValue(dataPrint));
    archive.write("epoch", c10::IValue(static_cast<std::int64_t>(epoch)));
    archive.write("seed", c10::IValue(std::to_string(options.seed)));
    archive.write("batch_size", c10::IValue(static_cast<std::int64_t>(options.batchSize)));
    archive.write("scheme", c10::IValue(schemeToJson(scheme)));
    torch::serialize::OutputArchive model;
    net->save(model);
    archive.write("model", model);
    torch::serialize::OutputArchive optimizerState; // holds the momentum buffers
    optimizer.save(optimizerState);
    archive.write("optimizer", optimizerState);
    writeFileAtomically(path, [&](std::ostream& out) { archive.save_to(out); });
}

// Loads model and optimizer state; returns the checkpoint's complete epochs.
int loadCheckpoint(const std::string& path, const Scheme& scheme, const TrainOptions& options,
                   const DeviceData& data, SchemeNet& net, torch::optim::SGD& optimizer)
{
    const torch::Device& device = data.device;
    torch::serialize::InputArchive archive;
    try {
        archive.load_from(path, device);
    } catch (const c10::Error&) {
        throw ParseError(path, 0, "expected a training checkpoint, found a file LibTorch cannot read.");
    }
    c10::IValue value;
    const auto expect = [&](const char* key, const std::string& expected, const std::string& found) {
        if (expected != found)
            throw ParseError(path, 0,
                             std::string("the checkpoint was written with ") + key + " " + found + ", not " +
                                 expected + " as now; it cannot be resumed with these settings.");
    };
    archive.read("format", value);
    if (value.toInt() != kCheckpointFormat)
        throw ParseError(path, 0, "expected checkpoint format 1, found " + std::to_string(value.toInt()) + ".");
    archive.read("scheme", value);
    expect("scheme", schemeToJson(scheme), value.toStringRef());
    archive.read("seed", value);
    expect("seed", std::to_string(options.seed), value.toStringRef());
    archive.read("batch_size", value);
    expect("batch size", std::to_string(options.batchSize), std::to_string(value.toInt()));
    // Checkpoints written before the data was recorded resume as they always did.
    if (archive.try_read("data", value))
        expect("data of", data.fingerprint, value.toStringRef());
    archive.read("epoch", value);
    const auto epoch = static_cast<int>(value.toInt());
    torch::serialize::InputArchive model;
    archive.read("model", model);
    net->load(model);
    torch::serialize::InputArchive optimizerState;
    archive.read("optimizer", optimizerState);
    optimizer.load(optimizerState);
    return epoch;
}

void writeHeader(RawLogWriter& log, const Scheme& scheme, const std::string& deviceName, const SchemeNet& net)
{
    log.scheme(scheme);
    log.device(deviceName);
    const SchemeFields fields = profileScheme(scheme);
    log.counts(countParameters(*net), static_cast<std::int64_t>(fields.numMACs));
    log.trainingSetReady();
    log.readyToStart();
}

double evaluate(SchemeNet& net, const DeviceData& data)
{
    // Inference mode skips autograd's bookkeeping altogether (no version counters, no graph).
    c10::InferenceMode inference;
    net->eval();
    const std::int64_t n = data.testImages.size(0);
    // On the CPU a training batch's worth keeps each layer's activations in the caches.
    const std::int64_t chunk = data.device.is_cpu() ? kCpuTestChunk : kTestChunk;
    torch::Tensor correct = torch::zeros({}, torch::TensorOptions().dtype(torch::kLong).device(data.device));
    for (std::int64_t begin = 0; begin < n; begin += chunk) {
        const std::int64_t end = std::min(n, begin + chunk);
        const torch::Tensor logits = net->forward(imagesView(data, data.testImages.slice(0, begin, end)));
        correct += logits.argmax(1).eq(data.testLabels.slice(0, begin, end)).sum();
    }
    net->train();
    return static_cast<double>(correct.item<std::int64_t>()) / static_cast<double>(n);
}

// A single model's step body: LibTorch's forward and backward, then the multi-tensor SGD on the
// optimizer's own momentum buffers (once it has them), else its own step.
class ModelStep {
public:
    ModelStep(SchemeNet& net, torch::optim::SGD& optimizer, const DeviceData& data, const TrainOptions& options,
              int modelId)
        : m_net(net), m_optimizer(optimizer), m_options(options), m_parameters(net->parameters()),
          m_foreachSgd(useForeachSgd()),
          m_runner(data, options, m_parameters, {}, "ModelId " + std::to_string(modelId),
                   [this, &data](const torch::Tensor& images, const torch::Tensor& labels, double lr) {
                       return body(imagesView(data, images), labels, lr);
                   })
    {
    }

    void run(const torch::Tensor& index, double lr, torch::Tensor loss) { m_runner.run(index, lr, std::move(loss)); }

private:
    torch::Tensor body(const torch::Tensor& images, const torch::Tensor& labels, double lr)
    {
        torch::Tensor loss = torch::nn::functional::cross_entropy(m_net->forward(images), labels);
        loss.backward();
        if (m_foreachSgd && m_buffers.empty())
            m_buffers = momentumBuffers(m_optimizer, m_parameters); // after the first step, or a resume
        if (!m_buffers.empty())
            foreachSgdStep(m_parameters, m_buffers, lr, m_options.momentum, m_options.weightDecay);
        else
            m_optimizer.step();
        return loss.detach();
    }

    SchemeNet& m_net;
    torch::optim::SGD& m_optimizer;
    const TrainOptions& m_options;
    const std::vector<torch::Tensor> m_parameters;
    const bool m_foreachSgd;
    std::vector<torch::Tensor> m_buffers; // the optimizer's momentum buffers, once it has them
    StepRunner m_runner;
};

} // namespace

torch::Tensor imagesView(const DeviceData& data, const torch::Tensor& rows)
{
    return data.channelsLast ? rows.permute({0, 3, 1, 2}) : rows;
}

std::vector<torch::Tensor> momentumBuffers(torch::optim::SGD& optimizer, const std::vector<torch::Tensor>& parameters)
{
    std::vector<torch::Tensor> buffers;
    for (const torch::Tensor& p : parameters) {
        torch::Tensor buffer = findMomentumBuffer(optimizer.state(), p);
        if (!buffer.defined())
            return {};
        buffers.push_back(buffer);
    }
    return buffers;
}

std::vector<torch::Tensor> ensureMomentumBuffers(
    torch::optim::SGD& optimizer, const std::vector<torch::Tensor>& parameters)
{
    std::vector<torch::Tensor> buffers = momentumBuffers(optimizer, parameters);
    if (!buffers.empty())
        return buffers;
    // torch::optim::SGD creates them in its first step: one with zero gradients at learning rate
    // 0 creates them and leaves every parameter as it was (p − 0·b = p).
    torch::NoGradGuard noGrad;
    std::vector<double> rates;
    for (auto& group : optimizer.param_groups()) {
        auto& options = static_cast<torch::optim::SGDOptions&>(group.options());
        rates.push_back(options.lr());
        options.lr(0.0);
    }
    for (const torch::Tensor& p : parameters)
        p.mutable_grad() = torch::zeros_like(p);
    optimizer.step();
    std::size_t i = 0;
    for (auto& group : optimizer.param_groups())
        static_cast<torch::optim::SGDOptions&>(group.options()).lr(rates[i++]);
    for (const torch::Tensor& p : parameters)
        p.mutable_grad() = torch::Tensor();
    return momentumBuffers(optimizer, parameters);
}

StepRunner::StepRunner(const DeviceData& data, const TrainOptions& options, std::vector<torch::Tensor> parameters,
                       at::IntArrayRef lossShape, std::string name, Body body)
    : m_data(data), m_options(options), m_parameters(std::move(parameters)), m_name(std::move(name)),
      m_body(std::move(body)), m_graphs(data.device.is_cuda() && cudaGraphsEnabled())
{
    m_images = torch::empty({0}, data.trainImages.options()); // sized by the first full step
    m_labels = torch::empty({0}, data.trainLabels.options());
    m_index = torch::empty({options.batchSize}, torch::TensorOptions().dtype(torch::kLong).device(data.device));
    m_loss = torch::zeros(lossShape, torch::TensorOptions().dtype(torch::kFloat32).device(data.device));
}

StepRunner::~StepRunner() = default;

void StepRunner::run(const torch::Tensor& index, double lr, torch::Tensor loss)
{
    const bool full = index.size(0) == m_options.batchSize;
    if (m_graphs && full && !m_stepGraphs.has(lr) && m_eagerFullSteps >= kEagerStepsBeforeCapture)
        capture(lr);
    const auto cudaWork = holdCudaWork(m_data);
    if (m_graphs && full && m_stepGraphs.has(lr)) {
        m_index.copy_(index);
        m_stepGraphs.replay(lr);
    } else {
        dropGradients();
        step(index, lr);
        m_eagerFullSteps += full ? 1 : 0;
    }
    loss.copy_(m_loss);
}

void StepRunner::step(const torch::Tensor& index, double lr)
{
    // The epoch's last, shorter batch gets tensors of its own: the full-size buffers keep
    // their shape (and, for a captured step, their storage).
    const bool full = index.size(0) == m_options.batchSize;
    torch::Tensor batch = full ? m_images : torch::empty({0}, m_data.trainImages.options());
    const torch::Tensor images = m_data.trainBytes.defined()
                                     ? gatherBytes(batch, m_data.trainBytes, m_data.byteValues, index)
                                     : torch::index_select_out(batch, m_data.trainImages, 0, index);
    const torch::Tensor labels = full ? torch::index_select_out(m_labels, m_data.trainLabels, 0, index)
                                      : m_data.trainLabels.index_select(0, index);
    m_loss.copy_(m_body(images, labels, lr));
}

// Dropping the gradients (rather than zeroing them) lets backward write them directly; SGD
// skips none, and every parameter gets one each step. Before a capture it makes backward
// allocate them in the graph's memory, where every replay writes them.
void StepRunner::dropGradients()
{
    for (const torch::Tensor& p : m_parameters)
        p.mutable_grad() = torch::Tensor();
}

void StepRunner::capture(double lr)
{
    const CaptureGate::Exclusive exclusive = CaptureGate::instance().capture();
    dropGradients();
    try {
        m_stepGraphs.capture(lr, [&] { step(m_index, lr); });
    } catch (const std::exception& e) {
        m_graphs = false;
        naap::core::log(LogLevel::Warning, m_name + ": a CUDA graph could not be captured, so its steps run one "
                                                    "kernel at a time (" + firstLine(e.what()) + ").");
    }
}

std::string logPathFor(const TrainOptions& options, int modelId)
{
    return (fs::path(options.outDir) / ("scheme_" + std::to_string(modelId) + ".txt")).string();
}

std::string checkpointPathFor(const TrainOptions& options, int modelId)
{
    return (fs::path(options.outDir) / ("scheme_" + std::to_string(modelId) + ".ckpt")).string();
}

torch::Tensor shufflePermutation(const DeviceData& data, std::uint64_t seed, int epoch)
{
    const std::int64_t n = data.trainImages.size(0);
    const auto options = torch::TensorOptions().dtype(torch::kLong).device(data.device);
    if (data.device.is_cpu()) {
        at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(shuffleSeed(seed, epoch));
        return torch::randperm(n, generator, options);
    }
    std::lock_guard lock(cudaGeneratorLock());
    at::Generator generator = at::globalContext().defaultGenerator(data.device);
    {
        std::lock_guard generatorLock(generator.mutex());
        generator.set_current_seed(shuffleSeed(seed, epoch));
    }
    return torch::randperm(n, generator, options);
}

std::optional<std::shared_lock<std::shared_mutex>> holdCudaWork(const DeviceData& data)
{
    std::optional<std::shared_lock<std::shared_mutex>> hold;
    if (data.device.is_cuda())
        hold.emplace(CaptureGate::instance().work());
    return hold;
}

std::string dataFingerprint(const CifarData& data)
{
    std::uint64_t h = 1469598103934665603ULL; // FNV-1a
    const auto mix = [&h](std::uint8_t byte) { h = (h ^ byte) * 1099511628211ULL; };
    for (const CifarSplit* split : {&data.train, &data.test}) {
        for (const std::uint8_t label : split->labels)
            mix(label);
        for (std::size_t i = 0; i < split->pixels.size(); i += 61)
            mix(split->pixels[i]);
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return std::to_string(data.train.size()) + " train + " + std::to_string(data.test.size()) +
           " test images, hash " + hex;
}

std::unique_ptr<ModelRun> openModelRun(const TrainJob& job, const DeviceData& data, const std::string& deviceName,
                                       const TrainOptions& options)
{
    auto run = std::make_unique<ModelRun>();
    run->job = job;
    ModelTrainReport& report = run->report;
    report.modelId = job.modelId;
    report.logPath = logPathFor(options, job.modelId);
    report.checkpointPath = checkpointPathFor(options, job.modelId);

    run->dataPrint = data.fingerprint;
    run->net = SchemeNet(job.scheme);
    SchemeNet& net = run->net;
    net->initialize(options.seed);
    net->to(data.device);
    if (data.channelsLast)
        net->useChannelsLast();
    run->optimizer = std::make_unique<torch::optim::SGD>(
        net->parameters(),
        torch::optim::SGDOptions(options.learningRate).momentum(options.momentum).weight_decay(options.weightDecay));

    std::error_code ec;
    if (options.resume && fs::exists(report.checkpointPath, ec)) {
        report.resumedFrom =
            loadCheckpoint(report.checkpointPath, job.scheme, options, data, net, *run->optimizer);
        if (data.channelsLast)
            net->useChannelsLast();
        truncateRawLog(report.logPath, report.resumedFrom);
    } else {
        fs::remove(report.logPath, ec); // a resumed run that died before its first checkpoint starts over
    }
    report.epochsDone = report.resumedFrom;
    run->log = std::make_unique<RawLogWriter>(report.logPath);
    if (report.resumedFrom == 0)
        writeHeader(*run->log, job.scheme, deviceName, net);
    return run;
}

void beginEpoch(ModelRun& run, int epoch, double learningRate)
{
    for (auto& group : run.optimizer->param_groups())
        static_cast<torch::optim::SGDOptions&>(group.options()).lr(learningRate);
    run.log->epoch(epoch, learningRate);
}

EpochResult logEpochLosses(ModelRun& run, int epoch, double learningRate, const std::vector<double>& batchLosses)
{
    EpochResult result;
    result.modelId = run.job.modelId;
    result.epoch = epoch;
    result.learningRate = learningRate;
    result.lossMean =
        std::accumulate(batchLosses.begin(), batchLosses.end(), 0.0) / static_cast<double>(batchLosses.size());
    result.lossMedian = median(batchLosses);
    run.log->loss(result.lossMean, result.lossMedian);
    return result;
}

int batchesPerEpoch(const DeviceData& data, const TrainOptions& options)
{
    return static_cast<int>((data.trainImages.size(0) + options.batchSize - 1) / options.batchSize);
}

torch::Tensor trainEpochBatches(const DeviceData& data, const TrainOptions& options, int epoch,
                                at::IntArrayRef lossShape,
                                const std::function<void(const torch::Tensor& rows, torch::Tensor loss)>& step,
                                const std::function<void(int batch)>& afterBatch,
                                const std::function<bool()>& stopRequested)
{
    const std::int64_t n = data.trainImages.size(0);
    const int batches = batchesPerEpoch(data, options);
    std::vector<std::int64_t> shape{batches};
    shape.insert(shape.end(), lossShape.begin(), lossShape.end());
    auto cudaWork = holdCudaWork(data);
    const torch::Tensor permutation = shufflePermutation(data, options.seed, epoch);
    const torch::Tensor losses =
        torch::empty(shape, torch::TensorOptions().dtype(torch::kFloat32).device(data.device));
    cudaWork.reset();
    for (int b = 0; b < batches; ++b) {
        if (stopRequested())
            throw Cancelled();
        step(permutation.slice(0, b * options.batchSize, std::min<std::int64_t>(n, (b + 1LL) * options.batchSize)),
             losses.select(0, b));
        afterBatch(b + 1);
    }
    return losses;
}

TrainProgress progressOf(const ModelRun& run, const TrainOptions& options, int epoch, int batch, int batches,
                         long long batchesRun, Clock::time_point started)
{
    const int resumedFrom = run.report.resumedFrom;
    const long long total = static_cast<long long>(std::max(1, options.epochs - resumedFrom)) * batches;
    const long long done = static_cast<long long>(epoch - resumedFrom - 1) * batches + batch;
    const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
    return {run.job.modelId, epoch, options.epochs, batch, batches,
            static_cast<double>(done) / static_cast<double>(total),
            elapsed / static_cast<double>(batchesRun) * static_cast<double>(total - done)};
}

void finishEpoch(ModelRun& run, const TrainOptions& options, EpochResult result, double accuracy,
                 Clock::time_point epochStarted, const TrainControl& control)
{
    result.accuracy = accuracy;
    run.log->accuracy(accuracy);
    saveCheckpoint(run.report.checkpointPath, run.job.scheme, options, result.epoch, run.dataPrint, run.net,
                   *run.optimizer);
    result.seconds = std::chrono::duration<double>(Clock::now() - epochStarted).count();
    run.report.epochsDone = result.epoch;
    run.report.epochs.push_back(result);
    if (control.epochFinished)
        control.epochFinished(result);
}

ModelTrainReport trainModel(const TrainJob& job, const DeviceData& data, const std::string& deviceName,
                            const TrainOptions& options, const TrainControl& control,
                            const std::function<bool()>& stopRequested)
{
    const std::unique_ptr<ModelRun> run = openModelRun(job, data, deviceName, options);
    const int batches = batchesPerEpoch(data, options);
    const auto started = Clock::now();
    long long batchesRun = 0;
    ModelStep trainStep(run->net, *run->optimizer, data, options, job.modelId);

    for (int epoch = run->report.resumedFrom + 1; epoch <= options.epochs; ++epoch) {
        const auto epochStarted = Clock::now();
        const double lr = learningRateForEpoch(options.learningRate, epoch);
        beginEpoch(*run, epoch, lr);
        const torch::Tensor losses = trainEpochBatches(
            data, options, epoch, {},
            [&](const torch::Tensor& rows, torch::Tensor loss) { trainStep.run(rows, lr, loss); },
            [&](int batch) {
                ++batchesRun;
                if (control.progress)
                    control.progress(progressOf(*run, options, epoch, batch, batches, batchesRun, started));
            },
            stopRequested);

        const auto cudaWork = holdCudaWork(data); // the epoch's end reads back, evaluates and saves
        // The one read-back of the epoch.
        const torch::Tensor hostLosses = losses.to(torch::kCPU).to(torch::kDouble);
        const double* first = hostLosses.data_ptr<double>();
        const EpochResult result = logEpochLosses(*run, epoch, lr, std::vector<double>(first, first + batches));
        if (stopRequested())
            throw Cancelled();
        finishEpoch(*run, options, result, evaluate(run->net, data), epochStarted, control);
    }
    return std::move(run->report);
}

} // namespace naap::core::detail
