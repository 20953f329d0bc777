// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <functional>
#include <string>

namespace naap::core {

enum class LogLevel { Debug, Info, Warning, Error };

/// The core never prints: it logs through this sink, which the application installs
/// (CLI: stderr, GUI: a log dock). Thread-safe; the default sink discards everything.
using LogSink = std::function<void(LogLevel, const std::string&)>;

void setLogSink(LogSink sink);
void log(LogLevel level, const std::string& message);

} // namespace naap::core
