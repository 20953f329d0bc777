// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace naap::core {

/// Writes a file atomically: `writer` fills a temporary file beside `path`, which is
/// flushed and renamed over `path`; on any exception the temporary is removed and
/// `path` is untouched. A symbolic link is followed: the file it leads to is written (beside
/// it, then renamed onto it) and the link stays. Throws IoError naming the file, also before
/// creating anything when `path` exists and is not a regular file (a device, FIFO, socket
/// or folder), which a rename would replace.
void writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& writer);

} // namespace naap::core
