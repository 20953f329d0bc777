// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Private: the trainer's worker threads (concurrent models or cohorts, a cohort's checkpoints).
#pragma once

#include <atomic>
#include <c10/core/Stream.h>
#include <c10/core/StreamGuard.h>
#include <cstddef>
#include <functional>
#include <optional>
#include <thread>
#include <vector>

namespace naap::core::detail {

/// Calls unit(i) for i = 0, 1, … < count on `threads` threads (on the calling thread when one),
/// each taking the next i in turn while keepGoing() holds. Each thread first makes
/// threadStream() (when it gives one) its current CUDA stream. An exception out of unit()
/// ends its thread's work and is rethrown after all threads have stopped: units that may
/// fail catch their own.
inline void runOnThreads(std::size_t count, std::size_t threads,
                         const std::function<std::optional<c10::Stream>()>& threadStream,
                         const std::function<bool()>& keepGoing, const std::function<void(std::size_t)>& unit)
{
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
        std::optional<c10::StreamGuard> guard;
        if (const std::optional<c10::Stream> stream = threadStream())
            guard.emplace(*stream);
        for (std::size_t i = next++; i < count && keepGoing(); i = next++)
            unit(i);
    };
    if (threads <= 1) {
        work();
        return;
    }
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads; ++t)
        pool.emplace_back(work);
    for (std::thread& t : pool)
        t.join();
}

} // namespace naap::core::detail
