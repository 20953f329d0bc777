// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace naap::core {

/// The per-user data folder: $XDG_DATA_HOME/naap-workbench/naap440, or
/// ~/.local/share/naap-workbench/naap440.
std::string userDataDir();

/// Candidate dataset folders in search order (PRODUCT.md §2): explicit (when non-empty),
/// $NAAP_DATA_DIR, the per-user data folder, then ../shared/datasets/naap440 relative to
/// the source tree (NAAP_SOURCE_DIR, compiled in) and to the working directory.
std::vector<std::string> datasetSearchPath(const std::string& explicitPath = {});

/// The first folder of the search path that holds `fileName` (e.g. "naap440.csv"), as
/// a full path to the file; or nullopt.
std::optional<std::string> findDatasetFile(const std::string& fileName,
                                           const std::string& explicitPath = {});

/// Resolves a --dataset argument: a file is returned as is; a folder gives its
/// naap440.csv; "v1"/"v2" or an empty string search the path for naap440.csv /
/// naap440v2.csv. Throws IoError listing where it looked.
std::string resolveDatasetPath(const std::string& argument);

} // namespace naap::core
