// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Private: trains several models as one cohort (see cohort_net.h).
#pragma once

#include <functional>
#include <vector>

#include "train/torch/model_run.h"

namespace naap::core::detail {

/// Trains `runs`, all resumed from the same epoch, as one CohortNet up to options.epochs: the
/// same batches, logs, checkpoints and callbacks as trainModel gives each of them, epoch by
/// epoch. `stopRequested` is polled between batches (true → throws Cancelled; every model's
/// files then stay at its last complete epoch).
void trainCohort(const std::vector<ModelRun*>& runs, const DeviceData& data, const TrainOptions& options,
                 const TrainControl& control, const std::function<bool()>& stopRequested);

} // namespace naap::core::detail
