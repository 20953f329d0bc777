// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "train/torch/model_run.h"

#include <ATen/CPUGeneratorImpl.h>
#include <algorithm>
#include <chrono>
#include <cstdint>
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

// All parameters' momentum buffers, or none while any is missing.
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

// d = g + wd·p; b = m·b + d; p = p − lr·b, as torch::optim::SGD computes it.
void foreachSgdStep(const std::vector<torch::Tensor>& parameters, const std::vector<torch::Tensor>& buffers,
                    double lr, double momentum, double weightDecay)
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> grads;
    grads.reserve(parameters.size());
    for (const torch::Tensor& p : parameters)
        grads.push_back(p.grad()); // written afresh by every backward: free to update in place
    if (weightDecay != 0)
        at::_foreach_add_(grads, parameters, weightDecay);
    at::_foreach_mul_(buffers, momentum);
    at::_foreach_add_(buffers, grads, 1.0);
    at::_foreach_add_(parameters, buffers, -lr);
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
                    SchemeNet& net, torch::optim::SGD& optimizer)
{
    torch::serialize::OutputArchive archive;
    archive.write("format", c10::IValue(kCheckpointFormat));
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
                   const torch::Device& device, SchemeNet& net, torch::optim::SGD& optimizer)
{
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
    torch::Tensor correct = torch::zeros({}, torch::TensorOptions().dtype(torch::kLong).device(data.device));
    for (std::int64_t begin = 0; begin < n; begin += kTestChunk) {
        const std::int64_t end = std::min(n, begin + kTestChunk);
        const torch::Tensor logits = net->forward(imagesView(data, data.testImages.slice(0, begin, end)));
        correct += logits.argmax(1).eq(data.testLabels.slice(0, begin, end)).sum();
    }
    net->train();
    return static_cast<double>(correct.item<std::int64_t>()) / static_cast<double>(n);
}

// One SGD step on a batch, eager or replayed from a CUDA graph. A full batch is gathered into
// buffers reused by every step; a captured step reads its rows from `m_index` and leaves its
// loss in `m_loss`, so that the graph (which keeps its tensors' addresses) serves every batch.
class TrainStep {
public:
    TrainStep(SchemeNet& net, torch::optim::SGD& optimizer, const DeviceData& data, const TrainOptions& options,
              int modelId)
        : m_net(net), m_optimizer(optimizer), m_data(data), m_options(options), m_modelId(modelId),
          m_parameters(net->parameters()), m_foreachSgd(useForeachSgd()),
          m_graphs(data.device.is_cuda() && cudaGraphsEnabled())
    {
        m_images = torch::empty({0}, data.trainImages.options()); // sized by the first full step
        m_labels = torch::empty({0}, data.trainLabels.options());
        m_index = torch::empty({options.batchSize}, torch::TensorOptions().dtype(torch::kLong).device(data.device));
        m_loss = torch::zeros({}, torch::TensorOptions().dtype(torch::kFloat32).device(data.device));
    }

    /// Trains on the rows `index` at learning rate `lr` (the optimizer's options carry it too)
    /// and copies the batch's mean loss into `loss`, on the device: no synchronisation.
    void run(const torch::Tensor& index, double lr, torch::Tensor loss)
    {
        const bool full = index.size(0) == m_options.batchSize;
        if (m_graphs && full && !m_stepGraphs.has(lr) && m_eagerFullSteps >= kEagerStepsBeforeCapture)
            capture(lr);
        std::optional<std::shared_lock<std::shared_mutex>> cudaWork;
        if (m_data.device.is_cuda())
            cudaWork.emplace(CaptureGate::instance().work());
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

private:
    void step(const torch::Tensor& index, double lr)
    {
        // The epoch's last, shorter batch gets tensors of its own: the full-size buffers keep
        // their shape (and, for a captured step, their storage).
        const bool full = index.size(0) == m_options.batchSize;
        const torch::Tensor images = full ? torch::index_select_out(m_images, m_data.trainImages, 0, index)
                                          : m_data.trainImages.index_select(0, index);
        const torch::Tensor labels = full ? torch::index_select_out(m_labels, m_data.trainLabels, 0, index)
                                          : m_data.trainLabels.index_select(0, index);
        torch::Tensor loss = torch::nn::functional::cross_entropy(m_net->forward(imagesView(m_data, images)), labels);
        loss.backward();
        if (m_foreachSgd && m_buffers.empty())
            m_buffers = momentumBuffers(m_optimizer, m_parameters); // after the first step, or a resume
        if (!m_buffers.empty())
            foreachSgdStep(m_parameters, m_buffers, lr, m_options.momentum, m_options.weightDecay);
        else
            m_optimizer.step();
        m_loss.copy_(loss.detach());
    }

    // Dropping the gradients (rather than zeroing them) lets backward write them directly; SGD
    // skips none, and every parameter gets one each step. Before a capture it makes backward
    // allocate them in the graph's memory, where every replay writes them.
    void dropGradients()
    {
        for (const torch::Tensor& p : m_parameters)
            p.mutable_grad() = torch::Tensor();
    }

    void capture(double lr)
    {
        const CaptureGate::Exclusive exclusive = CaptureGate::instance().capture();
        dropGradients();
        try {
            m_stepGraphs.capture(lr, [&] { step(m_index, lr); });
        } catch (const std::exception& e) {
            m_graphs = false;
            naap::core::log(LogLevel::Warning, "ModelId " + std::to_string(m_modelId) +
                                                   ": a CUDA graph could not be captured, so its steps run one "
                                                   "kernel at a time (" + firstLine(e.what()) + ").");
        }
    }

    SchemeNet& m_net;
    torch::optim::SGD& m_optimizer;
    const DeviceData& m_data;
    const TrainOptions& m_options;
    const int m_modelId;
    const std::vector<torch::Tensor> m_parameters;
    const bool m_foreachSgd;
    std::vector<torch::Tensor> m_buffers; // the optimizer's momentum buffers, once it has them
    bool m_graphs;
    StepGraphs m_stepGraphs;
    int m_eagerFullSteps = 0;
    torch::Tensor m_images, m_labels, m_index, m_loss;
};

} // namespace

torch::Tensor imagesView(const DeviceData& data, const torch::Tensor& rows)
{
    return data.channelsLast ? rows.permute({0, 3, 1, 2}) : rows;
}

std::string logPathFor(const TrainOptions& options, int modelId)
{
    return (fs::path(options.outDir) / ("scheme_" + std::to_string(modelId) + ".txt")).string();
}

std::string checkpointPathFor(const TrainOptions& options, int modelId)
{
    return (fs::path(options.outDir) / ("scheme_" + std::to_string(modelId) + ".ckpt")).string();
}

ModelTrainReport trainModel(const TrainJob& job, const DeviceData& data, const std::string& deviceName,
                            const TrainOptions& options, const TrainControl& control,
                            const std::function<bool()>& stopRequested)
{
    ModelTrainReport report;
    report.modelId = job.modelId;
    report.logPath = logPathFor(options, job.modelId);
    report.checkpointPath = checkpointPathFor(options, job.modelId);

    SchemeNet net(job.scheme);
    net->initialize(options.seed);
    net->to(data.device);
    if (data.channelsLast)
        net->useChannelsLast();
    torch::optim::SGD optimizer(
        net->parameters(),
        torch::optim::SGDOptions(options.learningRate).momentum(options.momentum).weight_decay(options.weightDecay));

    std::error_code ec;
    if (options.resume && fs::exists(report.checkpointPath, ec)) {
        report.resumedFrom = loadCheckpoint(report.checkpointPath, job.scheme, options, data.device, net, optimizer);
        if (data.channelsLast)
            net->useChannelsLast();
        truncateRawLog(report.logPath, report.resumedFrom);
    } else {
        fs::remove(report.logPath, ec); // a resumed run that died before its first checkpoint starts over
    }
    report.epochsDone = report.resumedFrom;
    RawLogWriter log(report.logPath);
    if (report.resumedFrom == 0)
        writeHeader(log, job.scheme, deviceName, net);

    const std::int64_t n = data.trainImages.size(0);
    const int batches = static_cast<int>((n + options.batchSize - 1) / options.batchSize);
    const int epochsToRun = std::max(0, options.epochs - report.resumedFrom);
    const auto started = Clock::now();
    long long batchesRun = 0;
    const auto lossOptions = torch::TensorOptions().dtype(torch::kFloat32).device(data.device);
    TrainStep trainStep(net, optimizer, data, options, job.modelId);

    for (int epoch = report.resumedFrom + 1; epoch <= options.epochs; ++epoch) {
        const auto epochStarted = Clock::now();
        const double lr = learningRateForEpoch(options.learningRate, epoch);
        for (auto& group : optimizer.param_groups())
            static_cast<torch::optim::SGDOptions&>(group.options()).lr(lr);
        log.epoch(epoch, lr);

        std::optional<std::shared_lock<std::shared_mutex>> cudaWork; // see CaptureGate
        if (data.device.is_cuda())
            cudaWork.emplace(CaptureGate::instance().work());
        const torch::Tensor permutation = shufflePermutation(data, options.seed, epoch);
        torch::Tensor losses = torch::empty({batches}, lossOptions);
        cudaWork.reset();
        for (int b = 0; b < batches; ++b) {
            if (stopRequested())
                throw Cancelled();
            const torch::Tensor index = permutation.slice(0, b * options.batchSize,
                                                          std::min<std::int64_t>(n, (b + 1LL) * options.batchSize));
            trainStep.run(index, lr, losses.select(0, b));
            ++batchesRun;
            if (control.progress) {
                const long long total = static_cast<long long>(epochsToRun) * batches;
                const long long done = static_cast<long long>(epoch - report.resumedFrom - 1) * batches + b + 1;
                const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
                control.progress({job.modelId, epoch, options.epochs, b + 1, batches,
                                  static_cast<double>(done) / static_cast<double>(total),
                                  elapsed / static_cast<double>(batchesRun) * static_cast<double>(total - done)});
            }
        }

        if (data.device.is_cuda()) // the epoch's end reads back, evaluates and saves
            cudaWork.emplace(CaptureGate::instance().work());
        // The one read-back of the epoch.
        const torch::Tensor hostLosses = losses.to(torch::kCPU).to(torch::kDouble);
        const double* first = hostLosses.data_ptr<double>();
        const std::vector<double> values(first, first + batches);
        EpochResult result;
        result.modelId = job.modelId;
        result.epoch = epoch;
        result.learningRate = lr;
        result.lossMean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(batches);
        result.lossMedian = median(values);
        log.loss(result.lossMean, result.lossMedian);

        if (stopRequested())
            throw Cancelled();
        result.accuracy = evaluate(net, data);
        log.accuracy(result.accuracy);
        saveCheckpoint(report.checkpointPath, job.scheme, options, epoch, net, optimizer);
        result.seconds = std::chrono::duration<double>(Clock::now() - epochStarted).count();
        report.epochsDone = epoch;
        report.epochs.push_back(result);
        if (control.epochFinished)
            control.epochFinished(result);
    }
    return report;
}

} // namespace naap::core::detail
