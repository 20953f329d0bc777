// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The naap-workbench executable itself: --help and --version answer without a display, and
// a --screenshot run renders its PNG, styled by the app's stylesheet, without touching the
// user's saved settings.
#include <QtTest>

#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>

#include "naap/core/data/table_io.h"
#include "synthetic_dataset.h"

class TestWorkbenchApp : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void helpAndVersionNeedNoDisplay_data();
    void helpAndVersionNeedNoDisplay();
    void screenshotLeavesUserSettingsAlone();
};

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run runWorkbench(const QStringList& args, const QProcessEnvironment& env, int timeoutMs)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(NAAP_WORKBENCH_PATH), args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

void TestWorkbenchApp::helpAndVersionNeedNoDisplay_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("expected");
    QTest::newRow("--help") << QStringLiteral("--help") << QStringLiteral("--screenshot <file>");
    QTest::newRow("-h") << QStringLiteral("-h") << QStringLiteral("--dataset <path>");
    QTest::newRow("--version") << QStringLiteral("--version") << QStringLiteral("0.1.0");
}

void TestWorkbenchApp::helpAndVersionNeedNoDisplay()
{
    QFETCH(QString, option);
    QFETCH(QString, expected);
    // The platform a desktop session would use, with no display to connect to: a GUI
    // application aborts there, so only an answer given before the GUI starts passes.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
    const Run r = runWorkbench({option}, env, 30000);
    QVERIFY2(r.exitCode == 0, qPrintable(QStringLiteral("exit %1: %2").arg(r.exitCode).arg(r.err)));
    QVERIFY2(r.out.contains(expected), qPrintable(r.out));
}

void TestWorkbenchApp::screenshotLeavesUserSettingsAlone()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString table = tmp.filePath(QStringLiteral("table.csv"));
    naap::core::writeTableCsv(naap::test::syntheticDataset(), table.toStdString(),
                              naap::core::TableVersion::V1);

    // The user's own settings: a regressor and cutoff of their choosing, a window layout.
    const QString config = tmp.filePath(QStringLiteral("config"));
    QVERIFY(QDir().mkpath(config + QStringLiteral("/NAAP")));
    const QString userFile = config + QStringLiteral("/NAAP/Workbench.conf");
    const QByteArray userSettings = "[fit]\ncutoff=4\nregressor=5-NN\nsplit=interpolation\n\n"
                                    "[General]\nlastDataset=/nowhere/table.csv\n";
    {
        QFile f(userFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(userSettings);
    }

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), config);
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    const QString shot = tmp.filePath(QStringLiteral("shot.png"));
    const Run r = runWorkbench({QStringLiteral("--dataset"), table, QStringLiteral("--screenshot"), shot},
                               env, 240000);
    QVERIFY2(r.exitCode == 0, qPrintable(QStringLiteral("exit %1: %2").arg(r.exitCode).arg(r.err)));

    const QImage image(shot);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 800 && image.height() >= 600);
    // The application's stylesheet is applied: the selected rows (the shot selects four)
    // have its selection colour, not the platform style's.
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    int styled = 0;
    for (int y = 0; y < rgb.height(); ++y)
        for (int x = 0; x < rgb.width(); ++x)
            styled += rgb.pixel(x, y) == qRgb(0xcf, 0xe3, 0xfb) ? 1 : 0;
    QVERIFY2(styled > 1000, qPrintable(QStringLiteral("%1 pixels of the stylesheet's selection colour").arg(styled)));

    QFile f(userFile);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), userSettings);
}

QTEST_GUILESS_MAIN(TestWorkbenchApp)
#include "tst_workbench_app.moc"
