// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/protocol/protocol.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <map>
#include <mutex>
#include <numeric>
#include <thread>

#include "naap/core/error.h"
#include "naap/core/log.h"
#include "naap/core/models/registry.h"

namespace naap::core {

namespace {

// One fit problem: scaled train/test matrices and where the test rows go in the
// evaluation vector of its (cutoff, seed).
struct Problem {
    Matrix trainX;
    Vector trainY;
    Matrix testX;
    std::vector<int> evalSlots; ///< slot in the evaluation vector of each test row
};

// Everything at one cutoff: the features of every labelled row, and per seed the
// problems (one, or K for k-fold) and the evaluation rows.
struct CutoffWork {
    int cutoff = 0;
    FeatureMatrix features;
    int unlabelledRows = 0; ///< rows without MaxAccuracy, which no split can use
    int trainRows = 0;
    std::vector<std::vector<Problem>> problemsBySeed; ///< one entry when seeds share a split
    std::vector<std::vector<int>> evalRowsBySeed;     ///< dataset row of each slot
    std::vector<Vector> evalTruthBySeed;
};

// One family fitted once per (cutoff, seed): its largest requested member is fitted
// and smaller members are predicted from prefixes.
struct FamilyJob {
    std::string family;
    std::vector<int> modelSlots;  ///< indices into options.models
    std::vector<int> members;     ///< member count of each slot (0 = not an ensemble)
    std::string fitName;          ///< the registry name to fit
    bool deterministic = false;
    double cost = 1.0;
};

struct Unit {
    int cutoffIndex;
    int familyIndex;
    int seedIndex;
    double cost;
};

Problem makeProblem(const FeatureMatrix& fm, const std::vector<int>& posOfRow, const SplitRows& split,
                    const std::vector<int>& slotOfRow)
{
    std::vector<int> train, test;
    for (int r : split.train)
        if (posOfRow[static_cast<std::size_t>(r)] >= 0)
            train.push_back(posOfRow[static_cast<std::size_t>(r)]);
    Problem p;
    for (int r : split.test)
        if (posOfRow[static_cast<std::size_t>(r)] >= 0) {
            test.push_back(posOfRow[static_cast<std::size_t>(r)]);
            p.evalSlots.push_back(slotOfRow[static_cast<std::size_t>(r)]);
        }
    Matrix rawTrain(static_cast<long>(train.size()), fm.X.cols());
    Matrix rawTest(static_cast<long>(test.size()), fm.X.cols());
    p.trainY.resize(static_cast<long>(train.size()));
    for (std::size_t i = 0; i < train.size(); ++i) {
        rawTrain.row(static_cast<long>(i)) = fm.X.row(train[i]);
        p.trainY[static_cast<long>(i)] = fm.y[train[i]];
    }
    for (std::size_t i = 0; i < test.size(); ++i)
        rawTest.row(static_cast<long>(i)) = fm.X.row(test[i]);
    if (train.empty() || test.empty())
        throw InvalidArgument("The split leaves " + std::to_string(train.size()) + " train and " +
                              std::to_string(test.size()) + " test rows with complete features; both need at least one.");
    StandardScaler scaler;
    scaler.fit(rawTrain);
    p.trainX = scaler.transform(rawTrain);
    p.testX = scaler.transform(rawTest);
    return p;
}

CutoffWork prepareCutoff(const Dataset& dataset, int cutoff, const ProtocolOptions& options, bool perSeedSplits)
{
    CutoffWork work;
    work.cutoff = cutoff;
    // Rows in the protocol's order: sorted by MaxAccuracy, stable (makeSplits' order).
    std::vector<int> order;
    for (int i = 0; i < static_cast<int>(dataset.rows.size()); ++i)
        if (!isMissing(dataset.rows[static_cast<std::size_t>(i)].maxAccuracy))
            order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return dataset.rows[static_cast<std::size_t>(a)].maxAccuracy < dataset.rows[static_cast<std::size_t>(b)].maxAccuracy;
    });
    work.unlabelledRows = static_cast<int>(dataset.rows.size() - order.size());
    work.features = buildFeatures(dataset, cutoff, options.featureSet, order);
    std::vector<int> posOfRow(dataset.rows.size(), -1);
    for (std::size_t i = 0; i < work.features.rows.size(); ++i)
        posOfRow[static_cast<std::size_t>(work.features.rows[i])] = static_cast<int>(i);

    const std::size_t splitsNeeded = perSeedSplits ? options.seeds.size() : 1;
    for (std::size_t s = 0; s < splitsNeeded; ++s) {
        const std::vector<SplitRows> splits = makeSplits(dataset, options.split, options.seeds[s]);
        // Evaluation rows: every test row of every split, in ascending truth order.
        std::vector<int> evalRows;
        for (const SplitRows& sp : splits)
            for (int r : sp.test)
                if (posOfRow[static_cast<std::size_t>(r)] >= 0)
                    evalRows.push_back(r);
        std::sort(evalRows.begin(), evalRows.end(),
                  [&](int a, int b) { return posOfRow[static_cast<std::size_t>(a)] < posOfRow[static_cast<std::size_t>(b)]; });
        std::vector<int> slotOfRow(dataset.rows.size(), -1);
        Vector truth(static_cast<long>(evalRows.size()));
        for (std::size_t i = 0; i < evalRows.size(); ++i) {
            slotOfRow[static_cast<std::size_t>(evalRows[i])] = static_cast<int>(i);
            truth[static_cast<long>(i)] = work.features.y[posOfRow[static_cast<std::size_t>(evalRows[i])]];
        }
        std::vector<Problem> problems;
        int trainRows = 0;
        for (const SplitRows& sp : splits) {
            problems.push_back(makeProblem(work.features, posOfRow, sp, slotOfRow));
            trainRows = std::max(trainRows, static_cast<int>(problems.back().trainY.size()));
        }
        work.trainRows = trainRows;
        work.problemsBySeed.push_back(std::move(problems));
        work.evalRowsBySeed.push_back(std::move(evalRows));
        work.evalTruthBySeed.push_back(std::move(truth));
    }
    return work;
}

std::vector<FamilyJob> groupFamilies(const std::vector<std::string>& models)
{
    std::vector<FamilyJob> jobs;
    std::map<std::string, std::size_t> byFamily;
    for (std::size_t m = 0; m < models.size(); ++m) {
        const RegressorInfo* info = findRegressor(models[m]);
        if (info == nullptr)
            throw InvalidArgument("Unknown regressor '" + models[m] + "'.");
        auto [it, inserted] = byFamily.emplace(info->family, jobs.size());
        if (inserted) {
            FamilyJob job;
            job.family = info->family;
            job.fitName = info->name;
            job.deterministic = info->deterministic;
            jobs.push_back(job);
        }
        FamilyJob& job = jobs[it->second];
        job.modelSlots.push_back(static_cast<int>(m));
        job.members.push_back(info->members);
        if (info->members > findRegressor(job.fitName)->members)
            job.fitName = info->name;
    }
    // Relative cost, to start the slow fits first (a longest-job-first schedule).
    for (FamilyJob& job : jobs) {
        const int members = std::max(1, findRegressor(job.fitName)->members);
        if (job.family == "Random Forest")
            job.cost = 12.0 * members;
        else if (job.family == "AdaBoost")
            job.cost = 2.0 * members;
        else if (job.family == "Gradient Boosting")
            job.cost = 1.0 * members;
        else if (job.family.rfind("SVR", 0) == 0)
            job.cost = 60.0;
        else if (job.family == "Decision Tree")
            job.cost = 12.0;
        else
            job.cost = 2.0;
    }
    return jobs;
}

// Selects the median-by-violations run: the runs sorted stably by violations, the
// middle one taken (the 3rd of 5).
std::size_t medianRun(const std::vector<SeedRun>& runs)
{
    std::vector<std::size_t> idx(runs.size());
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
        return runs[a].metrics.violations < runs[b].metrics.violations;
    });
    return idx[runs.size() / 2];
}

double populationStd(const std::vector<double>& v)
{
    if (v.empty())
        return 0.0;
    const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    double ss = 0.0;
    for (double x : v)
        ss += (x - mean) * (x - mean);
    return std::sqrt(ss / static_cast<double>(v.size()));
}

} // namespace

ProtocolReport runProtocol(const Dataset& dataset, const ProtocolOptions& options)
{
    const auto started = std::chrono::steady_clock::now();
    ProtocolOptions opts = options;
    if (opts.models.empty())
        opts.models = parseModelList("paper");
    if (opts.seeds.empty())
        throw InvalidArgument("The protocol needs at least one seed.");
    if (opts.cutoffs.empty())
        throw InvalidArgument("The protocol needs at least one cutoff.");
    for (int c : opts.cutoffs)
        if (c < 0 || c > dataset.numEpochs)
            throw InvalidArgument("Cutoff " + std::to_string(c) + " is outside 0.." + std::to_string(dataset.numEpochs) +
                                  ", the epochs this table has.");

    const bool perSeedSplits = opts.split.kind == SplitKind::KFold;
    const std::vector<FamilyJob> families = groupFamilies(opts.models);

    std::vector<CutoffWork> cutoffs;
    cutoffs.reserve(opts.cutoffs.size());
    for (int c : opts.cutoffs)
        cutoffs.push_back(prepareCutoff(dataset, c, opts, perSeedSplits));

    const std::size_t nSeeds = opts.seeds.size();
    std::vector<Unit> units;
    for (std::size_t c = 0; c < cutoffs.size(); ++c)
        for (std::size_t f = 0; f < families.size(); ++f) {
            const std::size_t seeds = (families[f].deterministic && !perSeedSplits) ? 1 : nSeeds;
            const double cost = families[f].cost * (1.0 + static_cast<double>(cutoffs[c].features.X.cols()));
            for (std::size_t s = 0; s < seeds; ++s)
                units.push_back({static_cast<int>(c), static_cast<int>(f), static_cast<int>(s), cost});
        }
    std::stable_sort(units.begin(), units.end(), [](const Unit& a, const Unit& b) { return a.cost > b.cost; });

    // predictions[model][cutoff][seed]: evaluation vector of that run.
    std::vector<std::vector<std::vector<Vector>>> predictions(
        opts.models.size(), std::vector<std::vector<Vector>>(cutoffs.size(), std::vector<Vector>(nSeeds)));

    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr firstError;
    std::mutex mutex;
    int done = 0;
    const int total = static_cast<int>(units.size());

    const unsigned cores =
        std::max(1u, opts.threads > 0 ? static_cast<unsigned>(opts.threads) : std::thread::hardware_concurrency());
    const unsigned threads = std::min<unsigned>(cores, static_cast<unsigned>(units.size()));

    auto worker = [&] {
        for (;;) {
            const std::size_t u = next.fetch_add(1);
            if (u >= units.size() || failed.load())
                return;
            try {
                if (opts.cancel != nullptr && opts.cancel->isCancelled())
                    throw Cancelled();
                const Unit& unit = units[u];
                const CutoffWork& work = cutoffs[static_cast<std::size_t>(unit.cutoffIndex)];
                const FamilyJob& family = families[static_cast<std::size_t>(unit.familyIndex)];
                const std::size_t splitSeed = perSeedSplits ? static_cast<std::size_t>(unit.seedIndex) : 0;
                const std::size_t nEval = work.evalRowsBySeed[splitSeed].size();
                std::vector<Vector> out(family.modelSlots.size(), Vector::Constant(static_cast<long>(nEval), kMissing));
                FitControl control;
                control.seed = opts.seeds[static_cast<std::size_t>(unit.seedIndex)];
                control.cancel = opts.cancel;
                // The last units run while other workers fall idle: let them fit with all
                // the threads (ensembles of independent members split their members).
                if (u + cores > units.size())
                    control.threads = static_cast<int>(cores);
                for (const Problem& p : work.problemsBySeed[splitSeed]) {
                    auto model = createRegressor(family.fitName);
                    model->fit(p.trainX, p.trainY, control);
                    const auto* staged = dynamic_cast<const StagedEnsemble*>(model.get());
                    Vector full;
                    for (std::size_t k = 0; k < family.modelSlots.size(); ++k) {
                        Vector pred;
                        if (staged != nullptr && family.members[k] > 0) {
                            pred = staged->predictPrefix(p.testX, family.members[k]);
                        } else {
                            if (full.size() == 0)
                                full = model->predict(p.testX);
                            pred = full;
                        }
                        for (std::size_t i = 0; i < p.evalSlots.size(); ++i)
                            out[k][p.evalSlots[i]] = pred[static_cast<long>(i)];
                    }
                }
                std::lock_guard lock(mutex);
                for (std::size_t k = 0; k < family.modelSlots.size(); ++k) {
                    auto& slot = predictions[static_cast<std::size_t>(family.modelSlots[k])][static_cast<std::size_t>(unit.cutoffIndex)];
                    if (family.deterministic && !perSeedSplits)
                        std::fill(slot.begin(), slot.end(), out[k]);
                    else
                        slot[static_cast<std::size_t>(unit.seedIndex)] = out[k];
                }
                ++done;
                if (opts.progress)
                    opts.progress(done, total);
            } catch (...) {
                std::lock_guard lock(mutex);
                if (!firstError)
                    firstError = std::current_exception();
                failed.store(true);
                return;
            }
        }
    };

    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t)
        pool.emplace_back(worker);
    worker();
    for (auto& t : pool)
        t.join();
    if (firstError)
        std::rethrow_exception(firstError);

    ProtocolReport report;
    report.split = opts.split;
    for (std::size_t m = 0; m < opts.models.size(); ++m) {
        for (std::size_t c = 0; c < cutoffs.size(); ++c) {
            const CutoffWork& work = cutoffs[c];
            ProtocolCell cell;
            cell.model = opts.models[m];
            cell.cutoff = work.cutoff;
            cell.trainRows = work.trainRows;
            // Rows without a target never reach the features, but they are left out all
            // the same and must be counted (PRODUCT.md §2: never silently).
            cell.skippedRows = work.features.skippedRows + work.unlabelledRows;
            cell.unlabelledRows = work.unlabelledRows;
            std::vector<double> maes, viols;
            for (std::size_t s = 0; s < nSeeds; ++s) {
                const std::size_t splitSeed = perSeedSplits ? s : 0;
                SeedRun run;
                run.seed = opts.seeds[s];
                run.metrics = computeMetrics(work.evalTruthBySeed[splitSeed], predictions[m][c][s]);
                maes.push_back(run.metrics.mae);
                viols.push_back(static_cast<double>(run.metrics.violations));
                cell.runs.push_back(run);
            }
            const std::size_t sel = medianRun(cell.runs);
            const std::size_t selSplit = perSeedSplits ? sel : 0;
            cell.selected = cell.runs[sel].metrics;
            cell.selectedSeed = cell.runs[sel].seed;
            cell.testRows = cell.selected.n;
            cell.maeStd = populationStd(maes);
            cell.violationsStd = populationStd(viols);
            cell.testRowIndices = work.evalRowsBySeed[selSplit];
            const Vector& truth = work.evalTruthBySeed[selSplit];
            cell.truth.assign(truth.data(), truth.data() + truth.size());
            const Vector& pred = predictions[m][c][sel];
            cell.predicted.assign(pred.data(), pred.data() + pred.size());
            report.cells.push_back(std::move(cell));
        }
    }
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

} // namespace naap::core
