// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "naap/core/control.h"
#include "naap/core/data/cifar.h"
#include "naap/core/data/scheme.h"

namespace naap::core {

/// The LibTorch trainer (PRODUCT.md §4). LibTorch stays private to the core: nothing here
/// includes it, and a build configured with NAAP_WITH_TORCH=OFF still has these declarations,
/// whose functions then throw TrainerNotBuilt (see trainerAvailable()).

/// Thrown by the training functions of a build without LibTorch.
class TrainerNotBuilt : public Error {
public:
    TrainerNotBuilt();
};

/// True when this build has the LibTorch trainer and its module loads. The first call of any
/// function below loads LibTorch (a module beside the executable, in <prefix>/lib/naap, or named
/// by NAAP_TORCH_MODULE), which takes a moment; programs that never train never load it.
bool trainerAvailable();
/// Loads the trainer now; throws TrainerNotBuilt, or Error saying why the module did not load.
void requireTrainer();

/// One architecture to train: its ModelId names the files scheme_<id>.txt (the raw log) and
/// scheme_<id>.ckpt (the checkpoint) in the output folder.
struct TrainJob {
    int modelId = 0;
    Scheme scheme;
};

/// The recipe and the run settings. Defaults are the paper's recipe.
struct TrainOptions {
    std::string outDir;             ///< folder of logs and checkpoints (created when missing)
    int epochs = 90;
    int batchSize = 256;
    double learningRate = 0.1;      ///< of epochs 1, 4, 7, ...; ×0.1 each epoch in between
    double momentum = 0.9;
    double weightDecay = 1e-4;
    std::uint64_t seed = 20220819;  ///< initialisation, and the shuffle of epoch e via (seed, e)
    std::string device = "auto";    ///< "auto" (CUDA when available, else CPU), "cpu", "cuda", "cuda:<i>"
    int threads = 0;                ///< LibTorch intra-op threads (process-wide); 0 keeps its default
    bool resume = false;            ///< continue from checkpoints; without it existing files are an error
    int concurrentModels = 8;       ///< CUDA only: models (or cohorts) trained at once, one thread and stream each
    /// Models per cohort: a cohort trains as one network whose layers compute all its members at
    /// once (each member's arithmetic unchanged; PRODUCT.md §7's fused grouped convolutions).
    /// 0 chooses: kDefaultCudaCohort on CUDA, 1 (each model alone) on the CPU.
    int cohortSize = 0;
};

/// Models per cohort on CUDA when TrainOptions::cohortSize is 0: a whole campaign of NAAP-440's
/// size in one. On an H200 one cohort of all 440 models trained faster than four of 110 or
/// seven of 64 at once, whose first epochs also spent far longer in cuDNN's algorithm search.
inline constexpr int kDefaultCudaCohort = 512;

/// Problems with `options`, one sentence each (empty when valid).
std::vector<std::string> validateTrainOptions(const TrainOptions& options);

/// Where a running job stands; `fraction` and `etaSeconds` refer to this job (eta < 0: unknown).
struct TrainProgress {
    int modelId = 0;
    int epoch = 0;      ///< 1-based, the epoch being trained
    int epochs = 0;
    int batch = 0;      ///< batches done in this epoch
    int batches = 0;
    double fraction = 0;
    double etaSeconds = -1;
};

/// One finished epoch, as logged.
struct EpochResult {
    int modelId = 0;
    int epoch = 0;
    double learningRate = 0;
    double lossMean = 0;
    double lossMedian = 0;
    double accuracy = 0;
    double seconds = 0; ///< wall time of the epoch (train + test)
};

/// Cancel token and sinks of a training run. The sinks are called from training threads (one
/// per model on CUDA), so they must be thread-safe; progress comes after every batch.
struct TrainControl {
    const CancelToken* cancel = nullptr; ///< not owned; checked between batches
    std::function<void(const TrainProgress&)> progress;
    std::function<void(const EpochResult&)> epochFinished;
};

struct ModelTrainReport {
    int modelId = 0;
    std::string logPath;
    std::string checkpointPath;
    int resumedFrom = 0;               ///< complete epochs found in the checkpoint (0 = fresh start)
    int epochsDone = 0;                ///< complete epochs now on disk
    std::vector<EpochResult> epochs;   ///< the epochs trained by this call
};

struct TrainReport {
    std::string device; ///< e.g. "cpu", "cuda:0"
    std::vector<ModelTrainReport> models; ///< in job order
};

/// "auto" → "cuda:0" when LibTorch sees a CUDA device, else "cpu"; "cuda" → "cuda:0". A CUDA
/// request without CUDA falls back to "cpu" with a warning in the log sink. Throws
/// InvalidArgument for an unknown name or a CUDA index that does not exist.
std::string resolveTrainDevice(const std::string& request);

/// Learnable parameters of the network built from `scheme` (counted on the LibTorch module;
/// equals profileScheme(scheme).numParams). Throws InvalidArgument for an invalid scheme.
std::int64_t networkParameterCount(const Scheme& scheme);

/// Trains architectures on one data set. Construction puts the whole data set on the device
/// once; train() then runs the jobs (sequentially on CPU, up to concurrentModels at once on
/// CUDA, in cohorts of cohortSize models), writing a raw log per model line by line and an atomic checkpoint after every epoch.
/// Not copyable; call train() from one thread at a time.
class Trainer {
public:
    /// Throws InvalidArgument for bad options, Error for a LibTorch failure.
    Trainer(const CifarData& data, const TrainOptions& options);
    ~Trainer();
    Trainer(const Trainer&) = delete;
    Trainer& operator=(const Trainer&) = delete;

    /// The resolved device, e.g. "cpu" or "cuda:1".
    const std::string& device() const;

    /// Trains every job to options.epochs. Before any training it checks every job (valid
    /// scheme, unique ids, without `resume` no existing log or checkpoint, with it no log of
    /// complete epochs whose checkpoint is missing) and throws
    /// InvalidArgument / IoError. Data that is synthetic marks the output folder too (its
    /// SYNTHETIC.txt). Throws Cancelled when the token is set (logs and
    /// checkpoints stay resumable), IoError / ParseError for files, Error for LibTorch.
    TrainReport train(const std::vector<TrainJob>& jobs, const TrainControl& control = {});

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace naap::core
