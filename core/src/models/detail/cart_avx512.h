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

/// As scanGroupsVec (cart_scan.h), 8 lanes at a time. With countsInKeys (not unit) the
/// weights come from the keys' count bits (KeyTraits), not from cw: one read by row fewer a
/// step. With loads, values by row are read with scalar loads, not gathers (32-bit keys).
void scan512(const std::uint32_t* ks, std::size_t stride, int groups, const ScanRange& r,
             const double* wy, const double* cw, double* out, bool unit, bool countsInKeys,
             bool loads);
void scan512(const std::uint64_t* ks, std::size_t stride, int groups, const ScanRange& r,
             const double* wy, const double* cw, double* out, bool unit, bool countsInKeys,
             bool loads);

/// CartBuilder::partition for `groups` feature groups (group g at src/dst + g * stride) by
/// de-interleaving 16 positions, compressing each lane's keys to its left or right run, and
/// interleaving the runs back: no gather or scatter per key. A row goes left when its bit is
/// set in leftBits (n <= 512: 16 words) or, for larger n, when goesLeft[row] is non-zero.
/// `tmp` holds 8 * (end - begin + 16) keys of scratch. Only the sides asked for are written
/// (a leaf or a small child needs no keys).
void partitionCompress512(const std::uint32_t* src, std::uint32_t* dst, std::size_t stride,
                          int groups, int begin, int end, int pos, const std::uint32_t* leftBits,
                          int n, const std::int32_t* goesLeft, std::uint32_t* tmp,
                          bool wantLeft, bool wantRight);

/// The root's keys when some rows have count 0: for each of `groups` feature groups (input
/// src + g * stride, output dst + g * stride, n positions each), every lane's keys whose row
/// has a non-zero count, in order (as the scalar left-pack in CartBuilder::growKeys); with
/// countsInKeys, each key also takes its row's count in its count bits (all <= 15).
/// `tmp` holds kLanes * (n + 16) keys of scratch.
void compact512(const std::uint32_t* src, std::uint32_t* dst, std::size_t stride, int groups,
                int n, const std::int32_t* counts, bool countsInKeys, std::uint32_t* tmp);
#endif

} // namespace naap::core::detail
