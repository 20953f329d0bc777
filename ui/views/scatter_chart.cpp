// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "views/scatter_chart.h"

#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "views/interactive_chart_view.h"
#include "views/plot_overlay.h"

namespace naap::ui {

namespace {
constexpr double kClickRadius = 10.0; ///< pixels
constexpr double kHighlightMarker = 13.0; ///< diameter of a selected point, pixels
/// How far the home view keeps every point's centre from the plot's edges, in pixels: a
/// selected marker's radius, its border and a gap, so that no marker touches an axis.
constexpr double kEdgeClearance = kHighlightMarker / 2 + 3;
}

ScatterChart::ScatterChart(QWidget* parent)
    : QtChartWidget(parent),
      m_points(new QScatterSeries),
      m_highlight(new QScatterSeries),
      m_identity(new QLineSeries),
      m_violations(addOverlay(3.5))
{
    axisX()->setTitleText(tr("Actual final accuracy"));
    axisY()->setTitleText(tr("Predicted"));

    QPen identity(QColor(0x80, 0x86, 0x8b));
    identity.setWidthF(1.2);
    identity.setStyle(Qt::DashLine);
    m_identity->setPen(identity);
    m_identity->setName(tr("y = x"));
    attach(m_identity);

    QColor data = dataColor();
    data.setAlpha(190);
    m_points->setName(tr("Test rows"));
    m_points->setColor(data);
    m_points->setBorderColor(QColor(255, 255, 255, 200));
    m_points->setMarkerSize(8);
    attach(m_points);

    m_highlight->setName(tr("Selected"));
    m_highlight->setColor(highlightColor());
    m_highlight->setBorderColor(QColor(0x5a, 0x2d, 0x00));
    m_highlight->setMarkerSize(kHighlightMarker);
    attach(m_highlight);

    qchart()->legend()->setVisible(true);
    // The padding is in pixels: a resized plot needs another padding in values. Only the
    // home view follows (a zoomed view stays), and only for a real change of size.
    connect(qchart(), &QChart::plotAreaChanged, this, [this](const QRectF& area) {
        const QRectF home(QPointF(m_range.x(), m_range.x()), QPointF(m_range.y(), m_range.y()));
        const bool atHome = visibleRanges() == home; // QRectF compares fuzzily
        if (atHome && std::abs(std::min(area.width(), area.height()) - m_rangePixels) >= 4)
            updateRange();
    });
    connect(m_points, &QScatterSeries::hovered, this, &ScatterChart::onHovered);
    connect(m_highlight, &QScatterSeries::hovered, this, &ScatterChart::onHovered);
    connect(chartView(), &InteractiveChartView::clicked, this, [this](QPointF value) {
        const int i = nearestPoint(value, kClickRadius);
        if (i >= 0)
            Q_EMIT pointClicked(m_rows[i]);
    });
    clear();
}

ScatterChart::~ScatterChart() = default;

QString ScatterChart::chartTitle() const
{
    return m_context.isEmpty() ? tr("Predicted vs actual") : tr("Predicted vs actual — %1").arg(m_context);
}

void ScatterChart::setContext(const QString& context)
{
    m_context = context;
}

void ScatterChart::setPoints(const QList<double>& truth, const QList<double>& predicted,
                             const QList<int>& rows, const QList<int>& modelIds)
{
    Q_ASSERT(truth.size() == predicted.size() && truth.size() == rows.size());
    Q_ASSERT(modelIds.isEmpty() || modelIds.size() == rows.size());
    m_truth = truth;
    m_predicted = predicted;
    m_rows = rows;
    m_modelIds = modelIds;

    QList<QPointF> pts;
    pts.reserve(truth.size());
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (qsizetype i = 0; i < truth.size(); ++i) {
        if (!std::isfinite(truth[i]) || !std::isfinite(predicted[i]))
            continue;
        pts.append(QPointF(truth[i], predicted[i]));
        lo = std::min({lo, truth[i], predicted[i]});
        hi = std::max({hi, truth[i], predicted[i]});
    }
    m_points->replace(pts);
    if (!(hi >= lo)) {
        lo = 0.0;
        hi = 1.0;
    }
    m_data = QPointF(lo, hi);
    updateRange();
    updateHighlight();
    updateViolations();
}

void ScatterChart::updateRange()
{
    // Before the first layout the plot's size is unknown: assume a small one, which pads
    // generously; the first plotAreaChanged refines it.
    const QRectF area = qchart()->plotArea();
    const double pixels = area.isEmpty() ? 200.0 : std::min(area.width(), area.height());
    m_rangePixels = pixels;
    const double lo = m_data.x(), hi = m_data.y(), span = hi - lo;
    // A pad p shows as p / (span + 2p) of the plot: at least kEdgeClearance pixels when
    // p ≥ clearance · span / (pixels − 2 · clearance).
    const double markerPad = kEdgeClearance * span / std::max(pixels - 2 * kEdgeClearance, kEdgeClearance);
    const double pad = std::max({span * 0.04, 0.005, markerPad});
    m_range = QPointF(lo - pad, hi + pad);
    m_identity->replace({QPointF(m_range.x(), m_range.x()), QPointF(m_range.y(), m_range.y())});
    setHomeRanges(m_range.x(), m_range.y(), m_range.x(), m_range.y());
}

void ScatterChart::clear()
{
    setPoints({}, {}, {});
}

void ScatterChart::setHighlighted(const QSet<int>& rows)
{
    m_highlighted = rows;
    updateHighlight();
}

void ScatterChart::setShowViolations(bool show)
{
    m_showViolations = show;
    updateViolations();
}

int ScatterChart::highlightedCount() const
{
    return static_cast<int>(m_highlight->count());
}

void ScatterChart::updateHighlight()
{
    QList<QPointF> pts;
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        if (m_highlighted.contains(m_rows[i]) && std::isfinite(m_truth[i]) && std::isfinite(m_predicted[i]))
            pts.append(QPointF(m_truth[i], m_predicted[i]));
    m_highlight->replace(pts);
}

void ScatterChart::updateViolations()
{
    m_violationCount = 0;
    if (!m_showViolations) {
        m_violations->setStrokes({});
        return;
    }
    // The core's definition: rows stably sorted by ascending truth, a pair i < j violates
    // when pred[i] > pred[j]. O(n²) is fine for a few hundred points.
    std::vector<qsizetype> order(static_cast<std::size_t>(m_truth.size()));
    std::iota(order.begin(), order.end(), qsizetype{0});
    std::stable_sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) { return m_truth[a] < m_truth[b]; });
    QPainterPath path;
    for (std::size_t a = 0; a < order.size(); ++a)
        for (std::size_t b = a + 1; b < order.size(); ++b) {
            const qsizetype i = order[a], j = order[b];
            if (m_predicted[i] > m_predicted[j]) {
                path.moveTo(m_truth[i], m_predicted[i]);
                path.lineTo(m_truth[j], m_predicted[j]);
                ++m_violationCount;
            }
        }
    QPen pen(QColor(0xd6, 0x27, 0x28, 110));
    pen.setWidthF(1.0);
    m_violations->setStrokes({{path, pen}});
}

int ScatterChart::nearestPoint(QPointF value, double maxPixels) const
{
    const QRectF area = qchart()->plotArea();
    const double xSpan = axisX()->max() - axisX()->min(), ySpan = axisY()->max() - axisY()->min();
    if (area.isEmpty() || !(xSpan > 0) || !(ySpan > 0))
        return -1;
    const double sx = area.width() / xSpan, sy = area.height() / ySpan;
    int best = -1;
    double bestD2 = maxPixels * maxPixels;
    for (qsizetype i = 0; i < m_truth.size(); ++i) {
        const double dx = (m_truth[i] - value.x()) * sx, dy = (m_predicted[i] - value.y()) * sy;
        const double d2 = dx * dx + dy * dy;
        if (d2 <= bestD2) {
            bestD2 = d2;
            best = static_cast<int>(i);
        }
    }
    return best;
}

void ScatterChart::onHovered(QPointF point, bool state)
{
    const int i = state ? nearestPoint(point, kClickRadius * 2) : -1;
    if (i < 0) {
        showToolTip(QString());
        return;
    }
    const QString who = m_modelIds.isEmpty() ? tr("Row %1").arg(m_rows[i]) : tr("ModelId %1").arg(m_modelIds[i]);
    showToolTip(tr("%1\nactual %2 · predicted %3 · error %4")
                    .arg(who)
                    .arg(m_truth[i], 0, 'f', 4)
                    .arg(m_predicted[i], 0, 'f', 4)
                    .arg(m_predicted[i] - m_truth[i], 0, 'f', 4));
}

} // namespace naap::ui
