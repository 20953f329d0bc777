// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "export_actions.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QRegularExpression>
#include <QStatusBar>

#include "panels/curves_panel.h"
#include "panels/leaderboard_panel.h"
#include "panels/scatter_panel.h"
#include "panels/table_panel.h"
#include "panels/training_panel.h"
#include "session.h"
#include "util/export.h"
#include "views/chart_widget.h"
#include "views/training_curves_chart.h"

namespace naap::ui {

ExportActions::ExportActions(QWidget* window, Session* session, TablePanel* table, CurvesPanel* curves,
                             ScatterPanel* scatter, LeaderboardPanel* leaderboard)
    : QObject(window), m_window(window), m_session(session), m_table(table), m_curves(curves),
      m_scatter(scatter), m_leaderboard(leaderboard),
      // The window composes the training panel before its exports: found rather than
      // passed, so that the constructor stays as the window calls it.
      m_training(window->findChild<TrainingPanel*>())
{
}

QList<const ChartWidget*> ExportActions::charts() const
{
    QList<const ChartWidget*> out{m_curves->chart(), m_scatter->chart(), m_leaderboard->chart()};
    if (m_training != nullptr)
        out << m_training->chart();
    return out;
}

QString ExportActions::defaultFileName(const QString& title, const QString& suffix)
{
    // Accents off (é → e), then words of [a-z0-9] joined by dashes; a number follows its
    // word without one when only "=" or a space stood between them.
    const QString plain = title.normalized(QString::NormalizationForm_KD).toLower();
    QString name, gap;
    bool word = false;
    for (const QChar c : plain) {
        if (c.unicode() < 128 && c.isLetterOrNumber()) {
            if (!word && !name.isEmpty() &&
                !(c.isDigit() && name.back().isLetter() && (gap == QLatin1String("=") || gap == QLatin1String(" "))))
                name += QLatin1Char('-');
            name += c;
            word = true;
            gap.clear();
        } else if (!c.isMark()) { // a combining accent vanishes; anything else parts words
            word = false;
            gap += c;
        }
    }
    return (name.isEmpty() ? QStringLiteral("chart") : name) + QLatin1Char('.') + suffix;
}

QString ExportActions::withFilterSuffix(const QString& path, const QString& filters, const QString& selectedFilter)
{
    static const QRegularExpression pattern(QStringLiteral("\\*\\.([A-Za-z0-9]+)"));
    const QString suffix = QFileInfo(path).suffix();
    for (auto it = pattern.globalMatch(filters); it.hasNext();)
        if (it.next().captured(1).compare(suffix, Qt::CaseInsensitive) == 0)
            return path;
    const QRegularExpressionMatch chosen = pattern.match(selectedFilter);
    return chosen.hasMatch() ? path + QLatin1Char('.') + chosen.captured(1) : path;
}

bool ExportActions::needsReplaceQuestion(const QString& path, const QString& file)
{
    return file != path && QFileInfo::exists(file);
}

QString ExportActions::confirmedTarget(const QString& path, const QString& filters, const QString& selectedFilter) const
{
    const QString file = withFilterSuffix(path, filters, selectedFilter);
    if (!needsReplaceQuestion(path, file))
        return file;
    const auto answer = QMessageBox::question(
        m_window, tr("Replace file"),
        tr("%1 already exists. Do you want to replace it?").arg(QDir::toNativeSeparators(file)),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    return answer == QMessageBox::Yes ? file : QString();
}

void ExportActions::populate(QMenu* menu)
{
    menu->addAction(tr("Learning Curves Chart…"), QKeySequence(QStringLiteral("Ctrl+Shift+C")), this,
                    [this] { askAndExportChart(m_curves->chart()); });
    menu->addAction(tr("Predicted vs Actual Chart…"), QKeySequence(QStringLiteral("Ctrl+Shift+P")), this,
                    [this] { askAndExportChart(m_scatter->chart()); });
    menu->addAction(tr("Metric vs Cutoff Chart…"), QKeySequence(QStringLiteral("Ctrl+Shift+M")), this,
                    [this] { askAndExportChart(m_leaderboard->chart()); });
    if (m_training != nullptr)
        connect(menu->addAction(tr("Training Curves Chart…")), &QAction::triggered, this,
                [this] { askAndExportChart(m_training->chart()); });
    menu->addSeparator();
    using Writer = bool (ExportActions::*)(const QString&, QString*) const;
    auto fileExport = [this, menu](const QString& text, const char* keys, const QString& title,
                                   const QString& name, const QString& filter, Writer write) {
        menu->addAction(text, QKeySequence(QString::fromLatin1(keys)), this, [=, this] {
            QString selected;
            const QString path = QFileDialog::getSaveFileName(m_window, title, name, filter, &selected);
            if (path.isEmpty())
                return;
            const QString file = confirmedTarget(path, filter, selected);
            if (file.isEmpty())
                return;
            QString error;
            report((this->*write)(file, &error), file, error);
        });
    };
    fileExport(tr("Filtered Table (CSV)…"), "Ctrl+Shift+T", tr("Export table"), QStringLiteral("architectures.csv"),
               tr("CSV (*.csv)"), &ExportActions::exportTable);
    fileExport(tr("Predictions (CSV)…"), "Ctrl+Shift+R", tr("Export predictions"), QStringLiteral("predictions.csv"),
               tr("CSV (*.csv)"), &ExportActions::exportPredictions);
    fileExport(tr("Leaderboard (CSV, Markdown, LaTeX)…"), "Ctrl+Shift+L", tr("Export leaderboard"),
               QStringLiteral("leaderboard.csv"), tr("CSV (*.csv);;Markdown (*.md);;LaTeX (*.tex)"),
               &ExportActions::exportLeaderboard);
}

bool ExportActions::exportChart(const ChartWidget* chart, const QString& path, QString* error) const
{
    // A figure, not a copy of the dock: a fixed, publication-friendly size, square for
    // predicted-vs-actual so y = x sits on the diagonal.
    const QSize size = chart == m_scatter->chart() ? QSize(900, 900) : QSize(1200, 750);
    return chart->exportTo(path, error, size);
}

bool ExportActions::exportTable(const QString& path, QString* error) const
{
    return writeModelCsv(m_table->filteredModel(), path, error);
}

bool ExportActions::exportPredictions(const QString& path, QString* error) const
{
    if (!m_session->prediction()) {
        *error = tr("There are no predictions yet: wait for the first fit.");
        return false;
    }
    return writePredictionsCsv(*m_session, path, error);
}

bool ExportActions::exportLeaderboard(const QString& path, QString* error) const
{
    const auto report = m_session->leaderboard();
    if (!report) {
        *error = tr("The leaderboard is still being computed.");
        return false;
    }
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QString format = suffix == QLatin1String("md") ? QStringLiteral("markdown")
        : suffix == QLatin1String("tex")                 ? QStringLiteral("latex")
                                                         : QStringLiteral("csv");
    return writeLeaderboard(*report, path, format, error);
}

void ExportActions::askAndExportChart(const ChartWidget* chart)
{
    const QString filters = tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)");
    QString selected;
    QString path = QFileDialog::getSaveFileName(m_window, tr("Export chart"), defaultFileName(chart->chartTitle()),
                                                filters, &selected);
    if (path.isEmpty())
        return;
    path = confirmedTarget(path, filters, selected);
    if (path.isEmpty())
        return;
    QString error;
    report(exportChart(chart, path, &error), path, error);
}

void ExportActions::report(bool ok, const QString& path, const QString& error) const
{
    if (ok) {
        if (auto* main = qobject_cast<QMainWindow*>(m_window))
            main->statusBar()->showMessage(tr("Wrote %1").arg(QDir::toNativeSeparators(path)), 8000);
        return;
    }
    QMessageBox::warning(m_window, tr("Export failed"), error);
}

} // namespace naap::ui
