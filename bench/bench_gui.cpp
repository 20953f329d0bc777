// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// naap-bench-gui --dataset PATH [--regressor NAME] [--step-ms N]
// Drives the real main window offscreen: once the dataset is loaded and the first fit is
// done, drags the cutoff slider 0..90 (one step every --step-ms) and steps it back to 0
// (each step once the previous refit landed), while a 1 ms timer measures how long the
// event loop is ever blocked. Prints one JSON line: max_stall_ms over both phases,
// refit_median_ms / refit_max_ms of the settle phase, and how many results went stale.
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "jobs/refit_controller.h"
#include "jobs/sweep_controller.h"
#include "panels/leaderboard_panel.h"
#include "main_window.h"
#include "naap/core/data/locate.h"
#include "naap/core/error.h"
#include "panels/cutoff_slider.h"
#include "panels/regressor_panel.h"
#include "session.h"

namespace {

double median(std::vector<double> v)
{
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("NAAP"));
    QApplication::setApplicationName(QStringLiteral("WorkbenchBench")); // never touch a user's settings

    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("dataset"), QStringLiteral("Table CSV (or v1/v2)."), QStringLiteral("path"), QStringLiteral("v1")});
    parser.addOption({QStringLiteral("regressor"), QStringLiteral("Regressor to refit."), QStringLiteral("name"),
                      QStringLiteral("Random Forest (N=100)")});
    parser.addOption({QStringLiteral("step-ms"), QStringLiteral("Milliseconds between slider steps."), QStringLiteral("ms"),
                      QStringLiteral("30")});
    parser.process(app);

    std::string path;
    try {
        path = naap::core::resolveDatasetPath(parser.value(QStringLiteral("dataset")).toStdString());
    } catch (const naap::core::Error& e) {
        std::fprintf(stderr, "naap-bench-gui: %s\n", e.what());
        return 1;
    }

    naap::ui::MainWindow window;
    window.setQuiet(true);
    window.resize(1600, 1000);
    window.show();
    window.session()->setRegressor(parser.value(QStringLiteral("regressor")));
    window.session()->setCutoff(0);

    std::vector<double> refitMs;
    int stale = 0;
    bool sweeping = false;
    double maxStall = 0.0;
    QElapsedTimer clock;
    qint64 lastTick = -1;
    QTimer monitor;
    monitor.setTimerType(Qt::PreciseTimer);
    monitor.setInterval(1);
    QObject::connect(&monitor, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (lastTick >= 0 && sweeping)
            maxStall = std::max(maxStall, (now - lastTick) / 1e6 - 1.0);
        lastTick = now;
    });

    naap::ui::RefitController* refit = window.refitController();
    QObject::connect(refit, &naap::ui::RefitController::refitFinished, [&](quint64, qint64 ms) {
        if (sweeping)
            refitMs.push_back(double(ms));
    });
    QObject::connect(refit, &naap::ui::RefitController::staleResultDropped, [&] { ++stale; });
    QObject::connect(&window, &naap::ui::MainWindow::datasetLoadFailed, [](const QString& message) {
        std::fprintf(stderr, "naap-bench-gui: %s\n", qPrintable(message));
        QCoreApplication::exit(1);
    });

    // Phase "drag": 0 -> 90 one step every --step-ms, as a hand drags the slider (most
    // refits go stale). Phase "settle": 90 -> 0, each step after the previous refit
    // landed, which measures the refit latency at every cutoff.
    std::vector<int> steps;
    std::size_t dragSteps = 0;
    QTimer stepper;
    stepper.setInterval(parser.value(QStringLiteral("step-ms")).toInt());
    std::size_t next = 0;
    bool waitingForRefit = false;
    QObject::connect(refit, &naap::ui::RefitController::refitFinished, [&] { waitingForRefit = false; });
    QObject::connect(refit, &naap::ui::RefitController::refitFailed, [&] { waitingForRefit = false; });
    QObject::connect(&stepper, &QTimer::timeout, [&] {
        const bool settling = next > dragSteps;
        if (next < steps.size() && !(settling && (waitingForRefit || refit->isBusy()))) {
            if (next == dragSteps)
                refitMs.clear(); // latency is measured in the settle phase only
            waitingForRefit = next >= dragSteps;
            window.regressorPanel()->cutoffSlider()->setValue(steps[next++]);
            return;
        }
        if (next < steps.size() || refit->isBusy() || waitingForRefit)
            return; // let the last refit land
        stepper.stop();
        sweeping = false;
        std::printf("{\"max_stall_ms\":%.1f,\"refit_median_ms\":%.1f,\"refit_max_ms\":%.1f,\"refits\":%zu,"
                    "\"stale_dropped\":%d,\"steps\":%zu,\"step_ms\":%d,\"regressor\":\"%s\"}\n",
                    maxStall, median(refitMs), refitMs.empty() ? 0.0 : *std::max_element(refitMs.begin(), refitMs.end()),
                    refitMs.size(), stale, steps.size(), stepper.interval(),
                    qPrintable(window.session()->settings().regressor));
        QCoreApplication::exit(0);
    });

    // Start once the data is loaded, the first fit is done and the leaderboard's
    // metric-vs-cutoff sweep (which starts with the dataset) has finished, so the
    // figures measure the slider alone.
    bool started = false;
    bool fitted = false;
    bool swept = false;
    auto begin = [&] {
        if (started || !fitted || !swept)
            return;
        started = true;
        const int epochs = window.session()->dataset()->numEpochs;
        for (int c = 1; c <= epochs; ++c)
            steps.push_back(c);
        dragSteps = steps.size();
        for (int c = epochs - 1; c >= 0; --c)
            steps.push_back(c);
        sweeping = true;
        clock.start();
        monitor.start();
        stepper.start();
    };
    QObject::connect(refit, &naap::ui::RefitController::refitFinished, [&] {
        fitted = true;
        begin();
    });
    auto* sweep = window.leaderboardPanel()->sweepController();
    QObject::connect(sweep, &naap::ui::SweepController::finished, [&] {
        swept = true;
        begin();
    });
    QObject::connect(sweep, &naap::ui::SweepController::failed, [&] {
        swept = true;
        begin();
    });
    window.openDataset(QString::fromStdString(path));
    QTimer::singleShot(600000, [] {
        std::fprintf(stderr, "naap-bench-gui: timed out\n");
        QCoreApplication::exit(1);
    });
    return app.exec();
}
