// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "jobs/training_runs.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <exception>

#include "naap/core/data/raw_logs.h"

namespace naap::ui {

namespace {

double round4(double v) { return std::round(v * 1e4) / 1e4; }

double maxAccuracyOf(const std::vector<core::EpochResult>& epochs)
{
    double best = core::kMissing;
    for (const core::EpochResult& e : epochs)
        if (core::isMissing(best) || e.accuracy > best)
            best = e.accuracy;
    return best;
}

// Grows every row's epochs (and the extra cells) to the table's shape.
void normalise(core::Dataset& d)
{
    for (core::ArchitectureRow& row : d.rows) {
        row.epochs.resize(static_cast<std::size_t>(d.numEpochs));
        row.extra.resize(d.extraColumns.size());
    }
}

int sourceColumn(core::Dataset& d)
{
    const auto it = std::find(d.extraColumns.begin(), d.extraColumns.end(), kSourceColumn);
    if (it != d.extraColumns.end())
        return static_cast<int>(it - d.extraColumns.begin());
    d.extraColumns.push_back(kSourceColumn);
    return static_cast<int>(d.extraColumns.size()) - 1;
}

} // namespace

SchemeLookup lookupSchemes(const QString& datasetPath, const std::vector<int>& modelIds)
{
    SchemeLookup out;
    const QFileInfo info(datasetPath);
    try {
        if (info.isDir()) {
            out.source = datasetPath;
            for (int id : modelIds) {
                const QString log = QDir(datasetPath).filePath(QStringLiteral("scheme_%1.txt").arg(id));
                if (!QFileInfo::exists(log)) {
                    out.error = QStringLiteral("The log folder %1 has no scheme_%2.txt.")
                                    .arg(QDir::toNativeSeparators(datasetPath))
                                    .arg(id);
                    return out;
                }
                out.schemes[id] = core::readRawLog(log.toStdString()).scheme;
            }
            return out;
        }
        QString json = datasetPath;
        if (info.suffix().compare(QStringLiteral("json"), Qt::CaseInsensitive) != 0)
            json = info.dir().filePath(QStringLiteral("generated_schemes.json"));
        out.source = json;
        if (!QFileInfo::exists(json)) {
            out.error = QStringLiteral("The dataset has no schemes: open its schemes JSON (File ▸ Open Schemes JSON) "
                                       "or put generated_schemes.json beside %1.")
                            .arg(QDir::toNativeSeparators(datasetPath));
            return out;
        }
        const std::vector<core::Scheme> schemes = core::readSchemesJson(QDir::toNativeSeparators(json).toStdString());
        for (int id : modelIds) {
            if (id < 1 || static_cast<std::size_t>(id) > schemes.size()) {
                out.error = QStringLiteral("ModelId %1 is not in %2, which holds %3 schemes.")
                                .arg(id)
                                .arg(QDir::toNativeSeparators(json))
                                .arg(schemes.size());
                return out;
            }
            out.schemes[id] = schemes[static_cast<std::size_t>(id - 1)];
        }
    } catch (const std::exception& e) {
        out.error = QString::fromLocal8Bit(e.what());
    }
    return out;
}

std::vector<core::EpochRecord> epochRecords(const std::vector<core::EpochResult>& epochs)
{
    std::vector<core::EpochRecord> out;
    out.reserve(epochs.size());
    for (const core::EpochResult& e : epochs)
        out.push_back({round4(e.lossMean), round4(e.lossMedian), e.accuracy});
    return out;
}

QString runSourceText(const TrainedRun& run, int datasetEpochs)
{
    QString text = QStringLiteral("trained on %1").arg(run.device.isEmpty() ? QStringLiteral("?") : run.device);
    if (run.synthetic)
        text += QStringLiteral(", synthetic data");
    const int done = static_cast<int>(run.epochs.size());
    if (datasetEpochs > 0 && done != datasetEpochs)
        text += QStringLiteral(", %1 of %2 epochs").arg(done).arg(datasetEpochs);
    else
        text += QStringLiteral(", %1 epochs").arg(done);
    return text;
}

MergeResult mergeRun(const core::Dataset& dataset, const TrainedRun& run)
{
    MergeResult out;
    const int existing = dataset.indexOfModel(run.modelId);
    if (existing >= 0) {
        const core::ArchitectureRow& row = dataset.rows[static_cast<std::size_t>(existing)];
        if (row.completeEpochs() > 0 || !core::isMissing(row.maxAccuracy))
            return out; // never overwrite measurements: the run goes to the reproduced view
        out.kind = MergeKind::FilledRow;
    } else {
        out.kind = MergeKind::NewRow;
    }
    auto merged = std::make_shared<core::Dataset>(dataset);
    const int runEpochs = static_cast<int>(run.epochs.size());
    merged->numEpochs = std::max(merged->numEpochs, runEpochs);
    const int source = sourceColumn(*merged);
    normalise(*merged);

    core::ArchitectureRow fresh;
    core::ArchitectureRow& row = existing >= 0 ? merged->rows[static_cast<std::size_t>(existing)] : fresh;
    row.modelId = run.modelId;
    row.scheme = core::profileScheme(run.scheme);
    const std::vector<core::EpochRecord> records = epochRecords(run.epochs);
    row.epochs.assign(static_cast<std::size_t>(merged->numEpochs), core::EpochRecord{});
    std::copy(records.begin(), records.end(), row.epochs.begin());
    row.extra.resize(merged->extraColumns.size());
    row.extra[static_cast<std::size_t>(source)] = runSourceText(run, merged->numEpochs).toStdString();
    const bool fullRealRun = !run.synthetic && runEpochs > 0 && runEpochs == merged->numEpochs;
    row.maxAccuracy = fullRealRun ? maxAccuracyOf(run.epochs) : core::kMissing;
    row.isTest = fullRealRun ? 0 : -1;
    if (existing < 0)
        merged->rows.push_back(std::move(fresh));
    out.dataset = std::move(merged);
    return out;
}

core::Dataset runsTable(const std::vector<TrainedRun>& runs)
{
    core::Dataset d;
    d.version = core::TableVersion::V2;
    d.extraColumns = {kSourceColumn};
    for (const TrainedRun& run : runs)
        d.numEpochs = std::max(d.numEpochs, static_cast<int>(run.epochs.size()));
    for (const TrainedRun& run : runs) {
        core::ArchitectureRow row;
        row.modelId = run.modelId;
        row.scheme = core::profileScheme(run.scheme);
        row.maxAccuracy = maxAccuracyOf(run.epochs);
        row.epochs = epochRecords(run.epochs);
        row.epochs.resize(static_cast<std::size_t>(d.numEpochs));
        row.extra = {runSourceText(run, d.numEpochs).toStdString()};
        d.rows.push_back(std::move(row));
    }
    return d;
}

} // namespace naap::ui
