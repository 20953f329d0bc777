// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

#include "naap/core/error.h"

namespace naap::core {

/// Shared cancel flag. Set from any thread; long-running work polls it between units
/// (trees, seeds, batches) and throws Cancelled.
class CancelToken {
public:
    void cancel() noexcept { m_flag.store(true, std::memory_order_relaxed); }
    void reset() noexcept { m_flag.store(false, std::memory_order_relaxed); }
    bool isCancelled() const noexcept { return m_flag.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> m_flag{false};
};

/// Progress sink: fraction done in [0, 1]. May be called from worker threads.
using ProgressSink = std::function<void(double fraction)>;

/// The runtime context of one fit: seed, cancel token and progress sink, passed explicitly.
struct FitControl {
    std::uint64_t seed = 0;
    const CancelToken* cancel = nullptr; ///< not owned; may be null
    ProgressSink progress;               ///< may be empty
    /// Threads the fit may use for independent members (Random Forest trees); 1 = the
    /// calling thread only. The result does not depend on it.
    int threads = 1;

    bool isCancelled() const { return cancel != nullptr && cancel->isCancelled(); }
    /// Throws Cancelled when the token is set.
    void checkCancelled() const
    {
        if (isCancelled())
            throw Cancelled();
    }
    void report(double fraction) const
    {
        if (progress)
            progress(fraction);
    }
};

} // namespace naap::core
