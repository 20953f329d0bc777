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
    // next() and below() are defined here, inline: a tree's bootstrap and split tie-breaks
    // draw hundreds of numbers a tree, and the call cost more than the draw.
    std::uint64_t next()
    {
        const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    /// Uniform integer in [0, n) without modulo bias (Lemire's multiply-shift with rejection).
    std::uint64_t below(std::uint64_t n)
    {
        __extension__ using Uint128 = unsigned __int128;
        Uint128 m = static_cast<Uint128>(next()) * n;
        auto low = static_cast<std::uint64_t>(m);
        if (low < n) {
            const std::uint64_t threshold = (0 - n) % n;
            while (low < threshold) {
                m = static_cast<Uint128>(next()) * n;
                low = static_cast<std::uint64_t>(m);
            }
        }
        return static_cast<std::uint64_t>(m >> 64);
    }
    /// Uniform double in [0, 1).
    double uniform();
    /// An independent generator for stream `index` of a seed.
    static Rng derive(std::uint64_t seed, std::uint64_t index);

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t m_s[4];
};

} // namespace naap::core
