// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Private: the trainer's worker threads (concurrent models or cohorts, a cohort's checkpoints).
#pragma once

#include <atomic>
#include <c10/core/Stream.h>
#include <c10/core/StreamGuard.h>
#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <thread>
#include <vector>

namespace naap::core::detail {

/// Calls unit(i) for i = 0, 1, … < count on `threads` threads (on the calling thread when one),
/// each taking the next i in turn while keepGoing() holds and nothing has failed. Each thread
/// first makes threadStream() (when it gives one) its current CUDA stream. An exception out of
/// unit(i) is kept as the result's element i and sets `failed` (which units may poll to stop
/// early); returns one element per unit, null for those that succeeded or never ran.
inline std::vector<std::exception_ptr> runOnThreads(std::size_t count, std::size_t threads,
                                                    const std::function<std::optional<c10::Stream>()>& threadStream,
                                                    const std::function<bool()>& keepGoing, std::atomic<bool>& failed,
                                                    const std::function<void(std::size_t)>& unit)
{
    std::vector<std::exception_ptr> errors(count);
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
        std::optional<c10::StreamGuard> guard;
        if (const std::optional<c10::Stream> stream = threadStream())
            guard.emplace(*stream);
        for (std::size_t i = next++; i < count && !failed.load() && keepGoing(); i = next++) {
            try {
                unit(i);
            } catch (...) {
                errors[i] = std::current_exception();
                failed = true;
            }
        }
    };
    if (threads <= 1) {
        work();
        return errors;
    }
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads; ++t)
        pool.emplace_back(work);
    for (std::thread& t : pool)
        t.join();
    return errors;
}

} // namespace naap::core::detail
