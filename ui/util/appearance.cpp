// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "util/appearance.h"

#include <QColor>
#include <QFile>
#include <QtGlobal>

// Q_INIT_RESOURCE declares the initialiser in the enclosing namespace: call it from the
// global one, where rcc defines it.
static void initNaapResources() { Q_INIT_RESOURCE(naap); }

namespace naap::ui {

QString applicationStyleSheet()
{
    initNaapResources();
    QFile style(QStringLiteral(":/naap/style.qss"));
    if (!style.open(QIODevice::ReadOnly)) {
        qWarning("naap-workbench: the stylesheet :/naap/style.qss is missing from the build.");
        return QString();
    }
    return QString::fromUtf8(style.readAll());
}

QPalette applicationPalette(const QPalette& system)
{
    if (system.color(QPalette::Window).lightness() >= 128 && system.color(QPalette::WindowText).lightness() < 128)
        return system; // a light desktop keeps its own colours
    QPalette light(QColor(0xef, 0xef, 0xef)); // button and window; black text on white base
    light.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
    light.setColor(QPalette::HighlightedText, Qt::white);
    light.setColor(QPalette::ToolTipBase, QColor(0xff, 0xff, 0xdc));
    light.setColor(QPalette::ToolTipText, Qt::black);
    return light;
}

} // namespace naap::ui
