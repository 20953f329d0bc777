// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "views/chart_export.h"

#include <QtCharts/QChart>

#include <QDir>
#include <QFileInfo>
#include <QGraphicsItem>
#include <QGraphicsLayout>
#include <QList>
#include <QPair>
#include <QGraphicsScene>
#include <QImage>
#include <QImageWriter>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

namespace naap::ui {

namespace {

constexpr qreal kPngPixelRatio = 2.0;
constexpr int kVectorDpi = 96; ///< so point-sized fonts keep their on-screen proportions

/// Resizes the chart (and sets its title) for the render; restores both when destroyed.
class ChartResize {
public:
    ChartResize(QChart* chart, QSizeF size, const QString& title)
        : m_chart(chart), m_oldSize(chart->size()), m_oldTitle(chart->title())
    {
        m_chart->setTitle(title);
        // Cached items would reach SVG and PDF as bitmaps: draw them afresh as vectors.
        for (QGraphicsItem* item : m_chart->childItems())
            if (item->cacheMode() != QGraphicsItem::NoCache) {
                m_cached.append({item, item->cacheMode()});
                item->setCacheMode(QGraphicsItem::NoCache);
            }
        apply(size);
    }
    ~ChartResize()
    {
        m_chart->setTitle(m_oldTitle);
        for (const auto& [item, mode] : std::as_const(m_cached))
            item->setCacheMode(mode);
        apply(m_oldSize);
    }
    ChartResize(const ChartResize&) = delete;
    ChartResize& operator=(const ChartResize&) = delete;

private:
    void apply(QSizeF size)
    {
        m_chart->resize(size);
        // Lay out now, not on the next event-loop turn: the render follows at once.
        if (QGraphicsLayout* layout = m_chart->layout()) {
            layout->invalidate();
            layout->activate();
        }
    }

    QChart* m_chart;
    QSizeF m_oldSize;
    QString m_oldTitle;
    QList<QPair<QGraphicsItem*, QGraphicsItem::CacheMode>> m_cached;
};

void render(QChart* chart, QPainter& painter, const QRectF& target)
{
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.fillRect(target, Qt::white);
    const QRectF source(chart->mapToScene(QPointF(0, 0)), chart->size());
    chart->scene()->render(&painter, target, source, Qt::IgnoreAspectRatio);
}

bool writePng(QChart* chart, QSize size, QSaveFile& file, QString* problem)
{
    QImage image(size * kPngPixelRatio, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull()) {
        *problem = QStringLiteral("the image of %1×%2 pixels is too large").arg(size.width()).arg(size.height());
        return false;
    }
    image.setDevicePixelRatio(kPngPixelRatio);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        render(chart, painter, QRectF(QPointF(0, 0), QSizeF(size)));
    }
    QImageWriter writer(&file, "png");
    if (!writer.write(image)) {
        *problem = writer.errorString();
        return false;
    }
    return true;
}

bool writeSvg(QChart* chart, QSize size, const QString& title, QSaveFile& file, QString* problem)
{
    QSvgGenerator svg;
    svg.setOutputDevice(&file);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setResolution(kVectorDpi);
    svg.setTitle(title);
    svg.setDescription(QStringLiteral("Exported from NAAP Workbench"));
    QPainter painter;
    if (!painter.begin(&svg)) {
        *problem = QStringLiteral("the SVG writer could not start");
        return false;
    }
    render(chart, painter, QRectF(QPointF(0, 0), QSizeF(size)));
    painter.end();
    return true;
}

bool writePdf(QChart* chart, QSize size, const QString& title, QSaveFile& file, QString* problem)
{
    QPdfWriter pdf(&file);
    pdf.setResolution(kVectorDpi);
    pdf.setPageSize(QPageSize(QSizeF(size) * 72.0 / kVectorDpi, QPageSize::Point, QString(),
                              QPageSize::ExactMatch));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf.setTitle(title);
    pdf.setCreator(QStringLiteral("NAAP Workbench"));
    QPainter painter;
    if (!painter.begin(&pdf)) {
        *problem = QStringLiteral("the PDF writer could not start");
        return false;
    }
    render(chart, painter, QRectF(0, 0, pdf.width(), pdf.height()));
    painter.end();
    return true;
}

} // namespace

bool exportChart(QChart* chart, const QString& title, const QString& path, QSize size, QString* error)
{
    QString problem;
    const auto fail = [&](const QString& why) {
        if (error)
            *error = QStringLiteral("Cannot export the chart to %1: %2.").arg(QDir::toNativeSeparators(path), why);
        return false;
    };
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg") && suffix != QLatin1String("pdf"))
        return fail(QStringLiteral("the file name must end in .png, .svg or .pdf"));
    if (!chart || !chart->scene())
        return fail(QStringLiteral("there is no chart to render"));
    if (size.isEmpty())
        return fail(QStringLiteral("the size %1×%2 is empty").arg(size.width()).arg(size.height()));
    if (!QFileInfo(QFileInfo(path).absolutePath()).isDir())
        return fail(QStringLiteral("the folder does not exist"));

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(file.errorString());
    bool ok = false;
    {
        ChartResize resize(chart, size, title);
        if (suffix == QLatin1String("png"))
            ok = writePng(chart, size, file, &problem);
        else if (suffix == QLatin1String("svg"))
            ok = writeSvg(chart, size, title, file, &problem);
        else
            ok = writePdf(chart, size, title, file, &problem);
    }
    if (!ok) {
        file.cancelWriting();
        return fail(problem);
    }
    if (!file.commit())
        return fail(file.errorString());
    return true;
}

} // namespace naap::ui
