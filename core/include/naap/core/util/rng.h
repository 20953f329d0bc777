// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <cstdint>

namespace naap::core {

/// Small, fast, seedable generator (SplitMix64-seeded xoshiro256**). Deterministic
/// across platforms; derive() gives independent streams for ensemble members.
class Rng {
public:
    explicit Rng(std::uint64_t seed);
    std::uint64_t next();
    /// Uniform integer in [0, n) without modulo bias.
    std::uint64_t below(std::uint64_t n);
    /// Uniform double in [0, 1).
    double uniform();
    /// An independent generator for stream `index` of a seed.
    static Rng derive(std::uint64_t seed, std::uint64_t index);

private:
    std::uint64_t m_s[4];
};

} // namespace naap::core
