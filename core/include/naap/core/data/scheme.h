// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <string>
#include <vector>

#include "naap/core/data/dataset.h"

namespace naap::core {

struct LayerSpec {
    int kernelSize = 3;
    int width = 16;
    int stride = 1;
    bool residual = false;
    bool operator==(const LayerSpec&) const = default;
};

/// One architecture: a list of conv layers.
using Scheme = std::vector<LayerSpec>;

/// Parses a schemes JSON file: a list of schemes, each a list of
/// {"kernel_size", "width", "stride", "residual"} objects (no other keys). ModelId N is
/// entry N-1. Throws IoError / ParseError naming the file, the line of the bad value (or
/// of the layer or scheme it is missing from) and what was expected.
std::vector<Scheme> readSchemesJson(const std::string& path);
/// Parses one scheme from JSON text; `where` is used in messages, with `line` when the
/// text is one line of a larger file (else lines are counted in `text`).
Scheme parseSchemeJson(const std::string& text, const std::string& where, long line = 0);
/// JSON text of one scheme in the raw-log style (one line, `{"kernel_size": 3, ...}`).
std::string schemeToJson(const Scheme& scheme);

/// Problems that make a scheme unusable, one sentence each (empty when valid): no layers,
/// a kernel/width/stride below 1, or a residual layer whose output shape differs from
/// its input (it needs stride 1, the previous width, and an odd kernel).
std::vector<std::string> validateScheme(const Scheme& scheme);

/// Scheme fields derivable from the layers alone (PRODUCT.md §4 "Profiling"):
/// NumParams and NumMACs for a 32x32x3 input and 10 classes, NumLayers, NumStages
/// (the number of stride > 1 layers, i.e. of downsamplings), first/last width,
/// NumSkipConnections (residual layers), and NumPartialRFLayers (layers whose stride
/// exceeds their kernel, so some input pixels are never seen). These rules reproduce
/// all 440 rows of naap440v2.csv. Throws InvalidArgument for an invalid scheme.
SchemeFields profileScheme(const Scheme& scheme);

} // namespace naap::core
