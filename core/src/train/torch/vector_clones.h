// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Private: the trainer's hand-written CPU loops are built once per instruction set.
#pragma once

/// Marks a function the compiler builds for AVX-512, AVX2 and plain x86-64, the CPU choosing
/// at load time: its loops vectorise for the best of them while the module still runs on any
/// x86-64 (GCC; elsewhere one plain build).
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
#define NAAP_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NAAP_VECTOR_CLONES
#endif
