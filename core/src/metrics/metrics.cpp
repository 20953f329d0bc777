// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/metrics/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <string>

#include "naap/core/error.h"

namespace naap::core {

namespace {

void checkPair(const char* who, const Vector& truth, const Vector& pred)
{
    if (truth.size() != pred.size())
        throw InvalidArgument(std::string(who)
                              + " expects truth and prediction of the same size, got "
                              + std::to_string(truth.size()) + " and "
                              + std::to_string(pred.size()) + ".");
    if (truth.size() == 0)
        throw InvalidArgument(std::string(who) + " expects at least one value, got none.");
}

std::vector<Eigen::Index> order(Eigen::Index n)
{
    std::vector<Eigen::Index> idx(static_cast<std::size_t>(n));
    std::iota(idx.begin(), idx.end(), Eigen::Index{0});
    return idx;
}

// Inversions of v (pairs i < j with v[i] > v[j]; equal values are not inversions),
// counted by a stable merge sort in O(n log n).
std::int64_t countInversions(std::vector<double>& v)
{
    std::vector<double> buf(v.size());
    std::int64_t inversions = 0;
    for (std::size_t width = 1; width < v.size(); width *= 2) {
        for (std::size_t lo = 0; lo < v.size(); lo += 2 * width) {
            const std::size_t mid = std::min(lo + width, v.size());
            const std::size_t hi = std::min(lo + 2 * width, v.size());
            std::size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                if (v[j] < v[i]) {
                    inversions += static_cast<std::int64_t>(mid - i);
                    buf[k++] = v[j++];
                } else {
                    buf[k++] = v[i++];
                }
            }
            while (i < mid)
                buf[k++] = v[i++];
            while (j < hi)
                buf[k++] = v[j++];
        }
        v.swap(buf);
    }
    return inversions;
}

// Pairs tied within runs of a sorted sequence of n items; same(i, j) compares the
// items at positions i and j.
template <typename Same>
std::int64_t tiedPairs(std::size_t n, Same same)
{
    std::int64_t pairs = 0, run = 1;
    for (std::size_t i = 1; i <= n; ++i) {
        if (i < n && same(i - 1, i)) {
            ++run;
        } else {
            pairs += run * (run - 1) / 2;
            run = 1;
        }
    }
    return pairs;
}

bool hasNaN(const Vector& v) { return v.array().isNaN().any(); }

// Rows in ranking order for precision@k and top-1 regret: highest prediction first; among
// equal predictions the lower truth first (the model gets no credit for a tie it cannot
// break), then the lower row index. Depends on the values only, not on the row order.
std::vector<Eigen::Index> predictedRanking(const Vector& truth, const Vector& pred)
{
    std::vector<Eigen::Index> idx = order(pred.size());
    std::stable_sort(idx.begin(), idx.end(), [&](auto a, auto b) {
        return pred[a] > pred[b] || (pred[a] == pred[b] && truth[a] < truth[b]);
    });
    return idx;
}

// Average ranks (1-based), ties sharing the mean of their positions.
Vector averageRanks(const Vector& v)
{
    std::vector<Eigen::Index> idx = order(v.size());
    std::stable_sort(idx.begin(), idx.end(), [&](auto a, auto b) { return v[a] < v[b]; });
    Vector ranks(v.size());
    std::size_t i = 0;
    while (i < idx.size()) {
        std::size_t j = i;
        while (j + 1 < idx.size() && v[idx[j + 1]] == v[idx[i]])
            ++j;
        const double rank = 0.5 * static_cast<double>(i + j) + 1.0;
        for (std::size_t t = i; t <= j; ++t)
            ranks[idx[t]] = rank;
        i = j + 1;
    }
    return ranks;
}

} // namespace

double meanAbsoluteError(const Vector& truth, const Vector& pred)
{
    checkPair("meanAbsoluteError", truth, pred);
    return (truth - pred).cwiseAbs().mean();
}

double rootMeanSquaredError(const Vector& truth, const Vector& pred)
{
    checkPair("rootMeanSquaredError", truth, pred);
    return std::sqrt((truth - pred).squaredNorm() / static_cast<double>(truth.size()));
}

double r2Score(const Vector& truth, const Vector& pred)
{
    checkPair("r2Score", truth, pred);
    // Undefined with one value (scikit-learn also gives NaN) or with no variance to explain:
    // NaN, which the report writers print as missing, rather than a 0 or 1 that reads like a result.
    const double ssTot = (truth.array() - truth.mean()).square().sum();
    if (truth.size() < 2 || ssTot == 0.0)
        return std::numeric_limits<double>::quiet_NaN();
    const double ssRes = (truth - pred).squaredNorm();
    return 1.0 - ssRes / ssTot;
}

std::int64_t countViolations(const Vector& truth, const Vector& pred)
{
    checkPair("countViolations", truth, pred);
    // A NaN compares false both ways, so a row with one is in no violating pair (as the
    // pairwise definition counts); it is left out before sorting, which needs an order.
    std::vector<Eigen::Index> idx;
    for (Eigen::Index i = 0; i < truth.size(); ++i)
        if (!std::isnan(truth[i]) && !std::isnan(pred[i]))
            idx.push_back(i);
    std::stable_sort(idx.begin(), idx.end(), [&](auto a, auto b) { return truth[a] < truth[b]; });
    std::vector<double> p(idx.size());
    for (std::size_t i = 0; i < idx.size(); ++i)
        p[i] = pred[idx[i]];
    return countInversions(p);
}

double monotonicityScore(std::int64_t violations, std::int64_t n)
{
    if (n < 2)
        return 1.0;
    return 1.0 - static_cast<double>(violations) / static_cast<double>(maxViolations(n));
}

KendallResult kendallTauB(const Vector& truth, const Vector& pred)
{
    checkPair("kendallTauB", truth, pred);
    if (hasNaN(truth) || hasNaN(pred)) {
        // As scipy (nan_policy "propagate"): undefined, and no pair is classified.
        KendallResult undefined;
        undefined.tau = std::numeric_limits<double>::quiet_NaN();
        return undefined;
    }
    const auto n = static_cast<std::int64_t>(truth.size());
    // Knight's algorithm, as scipy: sort by (truth, pred), count ties, then count
    // discordant pairs as the inversions of pred in that order.
    std::vector<Eigen::Index> idx = order(truth.size());
    std::stable_sort(idx.begin(), idx.end(), [&](auto a, auto b) {
        return truth[a] < truth[b] || (truth[a] == truth[b] && pred[a] < pred[b]);
    });
    const std::size_t m = idx.size();
    const std::int64_t tiedTruth =
        tiedPairs(m, [&](auto i, auto j) { return truth[idx[i]] == truth[idx[j]]; });
    const std::int64_t tiedJoint = tiedPairs(m, [&](auto i, auto j) {
        return truth[idx[i]] == truth[idx[j]] && pred[idx[i]] == pred[idx[j]];
    });
    std::vector<double> p(m);
    for (std::size_t i = 0; i < m; ++i)
        p[i] = pred[idx[i]];
    const std::int64_t discordant = countInversions(p); // leaves p sorted
    const std::int64_t tiedPred = tiedPairs(m, [&](auto i, auto j) { return p[i] == p[j]; });

    KendallResult r;
    r.tiesBoth = tiedJoint;
    r.tiesTruth = tiedTruth - tiedJoint;
    r.tiesPred = tiedPred - tiedJoint;
    r.discordant = discordant;
    const std::int64_t total = maxViolations(n);
    r.concordant = total - r.discordant - r.tiesTruth - r.tiesPred - r.tiesBoth;
    // Divided in scipy's order, so the last bits agree.
    r.tau = (total - tiedTruth == 0 || total - tiedPred == 0)
                ? std::numeric_limits<double>::quiet_NaN()
                : static_cast<double>(r.concordant - r.discordant)
                      / std::sqrt(static_cast<double>(total - tiedTruth))
                      / std::sqrt(static_cast<double>(total - tiedPred));
    r.tau = std::isnan(r.tau) ? r.tau : std::clamp(r.tau, -1.0, 1.0);
    return r;
}

double spearmanRho(const Vector& truth, const Vector& pred)
{
    checkPair("spearmanRho", truth, pred);
    if (hasNaN(truth) || hasNaN(pred))
        return std::numeric_limits<double>::quiet_NaN();
    const Vector a = averageRanks(truth);
    const Vector b = averageRanks(pred);
    const Vector da = a.array() - a.mean();
    const Vector db = b.array() - b.mean();
    const double denom = std::sqrt(da.squaredNorm() * db.squaredNorm());
    if (denom == 0.0)
        return std::numeric_limits<double>::quiet_NaN();
    return std::clamp(da.dot(db) / denom, -1.0, 1.0);
}

double precisionAtK(const Vector& truth, const Vector& pred, int k)
{
    checkPair("precisionAtK", truth, pred);
    if (k < 1 || k > truth.size())
        throw InvalidArgument("precisionAtK expects k in 1.." + std::to_string(truth.size())
                              + ", got " + std::to_string(k) + ".");
    if (hasNaN(truth) || hasNaN(pred))
        return std::numeric_limits<double>::quiet_NaN();
    // A hit is a predicted-top row whose truth reaches the k-th highest truth, so rows
    // tied in truth at the boundary are all "true top k" and the row order never matters.
    std::vector<double> sorted(truth.data(), truth.data() + truth.size());
    std::nth_element(sorted.begin(), sorted.begin() + (k - 1), sorted.end(), std::greater<>());
    const double threshold = sorted[static_cast<std::size_t>(k - 1)];
    const std::vector<Eigen::Index> ranking = predictedRanking(truth, pred);
    int hits = 0;
    for (int i = 0; i < k; ++i)
        hits += truth[ranking[static_cast<std::size_t>(i)]] >= threshold;
    return static_cast<double>(hits) / k;
}

double topOneRegret(const Vector& truth, const Vector& pred)
{
    checkPair("topOneRegret", truth, pred);
    if (hasNaN(truth) || hasNaN(pred))
        return std::numeric_limits<double>::quiet_NaN();
    return truth.maxCoeff() - truth[predictedRanking(truth, pred).front()];
}

MetricReport computeMetrics(const Vector& truth, const Vector& pred)
{
    checkPair("computeMetrics", truth, pred);
    MetricReport r;
    r.n = static_cast<int>(truth.size());
    r.mae = meanAbsoluteError(truth, pred);
    r.violations = countViolations(truth, pred);
    r.maxViolations = maxViolations(r.n);
    r.monotonicity = monotonicityScore(r.violations, r.n);
    r.rmse = rootMeanSquaredError(truth, pred);
    r.r2 = r2Score(truth, pred);
    r.kendall = kendallTauB(truth, pred);
    r.spearman = spearmanRho(truth, pred);
    r.precisionAt5 = precisionAtK(truth, pred, std::min(5, r.n));
    r.precisionAt10 = precisionAtK(truth, pred, std::min(10, r.n));
    r.topOneRegret = topOneRegret(truth, pred);
    return r;
}

} // namespace naap::core
