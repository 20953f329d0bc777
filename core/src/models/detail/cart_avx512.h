// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

// AVX-512 variants of the CART engine's split scan and partition (cart_scan.h): two kLanes
// feature groups advance together in one 8-lane step. Same layout, same operations in the
// same order (no FMA), so results are bit-identical to the AVX2 and scalar paths.

#include <cstddef>
#include <cstdint>

#include "models/detail/cart_scan.h"

namespace naap::core::detail {

#if defined(NAAP_CART_VECTOR)
#define NAAP_CART_AVX512 1
/// Whether the CPU has the AVX-512 subsets these functions use (checked once).
bool cartHaveAvx512();

/// As scanGroupsVec (cart_scan.h), 8 lanes at a time.
void scan512(const std::uint32_t* ks, std::size_t stride, int groups, const ScanRange& r,
             const double* wy, const double* cw, double* out, bool unit);
void scan512(const std::uint64_t* ks, std::size_t stride, int groups, const ScanRange& r,
             const double* wy, const double* cw, double* out, bool unit);

/// As partitionGroupVec for two groups at once: group a (src, dst) and group b
/// (src + srcOff, dst + dstOff).
void partition512(const std::uint32_t* src, std::ptrdiff_t srcOff, std::uint32_t* dst,
                  std::int32_t dstOff, int begin, int end, int pos,
                  const std::int32_t* goesLeft);

/// The root's keys when some rows have count 0: for each of `groups` feature groups (input
/// src + g * stride, output dst + g * stride, n positions each), every lane's keys whose row
/// has a non-zero count, in order (as the scalar left-pack in CartBuilder::growKeys).
/// `tmp` holds kLanes * (n + 16) keys of scratch.
void compact512(const std::uint32_t* src, std::uint32_t* dst, std::size_t stride, int groups,
                int n, const std::int32_t* counts, std::uint32_t* tmp);
#endif

} // namespace naap::core::detail
