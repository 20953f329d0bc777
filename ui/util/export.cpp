// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "util/export.h"

#include <QAbstractItemModel>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QSaveFile>

#include <cmath>
#include <sstream>

#include "naap/core/protocol/report_format.h"
#include "session.h"

namespace naap::ui {

namespace {

bool fail(QString* error, const QString& path, const QString& why)
{
    if (error)
        *error = QStringLiteral("Cannot write %1: %2.").arg(QDir::toNativeSeparators(path), why);
    return false;
}

/// Writes `bytes` to `path` through QSaveFile: the file appears complete or not at all.
bool writeAtomically(const QString& path, const QByteArray& bytes, QString* error)
{
    if (!QFileInfo(QFileInfo(path).absolutePath()).isDir())
        return fail(error, path, QStringLiteral("the folder does not exist"));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(error, path, file.errorString());
    if (file.write(bytes) != bytes.size()) {
        const QString why = file.errorString();
        file.cancelWriting();
        return fail(error, path, why);
    }
    if (!file.commit())
        return fail(error, path, file.errorString());
    return true;
}

QString number(double v)
{
    if (std::isnan(v))
        return QString();
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}

QString cellText(const QVariant& raw, const QVariant& display)
{
    if (raw.isValid() && !raw.isNull()) {
        switch (raw.typeId()) {
        case QMetaType::Double:
        case QMetaType::Float: return number(raw.toDouble());
        case QMetaType::Int:
        case QMetaType::LongLong:
        case QMetaType::UInt:
        case QMetaType::ULongLong:
        case QMetaType::QString: return raw.toString();
        default: break;
        }
    }
    return display.toString();
}

} // namespace

QString csvField(const QString& text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

bool writeModelCsv(const QAbstractItemModel* model, const QString& path, QString* error, int rawRole)
{
    if (!model)
        return fail(error, path, QStringLiteral("there is no table to export"));
    const int rows = model->rowCount(), cols = model->columnCount();
    QString out;
    for (int c = 0; c < cols; ++c) {
        if (c)
            out += QLatin1Char(',');
        out += csvField(model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
    }
    out += QLatin1Char('\n');
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            if (c)
                out += QLatin1Char(',');
            const QModelIndex index = model->index(r, c);
            const QVariant raw = rawRole >= 0 ? model->data(index, rawRole) : QVariant();
            out += csvField(cellText(raw, model->data(index, Qt::DisplayRole)));
        }
        out += QLatin1Char('\n');
    }
    return writeAtomically(path, out.toUtf8(), error);
}

bool writePredictionsCsv(const Session& session, const QString& path, QString* error)
{
    const auto cell = session.prediction();
    if (!cell)
        return fail(error, path, QStringLiteral("there is no prediction yet"));
    const auto dataset = session.dataset();
    const QString model = csvField(QString::fromStdString(cell->model));
    QString out = QStringLiteral("Model,Cutoff,ModelId,Actual,Predicted,Error\n");
    for (std::size_t i = 0; i < cell->testRowIndices.size(); ++i) {
        const int row = cell->testRowIndices[i];
        const bool known = row >= 0 && static_cast<std::size_t>(row) < dataset->rows.size();
        const double truth = cell->truth[i], pred = cell->predicted[i];
        out += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                   .arg(model)
                   .arg(cell->cutoff)
                   .arg(known ? QString::number(dataset->rows[static_cast<std::size_t>(row)].modelId) : QString())
                   .arg(number(truth), number(pred), number(pred - truth));
    }
    return writeAtomically(path, out.toUtf8(), error);
}

bool writeLeaderboard(const core::ProtocolReport& report, const QString& path, const QString& format,
                      QString* error)
{
    const auto parsed = core::parseReportFormat(format.toLower().toStdString());
    if (!parsed)
        return fail(error, path,
                    QStringLiteral("the format '%1' is not csv, markdown, latex or json").arg(format));
    std::ostringstream text;
    core::writeReport(report, *parsed, text);
    const std::string bytes = text.str();
    return writeAtomically(path, QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size())), error);
}

} // namespace naap::ui
