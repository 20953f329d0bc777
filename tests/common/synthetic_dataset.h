// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include "naap/core/data/dataset.h"

namespace naap::test {

/// A small NAAP-like table built in memory: `rows` architectures with `epochs` epochs
/// whose final accuracy depends smoothly on the scheme fields and the early epochs (so
/// regressors have something to learn), split by the paper's rule.
naap::core::Dataset syntheticDataset(int rows = 120, int epochs = 6, unsigned seed = 7);

} // namespace naap::test
