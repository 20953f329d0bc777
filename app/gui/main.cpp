// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// naap-workbench [--dataset PATH] [--screenshot FILE]
#include <QApplication>
#include <QCommandLineParser>
#include <QScreen>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <memory>

#include "jobs/leaderboard_controller.h"
#include "jobs/refit_controller.h"
#include "main_window.h"
#include "util/appearance.h"
#include "naap/core/data/locate.h"
#include "naap/core/error.h"
#include "util/screenshot.h"

namespace {

void nameApplication()
{
    QCoreApplication::setOrganizationName(QStringLiteral("NAAP"));
    QCoreApplication::setApplicationName(QStringLiteral("Workbench"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));
}

void describeOptions(QCommandLineParser& parser)
{
    parser.setApplicationDescription(QStringLiteral("NAAP Workbench: neural architecture accuracy prediction."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("dataset"), QStringLiteral("Open this table CSV, raw-log folder or schemes JSON."),
                      QStringLiteral("path")});
    parser.addOption({QStringLiteral("screenshot"),
                      QStringLiteral("Render the main window, data loaded and first fit done, to a PNG and exit. "
                                     "The shot starts from the default layout and leaves your settings alone."),
                      QStringLiteral("file")});
}

// --help and --version print and exit: they need no display, so they are answered before the
// GUI starts (a QApplication without a display aborts).
bool asksForHelpOrVersion(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
        for (const char* option : {"-h", "--help", "-?", "--help-all", "-v", "--version"})
            if (std::strcmp(argv[i], option) == 0)
                return true;
    return false;
}

} // namespace

int main(int argc, char** argv)
{
    if (asksForHelpOrVersion(argc, argv)) {
        QCoreApplication app(argc, argv);
        nameApplication();
        QCommandLineParser parser;
        describeOptions(parser);
        parser.process(app); // prints and exits
        return 0;
    }

    QApplication app(argc, argv);
    nameApplication();
    app.setPalette(naap::ui::applicationPalette(app.palette()));
    app.setStyleSheet(naap::ui::applicationStyleSheet());

    QCommandLineParser parser;
    describeOptions(parser);
    parser.process(app);

    const bool screenshot = parser.isSet(QStringLiteral("screenshot"));
    // A documentation shot shows the default layout, not a user's, and must not change the
    // user's settings either: it keeps its own in a throwaway folder.
    std::unique_ptr<QTemporaryDir> shotSettings;
    if (screenshot) {
        shotSettings = std::make_unique<QTemporaryDir>();
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, shotSettings->path());
    }

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
    } else if (!window.restoredLayout()) {
        // A first run on a laptop: fit the screen, frame and panel included.
        if (const QScreen* screen = window.screen())
            window.fitToScreen(screen->availableGeometry().size() - QSize(16, 48));
    }
    window.show();
    if (!dataset.isEmpty())
        window.openDataset(dataset);
    return app.exec();
}
