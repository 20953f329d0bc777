// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "jobs/point_predictor.h"

#include <algorithm>
#include <exception>
#include <list>
#include <mutex>

#include "naap/core/error.h"
#include "naap/core/features/features.h"
#include "naap/core/models/registry.h"
#include "naap/core/protocol/protocol.h"

namespace naap::ui {

namespace {

struct FittedModel {
    const core::Dataset* dataset = nullptr; ///< identity only; the entry holds the snapshot
    std::shared_ptr<const core::Dataset> keepAlive;
    std::string regressor;
    int cutoff = 0;
    std::uint64_t seed = 0;
    core::FeatureSet featureSet = core::FeatureSet::V1;
    core::StandardScaler scaler;
    std::unique_ptr<core::Regressor> model;
    int trainRows = 0;
};

// A few fitted models shared by every predictor: predict() on a fitted model is const and
// safe from several threads, so entries are handed out as shared_ptr<const>.
class FitCache {
public:
    std::shared_ptr<const FittedModel> find(const PointRequest& r)
    {
        const std::lock_guard lock(m_mutex);
        for (auto it = m_entries.begin(); it != m_entries.end(); ++it)
            if ((*it)->dataset == r.dataset.get() && (*it)->regressor == r.regressor.toStdString() &&
                (*it)->cutoff == r.cutoff && (*it)->seed == r.seed) {
                m_entries.splice(m_entries.begin(), m_entries, it); // most recent first
                return m_entries.front();
            }
        return {};
    }
    void add(std::shared_ptr<const FittedModel> entry)
    {
        const std::lock_guard lock(m_mutex);
        m_entries.push_front(std::move(entry));
        while (m_entries.size() > kCapacity)
            m_entries.pop_back();
    }

private:
    static constexpr std::size_t kCapacity = 6;
    std::mutex m_mutex;
    std::list<std::shared_ptr<const FittedModel>> m_entries;
};

FitCache& fitCache()
{
    static FitCache cache;
    return cache;
}

core::FeatureSet featureSetOf(const core::Dataset& d)
{
    return d.version == core::TableVersion::V2 ? core::FeatureSet::V2 : core::FeatureSet::V1;
}

std::shared_ptr<const FittedModel> fit(const PointRequest& r, const core::CancelToken* cancel)
{
    auto entry = std::make_shared<FittedModel>();
    entry->dataset = r.dataset.get();
    entry->keepAlive = r.dataset;
    entry->regressor = r.regressor.toStdString();
    entry->cutoff = r.cutoff;
    entry->seed = r.seed;
    entry->featureSet = featureSetOf(*r.dataset);
    const std::vector<core::SplitRows> splits = core::makeSplits(*r.dataset, core::SplitMode{}, r.seed);
    if (splits.empty() || splits.front().train.empty())
        throw core::InvalidArgument("The dataset has no train rows to fit the regressor on.");
    const core::FeatureMatrix train = core::buildFeatures(*r.dataset, r.cutoff, entry->featureSet, splits.front().train);
    if (train.X.rows() < 2)
        throw core::InvalidArgument("Only " + std::to_string(train.X.rows()) + " train rows have epochs 1.." +
                                    std::to_string(r.cutoff) + "; the regressor needs at least 2.");
    entry->scaler.fit(train.X);
    entry->model = core::createRegressor(entry->regressor);
    core::FitControl control;
    control.seed = r.seed;
    control.cancel = cancel;
    entry->model->fit(entry->scaler.transform(train.X), train.y, control);
    entry->trainRows = static_cast<int>(train.X.rows());
    return entry;
}

} // namespace

PointPredictor::PointPredictor(QObject* parent)
    : QObject(parent), m_jobs(
                           this,
                           [this](quint64 generation, const PointResult& result) {
                               if (result.cancelled)
                                   return;
                               if (result.error.isEmpty())
                                   Q_EMIT answered(generation, QList<double>(result.predictions.begin(),
                                                                             result.predictions.end()));
                               else
                                   Q_EMIT failed(generation, result.error);
                           },
                           {}, JobPriority::Interactive)
{
}

PointPredictor::~PointPredictor() = default;

quint64 PointPredictor::predict(PointRequest request)
{
    return m_jobs.start([request = std::move(request)](quint64, const core::CancelToken& cancel) {
        return computeNow(request, &cancel);
    });
}

PointResult PointPredictor::computeNow(const PointRequest& request, const core::CancelToken* cancel)
{
    PointResult out;
    try {
        if (!request.dataset || request.dataset->rows.empty())
            throw core::InvalidArgument("No dataset is open.");
        if (request.cutoff > request.dataset->numEpochs)
            throw core::InvalidArgument("The dataset has only " + std::to_string(request.dataset->numEpochs) +
                                        " epochs, fewer than the cutoff " + std::to_string(request.cutoff) + ".");
        std::shared_ptr<const FittedModel> fitted = fitCache().find(request);
        if (!fitted) {
            fitted = fit(request, cancel);
            fitCache().add(fitted);
        }
        // The rows go through the same feature builder as the table, as a one-off table
        // (MaxAccuracy is a placeholder: it is the unknown being predicted).
        core::Dataset query;
        query.version = request.dataset->version;
        query.numEpochs = request.cutoff;
        for (core::ArchitectureRow row : request.rows) {
            row.maxAccuracy = 0.0;
            row.epochs.resize(static_cast<std::size_t>(request.cutoff));
            query.rows.push_back(std::move(row));
        }
        const core::FeatureMatrix features = core::buildFeatures(query, request.cutoff, fitted->featureSet);
        if (features.rows.size() != request.rows.size())
            throw core::InvalidArgument("The architecture lacks a value the features at cutoff " +
                                        std::to_string(request.cutoff) + " need.");
        const core::Vector predicted = fitted->model->predict(fitted->scaler.transform(features.X));
        out.predictions.assign(predicted.data(), predicted.data() + predicted.size());
        out.trainRows = fitted->trainRows;
    } catch (const core::Cancelled&) {
        out.cancelled = true;
    } catch (const std::exception& e) {
        out.error = QString::fromLocal8Bit(e.what());
    }
    return out;
}

} // namespace naap::ui
