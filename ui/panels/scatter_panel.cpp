// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "panels/scatter_panel.h"

#include <QCheckBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QSet>
#include <QTextDocument>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "session.h"
#include "views/scatter_chart.h"

namespace naap::ui {

namespace {

/// The column beside the chart: as wide as its content (and a scroll bar, so nothing is
/// ever cut), as short as the chart lets it be; the content scrolls when taller.
class SideColumn : public QScrollArea {
public:
    explicit SideColumn(QWidget* content, QWidget* parent) : QScrollArea(parent)
    {
        setFrameShape(QFrame::NoFrame);
        setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        setWidgetResizable(true);
        setWidget(content);
        setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Expanding); // the chart takes the spare width
    }

    QSize minimumSizeHint() const override
    {
        const int content = widget()->minimumSizeHint().width();
        return QSize(content + verticalScrollBar()->sizeHint().width() + 2 * frameWidth(),
                     QScrollArea::minimumSizeHint().height());
    }

    QSize sizeHint() const override
    {
        // Room for the whole content, the scroll bar only when the dock is too short for it.
        const QSize content = widget()->sizeHint();
        return QSize(std::max(content.width(), widget()->minimumSizeHint().width()) + 2 * frameWidth(),
                     content.height() + 2 * frameWidth());
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        // New metrics text: a new width for the column.
        if (watched == widget() && event->type() == QEvent::LayoutRequest)
            updateGeometry();
        return QScrollArea::eventFilter(watched, event);
    }
};

QString fixed(double v, int decimals)
{
    return std::isnan(v) ? QStringLiteral("n/a") : QString::number(v, 'f', decimals);
}

/// One row of the metrics table.
QString metricRow(const QString& name, const QString& value)
{
    return QStringLiteral("<tr><td style='padding-right:8px; white-space:nowrap'>%1</td>"
                          "<td align='right' style='white-space:nowrap'><b>%2</b></td></tr>")
        .arg(name, value);
}

QString metricsHtml(const core::ProtocolCell& cell, const QString& split)
{
    const core::MetricReport& m = cell.selected;
    QString html = QStringLiteral("<p style='margin-bottom:4px; white-space:nowrap'><b>%1</b><br/>%2 · cutoff %3</p><table>")
                       .arg(QString::fromStdString(cell.model).toHtmlEscaped(), split.toHtmlEscaped())
                       .arg(cell.cutoff);
    html += metricRow(ScatterPanel::tr("Test rows"), QString::number(m.n));
    html += metricRow(ScatterPanel::tr("Train rows"), QString::number(cell.trainRows));
    html += metricRow(ScatterPanel::tr("MAE"), fixed(m.mae, 5));
    html += metricRow(ScatterPanel::tr("Violations"),
                      QStringLiteral("%1 / %2").arg(m.violations).arg(m.maxViolations));
    html += metricRow(ScatterPanel::tr("MS"), fixed(m.monotonicity, 4));
    html += metricRow(ScatterPanel::tr("Kendall τ-b"), fixed(m.kendall.tau, 4));
    html += metricRow(ScatterPanel::tr("Spearman ρ"), fixed(m.spearman, 4));
    html += metricRow(ScatterPanel::tr("R²"), fixed(m.r2, 4));
    html += metricRow(ScatterPanel::tr("RMSE"), fixed(m.rmse, 5));
    html += metricRow(ScatterPanel::tr("Top-1 regret"), fixed(m.topOneRegret, 5));
    if (cell.runs.size() > 1) {
        // The spread over seeds; the values above are the median run by violations.
        html += metricRow(ScatterPanel::tr("Seeds"), QString::number(cell.runs.size()));
        html += metricRow(ScatterPanel::tr("MAE spread"), QStringLiteral("± ") + fixed(cell.maeStd, 5));
        html += metricRow(ScatterPanel::tr("Violations spread"), QStringLiteral("± ") + fixed(cell.violationsStd, 1));
    }
    html += QStringLiteral("</table>");
    const QString skipped = ScatterPanel::skippedRowsText(cell);
    if (!skipped.isEmpty())
        html += QStringLiteral("<p style='margin-top:6px; white-space:nowrap; color:#8a5300'>%1</p>")
                    .arg(skipped.toHtmlEscaped());
    return html;
}

} // namespace

ScatterPanel::ScatterPanel(Session* session, QWidget* parent)
    : QWidget(parent), m_session(session), m_chart(new ScatterChart(this))
{
    m_violations = new QCheckBox(tr("Show violations"), this);
    m_violations->setToolTip(tr("Draw every pair of test rows whose predicted order contradicts the actual order"));
    m_metrics = new QLabel(this);
    m_metrics->setTextFormat(Qt::RichText);
    m_metrics->setWordWrap(false); // short lines only: the label is as wide as its table
    m_metrics->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_metrics->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // The chart keeps a readable size; the dock, not the chart, gives way.
    m_chart->setMinimumSize(fontMetrics().height() * 16, fontMetrics().height() * 13);

    // The metrics beside the chart scroll in a short dock rather than set its height.
    auto* sideContent = new QWidget;
    auto* side = new QVBoxLayout(sideContent);
    side->setContentsMargins(6, 6, 8, 6);
    side->addWidget(m_violations);
    side->addSpacing(6);
    side->addWidget(m_metrics);
    side->addStretch(1);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_chart, 1);
    layout->addWidget(new SideColumn(sideContent, this));

    connect(m_violations, &QCheckBox::toggled, m_chart, &ScatterChart::setShowViolations);
    connect(m_chart, &ScatterChart::pointClicked, this, &ScatterPanel::onPointClicked);
    connect(m_session, &Session::predictionChanged, this, &ScatterPanel::reloadPrediction);
    connect(m_session, &Session::selectionChanged, this, &ScatterPanel::reloadSelection);
    reloadPrediction();
}

ChartWidget* ScatterPanel::chart() const
{
    return m_chart;
}

QString ScatterPanel::skippedRowsText(const core::ProtocolCell& cell)
{
    if (cell.skippedRows <= 0)
        return QString();
    const int unlabelled = std::clamp(cell.unlabelledRows, 0, cell.skippedRows);
    const int incomplete = cell.skippedRows - unlabelled;
    QString why;
    if (incomplete > 0 && unlabelled > 0)
        why = tr("%1 missing values, %2 no MaxAccuracy").arg(incomplete).arg(unlabelled);
    else if (incomplete > 0)
        why = cell.cutoff > 0 ? tr("missing epochs 1–%1 or scheme values").arg(cell.cutoff) : tr("missing scheme values");
    else
        why = tr("no MaxAccuracy yet");
    const QString rows = cell.skippedRows == 1 ? tr("1 row") : tr("%1 rows").arg(cell.skippedRows);
    return tr("%1 left out (%2)").arg(rows, why);
}

QString ScatterPanel::metricsText() const
{
    QTextDocument doc;
    doc.setHtml(m_metrics->text());
    return doc.toPlainText();
}

void ScatterPanel::reloadPrediction()
{
    const auto cell = m_session->prediction();
    if (!cell) {
        m_chart->setContext(QString());
        m_chart->clear();
        const QString error = m_session->predictionError();
        if (m_session->dataset()->rows.empty()) {
            m_metrics->setText(tr("No dataset open."));
        } else if (!error.isEmpty()) {
            // The reason, wrapped to the side column's width: it is the one long text here.
            m_metrics->setText(QStringLiteral("<p style='color:#b3261e'><b>%1</b></p><p>%2</p>")
                                   .arg(tr("The fit failed.").toHtmlEscaped(), error.toHtmlEscaped()));
        } else {
            const RefitSettings& s = m_session->settings();
            m_metrics->setText(tr("Fitting %1 at cutoff %2…").arg(s.regressor.toHtmlEscaped()).arg(s.cutoff));
        }
        // Messages wrap: they must not widen the dock beyond the metrics table's width.
        m_metrics->setWordWrap(true);
        reloadSelection();
        return;
    }
    m_metrics->setWordWrap(false);
    const auto dataset = m_session->dataset();
    QList<double> truth(cell->truth.begin(), cell->truth.end());
    QList<double> predicted(cell->predicted.begin(), cell->predicted.end());
    QList<int> rows(cell->testRowIndices.begin(), cell->testRowIndices.end());
    QList<int> modelIds;
    modelIds.reserve(rows.size());
    for (int row : rows)
        modelIds.append(row >= 0 && static_cast<std::size_t>(row) < dataset->rows.size()
                            ? dataset->rows[static_cast<std::size_t>(row)].modelId
                            : row);
    m_chart->setContext(tr("%1, cutoff %2").arg(QString::fromStdString(cell->model)).arg(cell->cutoff));
    m_chart->setPoints(truth, predicted, rows, modelIds);
    m_metrics->setText(metricsHtml(*cell, QString::fromStdString(core::splitModeName(m_session->settings().split))));
    reloadSelection();
}

void ScatterPanel::reloadSelection()
{
    const QList<int>& selection = m_session->selection();
    m_chart->setHighlighted(QSet<int>(selection.begin(), selection.end()));
}

void ScatterPanel::onPointClicked(int row)
{
    if (QGuiApplication::keyboardModifiers() & Qt::ControlModifier) {
        QList<int> rows = m_session->selection();
        if (rows.contains(row))
            rows.removeAll(row);
        else
            rows.append(row);
        m_session->setSelection(rows);
    } else {
        m_session->setSelection({row});
    }
}

} // namespace naap::ui
