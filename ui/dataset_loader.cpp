// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "dataset_loader.h"

#include <QDir>
#include <QFileInfo>
#include <QtConcurrent>

#include "naap/core/data/raw_logs.h"
#include "naap/core/data/scheme.h"
#include "naap/core/data/table_io.h"
#include "naap/core/error.h"

namespace naap::ui {

namespace {

// A schemes file alone gives rows with the scheme fields and nothing measured yet.
core::Dataset datasetFromSchemes(const std::string& path)
{
    core::Dataset d;
    d.sourcePath = path;
    d.version = core::TableVersion::V2;
    const auto schemes = core::readSchemesJson(path);
    int id = 0;
    for (const auto& scheme : schemes) {
        core::ArchitectureRow row;
        row.modelId = ++id;
        row.scheme = core::profileScheme(scheme);
        d.rows.push_back(row);
    }
    return d;
}

QStringList toStrings(const std::vector<core::LoadWarning>& warnings)
{
    QStringList out;
    for (const auto& w : warnings) {
        QString s = QString::fromStdString(w.file);
        if (w.line > 0)
            s += QStringLiteral(", line %1").arg(w.line);
        out << s + QStringLiteral(": ") + QString::fromStdString(w.message);
    }
    return out;
}

} // namespace

DatasetLoader::DatasetLoader(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<LoadOutcome>();
    connect(&m_watcher, &QFutureWatcher<LoadOutcome>::finished, this, [this] {
        const quint64 generation = m_watcher.property("generation").toULongLong();
        const LoadOutcome outcome = m_watcher.result();
        Q_EMIT busyChanged(false);
        if (generation == m_generation)
            Q_EMIT loaded(outcome);
    });
}

DatasetLoader::~DatasetLoader() { m_watcher.waitForFinished(); }

bool DatasetLoader::isBusy() const { return m_watcher.isRunning(); }

void DatasetLoader::load(const QString& path)
{
    ++m_generation;
    m_watcher.waitForFinished(); // loads are short; the previous one is then discarded
    m_watcher.setProperty("generation", QVariant::fromValue(m_generation));
    m_watcher.setFuture(QtConcurrent::run([path] { return loadNow(path); }));
    Q_EMIT busyChanged(true);
}

LoadOutcome DatasetLoader::loadNow(const QString& path)
{
    LoadOutcome outcome;
    outcome.path = path;
    try {
        const QFileInfo info(path);
        const std::string p = QDir::toNativeSeparators(path).toStdString();
        if (info.isDir()) {
            const QDir dir(path);
            if (dir.exists(QStringLiteral("naap440.csv"))) {
                auto result = core::readTableCsv(dir.filePath(QStringLiteral("naap440.csv")).toStdString());
                outcome.warnings = toStrings(result.warnings);
                outcome.path = dir.filePath(QStringLiteral("naap440.csv"));
                outcome.dataset = std::make_shared<const core::Dataset>(std::move(result.dataset));
            } else {
                auto result = core::readRawLogFolder(p);
                outcome.warnings = toStrings(result.warnings);
                outcome.dataset = std::make_shared<const core::Dataset>(std::move(result.dataset));
            }
        } else if (info.suffix().compare(QStringLiteral("json"), Qt::CaseInsensitive) == 0) {
            outcome.dataset = std::make_shared<const core::Dataset>(datasetFromSchemes(p));
        } else {
            auto result = core::readTableCsv(p);
            outcome.warnings = toStrings(result.warnings);
            outcome.dataset = std::make_shared<const core::Dataset>(std::move(result.dataset));
        }
        if (outcome.dataset && outcome.dataset->rows.empty()) {
            outcome.dataset.reset();
            outcome.error = path + QStringLiteral(" holds no architectures.");
        }
    } catch (const std::exception& e) {
        outcome.dataset.reset();
        outcome.error = QString::fromStdString(e.what());
    }
    return outcome;
}

} // namespace naap::ui
