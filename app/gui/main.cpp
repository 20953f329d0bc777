// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// naap-workbench [--dataset PATH] [--screenshot FILE]
#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QSettings>
#include <QTimer>

#include <cstdio>

#include "jobs/leaderboard_controller.h"
#include "jobs/refit_controller.h"
#include "main_window.h"
#include "naap/core/data/locate.h"
#include "naap/core/error.h"
#include "util/screenshot.h"

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("NAAP"));
    QApplication::setApplicationName(QStringLiteral("Workbench"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    QFile style(QStringLiteral(":/naap/style.qss"));
    if (style.open(QIODevice::ReadOnly))
        app.setStyleSheet(QString::fromUtf8(style.readAll()));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("NAAP Workbench: neural architecture accuracy prediction."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("dataset"), QStringLiteral("Open this table CSV, raw-log folder or schemes JSON."),
                      QStringLiteral("path")});
    parser.addOption({QStringLiteral("screenshot"),
                      QStringLiteral("Render the main window, data loaded and first fit done, to a PNG and exit."),
                      QStringLiteral("file")});
    parser.process(app);

    const bool screenshot = parser.isSet(QStringLiteral("screenshot"));
    if (screenshot)
        QSettings().clear(); // a documentation shot shows the default layout, not a user's

    naap::ui::MainWindow window;
    QString dataset = parser.value(QStringLiteral("dataset"));
    if (dataset.isEmpty())
        dataset = QSettings().value(QStringLiteral("lastDataset")).toString();
    if (dataset.isEmpty() || dataset == QLatin1String("v1") || dataset == QLatin1String("v2")) {
        try {
            dataset = QString::fromStdString(naap::core::resolveDatasetPath(dataset.toStdString()));
        } catch (const naap::core::Error& e) {
            if (screenshot) {
                std::fprintf(stderr, "naap-workbench: %s\n", e.what());
                return 1;
            }
            dataset.clear(); // start empty: File ▸ Download NAAP-440 is one click away
        }
    }
    if (screenshot) {
        window.setQuiet(true);
        window.resize(1600, 1000);
        naap::ui::scheduleScreenshot(&window, parser.value(QStringLiteral("screenshot")));
    }
    window.show();
    if (!dataset.isEmpty())
        window.openDataset(dataset);
    return app.exec();
}
