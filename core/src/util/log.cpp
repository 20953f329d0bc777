// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/log.h"

#include <mutex>

namespace naap::core {

namespace {
std::mutex& sinkMutex()
{
    static std::mutex m;
    return m;
}
LogSink& sinkRef()
{
    static LogSink s;
    return s;
}
} // namespace

void setLogSink(LogSink sink)
{
    std::lock_guard lock(sinkMutex());
    sinkRef() = std::move(sink);
}

void log(LogLevel level, const std::string& message)
{
    std::lock_guard lock(sinkMutex());
    if (sinkRef())
        sinkRef()(level, message);
}

} // namespace naap::core
