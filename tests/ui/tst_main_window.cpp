// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The composed main window: opening datasets (and keeping the old one on a bad file),
// the slider driving a background refit into the scatter and its metrics, exports
// through the menu's code paths, and settings that persist.
#include <QtTest>

#include <QApplication>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QXmlStreamReader>

#include "export_actions.h"
#include "jobs/refit_controller.h"
#include "main_window.h"
#include "panels/cutoff_slider.h"
#include "panels/curves_panel.h"
#include "panels/regressor_panel.h"
#include "panels/scatter_panel.h"
#include "session.h"
#include "test_paths.h"
#include "views/chart_widget.h"
#include "views/scatter_chart.h"

using namespace naap::ui;

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void opensNaap440AndFits();
    void badCsvKeepsPreviousDataset();
    void badCsvShowsAMessage();
    void sliderRefitsScatterAndMetrics();
    void exportsValidFiles();
    void settingsPersist();

private:
    bool openAndFit(MainWindow& w, const QString& path);
    QString m_data;
    QTemporaryDir m_tmp;
};

void TestMainWindow::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("NAAPTest"));
    QCoreApplication::setApplicationName(QStringLiteral("MainWindowTest"));
    m_data = naap::test::naap440Dir();
    QVERIFY2(!m_data.isEmpty(), "NAAP-440 was not found: set NAAP_DATA_DIR or keep ../shared/datasets/naap440 beside the checkout");
    QVERIFY(m_tmp.isValid());
}

void TestMainWindow::init() { QSettings().clear(); }

bool TestMainWindow::openAndFit(MainWindow& w, const QString& path)
{
    QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
    QSignalSpy fitted(w.refitController(), &RefitController::refitFinished);
    w.openDataset(path);
    return loaded.wait(20000) && (fitted.count() > 0 || fitted.wait(20000));
}

void TestMainWindow::opensNaap440AndFits()
{
    MainWindow w;
    w.setQuiet(true);
    QVERIFY(openAndFit(w, m_data + "/naap440.csv"));
    QCOMPARE(int(w.session()->dataset()->rows.size()), 440);
    QVERIFY(w.session()->prediction());
    QCOMPARE(w.session()->prediction()->selected.n, 40);
    QCOMPARE(w.scatterPanel()->scatterChart()->pointCount(), 40);
}

void TestMainWindow::badCsvKeepsPreviousDataset()
{
    MainWindow w;
    w.setQuiet(true);
    QVERIFY(openAndFit(w, m_data + "/naap440.csv"));
    const auto before = w.session()->dataset();
    const QString bad = naap::test::writeFile(m_tmp.path(), "bad.csv", "ModelId,IsTest,MaxAccuracy\n1,0,0.5\n2,1,abc\n");
    QSignalSpy failed(&w, &MainWindow::datasetLoadFailed);
    w.openDataset(bad);
    QVERIFY(failed.wait(10000));
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains("bad.csv") && message.contains("line 3"), qPrintable(message));
    QCOMPARE(w.session()->dataset(), before);
    QCOMPARE(w.session()->datasetPath(), m_data + "/naap440.csv");
}

void TestMainWindow::badCsvShowsAMessage()
{
    MainWindow w;
    w.show();
    const QString bad = naap::test::writeFile(m_tmp.path(), "empty.csv", "");
    QString shown;
    // The warning is modal: read and close it from the event loop.
    QTimer closer;
    connect(&closer, &QTimer::timeout, this, [&] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            shown = box->text();
            box->accept();
        }
    });
    closer.start(20);
    w.openDataset(bad);
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 10000);
    QVERIFY2(shown.contains("empty.csv"), qPrintable(shown));
    QVERIFY(w.session()->dataset()->rows.empty());
}

void TestMainWindow::sliderRefitsScatterAndMetrics()
{
    MainWindow w;
    w.setQuiet(true);
    w.session()->setRegressor(QStringLiteral("Linear Regression"));
    QVERIFY(openAndFit(w, m_data + "/naap440.csv"));
    const QList<double> before = w.scatterPanel()->scatterChart()->predictedValues();
    const QString metricsBefore = w.scatterPanel()->metricsText();
    const double maeBefore = w.session()->prediction()->selected.mae;

    QSignalSpy fitted(w.refitController(), &RefitController::refitFinished);
    QSignalSpy predicted(w.session(), &Session::predictionChanged);
    w.regressorPanel()->cutoffSlider()->setValue(9);
    QVERIFY(fitted.wait(20000));
    QVERIFY(predicted.count() >= 1);
    QCOMPARE(w.session()->settings().cutoff, 9);
    QVERIFY(w.scatterPanel()->scatterChart()->predictedValues() != before);
    QVERIFY(w.scatterPanel()->metricsText() != metricsBefore);
    // Linear Regression at cutoff 9 on NAAP-440: scikit-learn 1.2.1 gives MAE 0.00689.
    QVERIFY(std::abs(w.session()->prediction()->selected.mae - 0.00689) < 0.00002);
    QVERIFY(w.session()->prediction()->selected.mae != maeBefore);
}

void TestMainWindow::exportsValidFiles()
{
    MainWindow w;
    w.setQuiet(true);
    QVERIFY(openAndFit(w, m_data + "/naap440.csv"));
    ExportActions* ex = w.exportActions();
    QString error;
    const QString png = m_tmp.filePath("curves.png");
    QVERIFY2(ex->exportChart(w.curvesPanel()->chart(), png, &error), qPrintable(error));
    QImage image(png);
    QVERIFY(!image.isNull() && image.width() >= 400);
    const QString svg = m_tmp.filePath("scatter.svg");
    QVERIFY2(ex->exportChart(w.scatterPanel()->chart(), svg, &error), qPrintable(error));
    QFile svgFile(svg);
    QVERIFY(svgFile.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&svgFile);
    while (!xml.atEnd())
        xml.readNext();
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    const QString pdf = m_tmp.filePath("scatter.pdf");
    QVERIFY2(ex->exportChart(w.scatterPanel()->chart(), pdf, &error), qPrintable(error));
    QFile pdfFile(pdf);
    QVERIFY(pdfFile.open(QIODevice::ReadOnly));
    QVERIFY(pdfFile.read(5) == "%PDF-");

    const QString table = m_tmp.filePath("table.csv");
    QVERIFY2(ex->exportTable(table, &error), qPrintable(error));
    QFile tableFile(table);
    QVERIFY(tableFile.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(tableFile.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 441);
    QVERIFY(lines.first().startsWith("ModelId,"));

    const QString preds = m_tmp.filePath("predictions.csv");
    QVERIFY2(ex->exportPredictions(preds, &error), qPrintable(error));
    QFile predsFile(preds);
    QVERIFY(predsFile.open(QIODevice::ReadOnly | QIODevice::Text));
    QCOMPARE(QString::fromUtf8(predsFile.readAll()).split('\n', Qt::SkipEmptyParts).size(), 41);
}

void TestMainWindow::settingsPersist()
{
    {
        MainWindow w;
        w.setQuiet(true);
        w.session()->setRegressor(QStringLiteral("SVR (RBF kernel)"));
        QVERIFY(openAndFit(w, m_data + "/naap440.csv"));
        w.session()->setCutoff(12);
        w.close();
    }
    MainWindow again;
    QCOMPARE(again.session()->settings().regressor, QStringLiteral("SVR (RBF kernel)"));
    QCOMPARE(again.session()->settings().cutoff, 12);
    QCOMPARE(QSettings().value("lastDataset").toString(), m_data + "/naap440.csv");
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
