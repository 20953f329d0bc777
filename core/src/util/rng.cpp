// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/util/rng.h"

#include <cstdint>

namespace naap::core {

namespace {
std::uint64_t splitmix(std::uint64_t& x)
{
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
} // namespace

Rng::Rng(std::uint64_t seed)
{
    std::uint64_t x = seed;
    for (auto& s : m_s)
        s = splitmix(x);
}

double Rng::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

Rng Rng::derive(std::uint64_t seed, std::uint64_t index)
{
    std::uint64_t x = seed ^ 0x6a09e667f3bcc909ULL;
    const std::uint64_t a = splitmix(x);
    std::uint64_t y = index + 0x3c6ef372fe94f82bULL;
    return Rng(a ^ splitmix(y));
}

} // namespace naap::core
