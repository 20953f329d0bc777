// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace naap::core {

/// Writes a file atomically: `writer` fills a temporary file beside `path`, which is
/// flushed and renamed over `path`; on any exception the temporary is removed and
/// `path` is untouched. Throws IoError naming the file.
void writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& writer);

} // namespace naap::core
