// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "util/screenshot.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QStringList>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <utility>

#include "jobs/leaderboard_controller.h"
#include "jobs/refit_controller.h"
#include "jobs/sweep_controller.h"
#include "panels/leaderboard_panel.h"
#include "main_window.h"
#include "session.h"

namespace naap::ui {

namespace {

void fail(const QString& message)
{
    std::fprintf(stderr, "naap-workbench: %s\n", qPrintable(message));
    QCoreApplication::exit(1);
}

bool writePng(QWidget* window, const QString& path, QString* error)
{
    const qreal dpr = window->devicePixelRatioF();
    QImage image(window->size() * dpr, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(dpr);
    image.fill(window->palette().window().color());
    window->render(&image);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit()) {
        *error = QStringLiteral("Cannot write the screenshot %1: %2.").arg(path, file.errorString());
        return false;
    }
    return true;
}

// Selects four test architectures spread over the accuracy range, so the shot shows the
// linked selection: highlighted curves, table rows and scatter points.
void selectExamples(Session* session)
{
    const auto dataset = session->dataset();
    QList<int> test;
    for (int i = 0; i < static_cast<int>(dataset->rows.size()); ++i)
        if (dataset->rows[static_cast<std::size_t>(i)].isTest == 1)
            test << i;
    std::sort(test.begin(), test.end(), [&](int a, int b) {
        return dataset->rows[static_cast<std::size_t>(a)].maxAccuracy < dataset->rows[static_cast<std::size_t>(b)].maxAccuracy;
    });
    if (test.size() < 4)
        return;
    session->setSelection({test.first(), test[test.size() / 3], test[2 * test.size() / 3], test.last()});
}

} // namespace

void scheduleScreenshot(MainWindow* window, const QString& path)
{
    struct State {
        bool loaded = false;
        bool fitted = false;
        bool ranked = false;
        bool swept = false;
        bool done = false;
    };
    auto state = std::make_shared<State>();
    auto maybeShoot = [window, path, state] {
        if (state->done || !state->loaded || !state->fitted || !state->ranked || !state->swept)
            return;
        state->done = true;
        // Let the charts lay out their last data before rendering.
        QTimer::singleShot(400, window, [window, path] {
            QString error;
            if (!writePng(window, path, &error))
                return fail(error);
            QCoreApplication::exit(0);
        });
    };
    QObject::connect(window, &MainWindow::datasetLoaded, window, [window, state, maybeShoot] {
        state->loaded = true;
        selectExamples(window->session());
        maybeShoot();
    });
    QObject::connect(window, &MainWindow::datasetLoadFailed, window, [](const QString& message) { fail(message); });
    QObject::connect(window->refitController(), &RefitController::refitFinished, window, [state, maybeShoot] {
        state->fitted = true;
        maybeShoot();
    });
    QObject::connect(window->session(), &Session::leaderboardChanged, window, [window, state, maybeShoot] {
        if (window->session()->leaderboard()) {
            state->ranked = true;
            maybeShoot();
        }
    });
    // The metric-vs-cutoff chart fills progressively; the shot shows it complete.
    SweepController* sweep = window->leaderboardPanel()->sweepController();
    auto swept = [state, maybeShoot] {
        state->swept = true;
        maybeShoot();
    };
    QObject::connect(sweep, &SweepController::finished, window, swept);
    QObject::connect(sweep, &SweepController::failed, window, swept);
    QTimer::singleShot(120000, window, [state] {
        if (state->done)
            return;
        // Say what was still missing: on a large table the leaderboard and the sweep (every
        // cutoff, five regressors) may simply need longer than the shot waits.
        QStringList missing;
        for (const auto& [ready, what] : {std::pair{state->loaded, "the dataset"}, std::pair{state->fitted, "the first fit"},
                                          std::pair{state->ranked, "the leaderboard"},
                                          std::pair{state->swept, "the metric-vs-cutoff sweep"}})
            if (!ready)
                missing << QString::fromLatin1(what);
        fail(QStringLiteral("Timed out after 120 s waiting for %1.").arg(missing.join(QStringLiteral(", "))));
    });
}

} // namespace naap::ui
