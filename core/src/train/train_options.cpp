// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The torch-free half of the trainer API: option checks and the not-built error.
#include "naap/core/train/trainer.h"

namespace naap::core {

TrainerNotBuilt::TrainerNotBuilt()
    : Error("This build has no trainer: it was configured with NAAP_WITH_TORCH=OFF (LibTorch is needed to train).")
{
}

std::vector<std::string> validateTrainOptions(const TrainOptions& options)
{
    std::vector<std::string> problems;
    if (options.outDir.empty())
        problems.push_back("The output folder for logs and checkpoints is not set.");
    if (options.epochs < 1)
        problems.push_back("The number of epochs must be at least 1, not " + std::to_string(options.epochs) + ".");
    if (options.batchSize < 1)
        problems.push_back("The batch size must be at least 1, not " + std::to_string(options.batchSize) + ".");
    if (!(options.learningRate > 0))
        problems.push_back("The learning rate must be above 0.");
    if (!(options.momentum >= 0 && options.momentum < 1))
        problems.push_back("The momentum must be in [0, 1).");
    if (!(options.weightDecay >= 0))
        problems.push_back("The weight decay must not be negative.");
    if (options.threads < 0)
        problems.push_back("The thread count must not be negative.");
    if (options.concurrentModels < 1)
        problems.push_back("At least one model must be trained at a time.");
    if (options.cohortSize < 0)
        problems.push_back("The cohort size must not be negative.");
    return problems;
}

} // namespace naap::core
