// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <algorithm>
#include <cstdint>
#include <numeric>

#include "naap/core/error.h"
#include "naap/core/protocol/protocol.h"
#include "naap/core/util/rng.h"

namespace naap::core {

SplitMode parseSplitMode(const std::string& text)
{
    if (text == "interpolation" || text == "paper")
        return {SplitKind::Interpolation, 5};
    if (text == "left")
        return {SplitKind::Left, 5};
    if (text == "right")
        return {SplitKind::Right, 5};
    if (text == "dual")
        return {SplitKind::Dual, 5};
    if (text.rfind("kfold=", 0) == 0) {
        const std::string k = text.substr(6);
        int folds = 0;
        try {
            std::size_t used = 0;
            folds = std::stoi(k, &used);
            if (used != k.size())
                folds = 0;
        } catch (const std::exception&) {
            folds = 0;
        }
        if (folds < 2)
            throw InvalidArgument("Split mode '" + text + "' needs a whole number of folds of at least 2, as in kfold=5.");
        return {SplitKind::KFold, folds};
    }
    throw InvalidArgument("Unknown split mode '" + text +
                          "': expected interpolation, left, right, dual or kfold=K.");
}

std::string splitModeName(const SplitMode& mode)
{
    switch (mode.kind) {
    case SplitKind::Interpolation: return "interpolation";
    case SplitKind::Left: return "left";
    case SplitKind::Right: return "right";
    case SplitKind::Dual: return "dual";
    case SplitKind::KFold: return "kfold=" + std::to_string(mode.folds);
    }
    return "interpolation";
}

std::vector<std::uint64_t> paperSeeds() { return {20220905, 20220906, 20220907, 20220908, 20220909}; }

namespace {

// Rows with a target, sorted by MaxAccuracy ascending (stable on table order), as the
// paper's protocol sorts before splitting.
std::vector<int> sortedLabelledRows(const Dataset& dataset)
{
    std::vector<int> rows;
    for (int i = 0; i < static_cast<int>(dataset.rows.size()); ++i)
        if (!isMissing(dataset.rows[static_cast<std::size_t>(i)].maxAccuracy))
            rows.push_back(i);
    std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) {
        return dataset.rows[static_cast<std::size_t>(a)].maxAccuracy <
            dataset.rows[static_cast<std::size_t>(b)].maxAccuracy;
    });
    return rows;
}

} // namespace

std::vector<SplitRows> makeSplits(const Dataset& dataset, const SplitMode& mode, std::uint64_t seed)
{
    const std::vector<int> rows = sortedLabelledRows(dataset);
    const std::size_t n = rows.size();
    auto slice = [&](std::size_t from, std::size_t to) {
        return std::vector<int>(rows.begin() + static_cast<long>(from), rows.begin() + static_cast<long>(to));
    };
    SplitRows split;
    switch (mode.kind) {
    case SplitKind::Interpolation: {
        // The IsTest column; rows without it get the paper's split rule on a copy.
        const bool complete = std::all_of(rows.begin(), rows.end(), [&](int r) {
            return dataset.rows[static_cast<std::size_t>(r)].isTest >= 0;
        });
        const Dataset* source = &dataset;
        Dataset copy;
        if (!complete) {
            copy = dataset;
            applySplitRule(copy);
            source = &copy;
        }
        for (int r : rows)
            (source->rows[static_cast<std::size_t>(r)].isTest == 1 ? split.test : split.train).push_back(r);
        return {split};
    }
    case SplitKind::Left:
        return {SplitRows{slice(0, n / 2), slice(n / 2, n)}};
    case SplitKind::Right:
        return {SplitRows{slice(n - n / 2, n), slice(0, n - n / 2)}};
    case SplitKind::Dual: {
        split.train = slice(n / 4, n - n / 4);
        split.test = slice(0, n / 4);
        const auto upper = slice(n - n / 4, n);
        split.test.insert(split.test.end(), upper.begin(), upper.end());
        return {split};
    }
    case SplitKind::KFold: {
        if (static_cast<std::size_t>(mode.folds) > n)
            throw InvalidArgument("kfold=" + std::to_string(mode.folds) + " needs at least as many labelled rows, but the table has " +
                                  std::to_string(n) + ".");
        std::vector<std::size_t> order(n);
        std::iota(order.begin(), order.end(), std::size_t{0});
        Rng rng(seed ^ 0x6b666f6c64ULL);
        for (std::size_t i = n; i > 1; --i)
            std::swap(order[i - 1], order[rng.below(i)]);
        std::vector<int> foldOf(n);
        for (std::size_t i = 0; i < n; ++i)
            foldOf[order[i]] = static_cast<int>(i % static_cast<std::size_t>(mode.folds));
        std::vector<SplitRows> folds(static_cast<std::size_t>(mode.folds));
        for (std::size_t i = 0; i < n; ++i)
            for (int f = 0; f < mode.folds; ++f)
                (foldOf[i] == f ? folds[static_cast<std::size_t>(f)].test : folds[static_cast<std::size_t>(f)].train)
                    .push_back(rows[i]);
        return folds;
    }
    }
    return {split};
}

} // namespace naap::core
