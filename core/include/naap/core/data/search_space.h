// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "naap/core/data/scheme.h"

namespace naap::core {

/// The choices of one layer position, each list tried in the order given.
struct LayerChoices {
    std::vector<int> kernelSizes;
    std::vector<int> widths;
    std::vector<int> strides;
    std::vector<bool> residuals; ///< e.g. {false, true}: without the skip first
    bool operator==(const LayerChoices&) const = default;
};

/// A search space of plain conv stacks (PRODUCT.md §4). Layer i of a scheme takes its
/// kernel, width, stride and residual from layers[i]; schemes have minDepth..maxDepth
/// layers (maxDepth <= layers.size()) and at most maxStridedLayers layers of stride > 1.
/// A residual is only generated where it keeps the shape (stride 1, the previous layer's
/// width — 3 input channels before the first layer — and an odd kernel), so every
/// generated scheme passes validateScheme(); a "residual: true" choice elsewhere is
/// skipped.
struct SearchSpaceSettings {
    std::vector<LayerChoices> layers;
    int minDepth = 1;
    int maxDepth = 1;
    int maxStridedLayers = 0;
    /// generateSchemes() refuses to list more schemes than this (at most 10,000,000), or
    /// more than 64,000,000 layers in all.
    std::size_t maxSchemes = 1000000;
    bool operator==(const SearchSpaceSettings&) const = default;
};

/// NAAP-440's space: depth 3..4, at most 3 stride-2 layers, layer choices as in
/// PRODUCT.md §4. generateSchemes() on it gives generated_schemes.json, in order.
SearchSpaceSettings naap440SearchSpace();

/// Problems that make settings unusable, one sentence each (empty when valid): an empty
/// or repeated choice, a value outside 1..65535, depths out of order or beyond the
/// layers listed, a negative stride limit, a maxSchemes of 0 or above 10,000,000.
std::vector<std::string> validateSearchSpace(const SearchSpaceSettings& settings);

/// Every scheme of the space, depth-first: a scheme of depth >= minDepth comes before its
/// extensions; each layer loops kernel, width, stride, residual (outermost first), each
/// in list order. Throws InvalidArgument with the first validation problem, or when the
/// space holds more than settings.maxSchemes schemes or more than 64,000,000 layers in all.
std::vector<Scheme> generateSchemes(const SearchSpaceSettings& settings);

/// Reads settings from a JSON file:
///   {"min_depth": 3, "max_depth": 4, "max_strided_layers": 3,
///    "layers": [{"kernel_size": [3], "width": [12, 16], "stride": [2], "residual": [false]}, ...]}
/// "max_schemes" is optional. Unknown keys are errors (a typo must not silently widen a
/// space). Throws IoError, or ParseError naming the file, the line when known and what
/// was expected, including validation problems.
SearchSpaceSettings readSearchSpaceJson(const std::string& path);
/// Parses settings from JSON text; `where` names the source in messages.
SearchSpaceSettings parseSearchSpaceJson(const std::string& text, const std::string& where);
/// JSON text of settings in the format readSearchSpaceJson() reads (indented, LF).
std::string searchSpaceToJson(const SearchSpaceSettings& settings);

/// Writes schemes as a JSON list in the layout of generated_schemes.json (Python's
/// json.dump with indent 2) but with LF line endings: byte for byte the published file
/// with CR removed, no final newline included.
void writeSchemesJson(const std::vector<Scheme>& schemes, std::ostream& out);

} // namespace naap::core
