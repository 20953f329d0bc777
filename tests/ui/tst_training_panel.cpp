// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The training panel end to end on synthetic CIFAR-format data: train a selected
// architecture, cancel it mid-run, resume it, and check the log, the live prediction, the
// reproduced view, the merge of a new architecture into the dataset, the scheme editor,
// and that the GUI thread keeps turning meanwhile.
#include <QtTest>

#include <QCheckBox>
#include <QComboBox>
#include <QSpinBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QPainter>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>

#include <cmath>

#include "dataset_loader.h"
#include "jobs/leaderboard_controller.h"
#include "jobs/refit_controller.h"
#include "jobs/sweep_controller.h"
#include "jobs/training_controller.h"
#include "main_window.h"
#include "models/training_queue_model.h"
#include "naap/core/data/cifar.h"
#include "naap/core/data/raw_logs.h"
#include "naap/core/data/table_io.h"
#include "naap/core/features/features.h"
#include "naap/core/models/registry.h"
#include "naap/core/protocol/protocol.h"
#include "panels/leaderboard_panel.h"
#include "panels/scheme_editor.h"
#include "panels/training_panel.h"
#include "session.h"
#include "synthetic_dataset.h"
#include "test_paths.h"
#include "views/training_curves_chart.h"

using namespace naap::ui;
namespace core = naap::core;

namespace {

constexpr int kEpochs = 4;
constexpr int kLongWait = 180000;

/// Measures the longest gap between ticks of a 10 ms timer on the GUI thread.
class StallProbe {
public:
    StallProbe()
    {
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 gap = m_clock.restart();
            if (gap > m_max && qEnvironmentVariableIsSet("NAAP_STALL_DEBUG"))
                qDebug() << "gap" << gap << "ms";
            m_max = std::max(m_max, gap);
        });
        m_clock.start();
        m_timer.start();
    }
    qint64 maxGapMs() const { return m_max; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_max = 0;
};

QList<int> loggedEpochs(const QString& logPath)
{
    QFile file(logPath);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<int> epochs;
    static const QRegularExpression re(QStringLiteral("^\\d{14} Epoch (\\d+), LR:"));
    for (const QByteArray& line : file.readAll().split('\n')) {
        const auto m = re.match(QString::fromUtf8(line));
        if (m.hasMatch())
            epochs << m.captured(1).toInt();
    }
    return epochs;
}

} // namespace

class TestTrainingPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void missingDataOffersDownloadAndSynthetic();
    void trainSelectedCancelResume();
    void newArchitectureMergesIntoDataset();
    void schemeEditorValidatesAndProfiles();
    void schemeEditorPredictsAtCutoffZero();

private:
    std::shared_ptr<const core::Dataset> naap440();
    void prepare(TrainingPanel* panel, const QString& runs);

    QTemporaryDir m_tmp;
    QString m_data;
    QString m_csv;
};

void TestTrainingPanel::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    // Keep the per-user folders (CIFAR-10 search, runs, settings) away from the real ones.
    qputenv("XDG_DATA_HOME", m_tmp.filePath(QStringLiteral("xdg")).toUtf8());
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(!naap::test::naap440Dir().isEmpty(), "NAAP-440 (../shared/datasets/naap440) is needed");
    m_csv = naap::test::naap440Dir() + QStringLiteral("/naap440.csv");
    m_data = m_tmp.filePath(QStringLiteral("data"));
    core::SyntheticCifarParams params;
    params.trainImages = 512;
    params.testImages = 256;
    core::writeSyntheticCifar(m_data.toStdString(), params);
}

std::shared_ptr<const core::Dataset> TestTrainingPanel::naap440()
{
    const LoadOutcome outcome = DatasetLoader::loadNow(m_csv);
    return outcome.dataset;
}

void TestTrainingPanel::prepare(TrainingPanel* panel, const QString& runs)
{
    QVERIFY(panel->setDataFolder(m_data));
    QVERIFY(panel->dataIsSynthetic());
    panel->setOutputFolder(runs);
    panel->epochsSpin()->setValue(kEpochs);
    // Small batches: 16 per epoch, so a cancel lands inside an epoch, not after the run.
    panel->batchSpin()->setValue(32);
    QTRY_VERIFY_WITH_TIMEOUT(panel->trainSelectedAction()->isEnabled(), 60000); // devices listed
    QVERIFY(panel->deviceCombo()->currentText().startsWith(QStringLiteral("CPU")) ||
            panel->deviceCombo()->currentText().startsWith(QStringLiteral("CUDA")));
}

void TestTrainingPanel::missingDataOffersDownloadAndSynthetic()
{
    Session session;
    TrainingPanel panel(&session);
    panel.resize(1200, 600);
    panel.show();
    QVERIFY(panel.dataFolder().isEmpty());
    QVERIFY(panel.downloadButton()->isVisible());
    QVERIFY(panel.syntheticButton()->isVisible());
    QVERIFY(!panel.trainSelectedAction()->isEnabled());

    QSignalSpy ready(&panel, &TrainingPanel::dataReady);
    core::SyntheticCifarParams params;
    params.trainImages = 60;
    params.testImages = 20;
    const QString dir = m_tmp.filePath(QStringLiteral("generated"));
    panel.generateSyntheticData(dir, params);
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 30000);
    QCOMPARE(panel.dataFolder(), dir);
    QVERIFY(panel.dataIsSynthetic());
    QVERIFY(core::isSyntheticCifar(dir.toStdString()));
    QVERIFY(!panel.syntheticButton()->isVisible());
    QVERIFY(panel.downloadButton()->isVisible()); // the real data stays on offer
    QTRY_VERIFY_WITH_TIMEOUT(panel.trainSelectedAction()->isEnabled(), 60000);
    // A folder without batch files is refused and said so.
    QVERIFY(!panel.setDataFolder(m_tmp.filePath(QStringLiteral("xdg"))));
    QVERIFY(panel.statusText().contains(QStringLiteral("does not hold")));
}

void TestTrainingPanel::trainSelectedCancelResume()
{
    MainWindow window;
    window.setQuiet(true);
    window.resize(1600, 1000);
    window.show();
    QSignalSpy loaded(&window, &MainWindow::datasetLoaded);
    window.openDataset(m_csv);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, 30000);
    Session* session = window.session();
    session->setRegressor(QStringLiteral("Linear Regression"));
    session->setCutoff(2);
    TrainingPanel* panel = window.trainingPanel();
    const QString runs = m_tmp.filePath(QStringLiteral("runs-selected"));
    prepare(panel, runs);
    TrainingController* controller = panel->controller();

    const int row = session->dataset()->indexOfModel(1);
    QVERIFY(row >= 0);
    session->setSelection({row});
    QSignalSpy epochs(controller, &TrainingController::epochFinished);
    QSignalSpy ended(controller, &TrainingController::jobEnded);
    QSignalSpy predicted(panel, &TrainingPanel::livePredictionShown);
    QSignalSpy merged(panel, &TrainingPanel::runMerged);
    // The other panels' first fits (refit, leaderboard, sweep) settle before the probe
    // starts: it measures what training costs the GUI thread.
    SweepController* sweep = window.leaderboardPanel()->sweepController();
    QTRY_VERIFY_WITH_TIMEOUT(session->prediction() && session->leaderboard() && !window.refitController()->isBusy() &&
                                 !window.leaderboardController()->isBusy() && !sweep->isRunning(),
                             60000);
    StallProbe probe;

    panel->trainSelectedAction()->trigger();
    QCOMPARE(controller->jobs().size(), 1);
    const int id = controller->jobs().front().id;
    QCOMPARE(controller->jobs().front().modelId, 1);
    QVERIFY(controller->jobs().front().label().contains(QStringLiteral("synthetic")));
    QCOMPARE(panel->watchedJob(), id);

    // Cancel through the panel's button once the first epoch is in.
    QTRY_VERIFY_WITH_TIMEOUT(epochs.size() >= 1, kLongWait);
    panel->queueView()->selectRow(0);
    auto* cancel = panel->findChild<QPushButton*>(QStringLiteral("trainingCancel"));
    auto* resume = panel->findChild<QPushButton*>(QStringLiteral("trainingResume"));
    QVERIFY(cancel && resume);
    QVERIFY(cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, kLongWait);
    const TrainingJobState* job = controller->job(id);
    QCOMPARE(job->status, TrainingStatus::Cancelled);
    const int before = job->epochsDone();
    QVERIFY2(before >= 1 && before < kEpochs, qPrintable(QString::number(before)));
    QCOMPARE(merged.size(), 0); // a cancelled run merges nothing
    QVERIFY(panel->statusText().contains(QStringLiteral("cancelled")));

    QTRY_VERIFY(resume->isEnabled());
    QTest::mouseClick(resume, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 2, kLongWait);
    job = controller->job(id);
    QCOMPARE(job->status, TrainingStatus::Finished);
    QVERIFY(!job->device.isEmpty());

    // The log holds epochs 1..N exactly once, and the job's results agree.
    QCOMPARE(loggedEpochs(job->logPath), QList<int>({1, 2, 3, 4}));
    QCOMPARE(core::readRawLog(job->logPath.toStdString()).epochs.size(), std::size_t(kEpochs));
    QCOMPARE(job->epochsDone(), kEpochs);
    for (int e = 0; e < kEpochs; ++e)
        QCOMPARE(job->results[std::size_t(e)].epoch, e + 1);

    // The live prediction came once the job had >= cutoff epochs, never before.
    QTRY_VERIFY_WITH_TIMEOUT(!predicted.isEmpty(), 30000);
    QVERIFY(predicted.front().at(2).toInt() >= 2);
    const double value = predicted.front().at(1).toDouble();
    QVERIFY(std::isfinite(value));
    QCOMPARE(job->predictedCutoff, 2);
    QVERIFY(!panel->queueModel()->index(0, TrainingQueueModel::Predicted).data().toString().isEmpty());
    QVERIFY(panel->predictionText().contains(QString::number(job->predictedFinal, 'f', 4)));
    QCOMPARE(panel->chart()->prediction(), job->predictedFinal);

    // ModelId 1 is in NAAP-440: the run is listed as reproduced, the dataset untouched.
    QTRY_COMPARE(merged.size(), 1);
    QCOMPARE(merged.front().at(2).toBool(), true);
    QCOMPARE(session->dataset()->rows.size(), std::size_t(440));
    QCOMPARE(panel->reproducedTable()->rowCount(), 1);
    QCOMPARE(panel->reproducedTable()->item(0, 0)->text(), QStringLiteral("1"));
    QCOMPARE(panel->reproducedTable()->item(0, 1)->text(), QStringLiteral("synthetic"));

    // Curves: the run over the stored 90-epoch curve, labelled synthetic.
    QCOMPARE(panel->chart()->livePoints().size(), kEpochs);
    QCOMPARE(panel->chart()->storedPoints().size(), 90);
    QVERIFY(panel->chart()->title().contains(QStringLiteral("synthetic")));

    // Save runs as a table CSV and read it back.
    const QString csv = m_tmp.filePath(QStringLiteral("runs.csv"));
    QString error;
    QVERIFY2(panel->saveRunsCsv(csv, &error), qPrintable(error));
    const core::TableReadResult table = core::readTableCsv(csv.toStdString());
    QCOMPARE(table.dataset.rows.size(), std::size_t(1));
    QCOMPARE(table.dataset.rows.front().modelId, 1);
    QCOMPARE(table.dataset.numEpochs, kEpochs);
    QCOMPARE(table.dataset.extraColumns, std::vector<std::string>({"Source"}));
    QVERIFY(QString::fromStdString(table.dataset.rows.front().extra.front()).contains(QStringLiteral("synthetic")));

    QVERIFY2(probe.maxGapMs() < 200, qPrintable(QStringLiteral("GUI thread stalled %1 ms").arg(probe.maxGapMs())));

    // A documentation shot of the panel with a finished run, on request.
    const QString shot = qEnvironmentVariable("NAAP_TRAINING_SCREENSHOT");
    if (!shot.isEmpty()) {
        window.findChild<QDockWidget*>(QStringLiteral("TrainingDock"))->raise();
        panel->queueView()->clearSelection();
        QTest::qWait(300);
        QImage image(window.size(), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        window.render(&image);
        QVERIFY(image.save(shot));
    }
}

void TestTrainingPanel::newArchitectureMergesIntoDataset()
{
    Session session;
    session.setDataset(naap440(), m_csv);
    session.setRegressor(QStringLiteral("Linear Regression"));
    session.setCutoff(0);
    TrainingPanel panel(&session);
    prepare(&panel, m_tmp.filePath(QStringLiteral("runs-new")));
    panel.epochsSpin()->setValue(3);
    QSignalSpy merged(&panel, &TrainingPanel::runMerged);
    QSignalSpy predicted(&panel, &TrainingPanel::livePredictionShown);

    panel.schemeEditor()->setScheme({{3, 8, 2, false}, {3, 8, 1, true}});
    QVERIFY(panel.schemeEditor()->queueButton()->isEnabled());
    QTest::mouseClick(panel.schemeEditor()->queueButton(), Qt::LeftButton);
    QCOMPARE(panel.controller()->jobs().size(), 1);
    const TrainingJobState& job = panel.controller()->jobs().front();
    QCOMPARE(job.modelId, 441);
    QVERIFY(job.newArchitecture);
    QTRY_COMPARE_WITH_TIMEOUT(merged.size(), 1, kLongWait);
    QCOMPARE(merged.front().at(2).toBool(), false);
    // At cutoff 0 the prediction needs no epoch at all.
    QTRY_VERIFY(!predicted.isEmpty());

    const auto dataset = session.dataset();
    QCOMPARE(dataset->rows.size(), std::size_t(441));
    const int row = dataset->indexOfModel(441);
    QVERIFY(row >= 0);
    const core::ArchitectureRow& r = dataset->rows[std::size_t(row)];
    QCOMPARE(r.completeEpochs(), 3);
    QCOMPARE(dataset->numEpochs, 90);
    QCOMPARE(r.scheme.numParams, core::profileScheme({{3, 8, 2, false}, {3, 8, 1, true}}).numParams);
    // Synthetic and short: kept out of every fit, and labelled.
    QVERIFY(core::isMissing(r.maxAccuracy));
    QCOMPARE(dataset->extraColumns.back(), std::string("Source"));
    QVERIFY(QString::fromStdString(r.extra.back()).contains(QStringLiteral("synthetic data, 3 of 90 epochs")));
    QCOMPARE(dataset->numTest(), 40);
    QCOMPARE(dataset->numTrain(), 400);
    QCOMPARE(panel.reproducedTable()->rowCount(), 0);
}

void TestTrainingPanel::schemeEditorValidatesAndProfiles()
{
    Session session;
    SchemeEditor editor(&session);
    const core::Scheme valid{{3, 16, 2, false}, {3, 24, 2, false}, {3, 24, 1, true}};
    editor.setScheme(valid);
    QCOMPARE(editor.scheme(), valid);
    QVERIFY(editor.messages().isEmpty());
    QCOMPARE(editor.shownParams(), core::profileScheme(valid).numParams);
    QVERIFY(editor.profileText().contains(QLocale().toString(qint64(core::profileScheme(valid).numParams))));
    QVERIFY(editor.profileText().contains(QLocale().toString(qint64(core::profileScheme(valid).numMACs))));

    // Ticking "residual" on the stride-2 layer makes it invalid, with validateScheme's words.
    QSignalSpy changed(&editor, &SchemeEditor::schemeChanged);
    editor.layerTable()->cellWidget(1, 3)->findChild<QCheckBox*>()->setChecked(true);
    QVERIFY(!changed.isEmpty());
    const auto problems = core::validateScheme(editor.scheme());
    QVERIFY(!problems.empty());
    QVERIFY(editor.messages().contains(QString::fromStdString(problems.front())));
    QVERIFY(!editor.queueButton()->isEnabled());
    QVERIFY(std::isnan(editor.shownParams()));

    // Adding a layer edits live too.
    editor.layerTable()->cellWidget(1, 3)->findChild<QCheckBox*>()->setChecked(false);
    editor.addLayer();
    QCOMPARE(editor.scheme().size(), std::size_t(4));
    QCOMPARE(editor.shownParams(), core::profileScheme(editor.scheme()).numParams);
    editor.removeLayer(3);
    QCOMPARE(editor.scheme(), valid);
}

void TestTrainingPanel::schemeEditorPredictsAtCutoffZero()
{
    Session session;
    auto dataset = std::make_shared<const core::Dataset>(naap::test::syntheticDataset(120, 6, 7));
    session.setDataset(dataset, QStringLiteral("synthetic"));
    session.setRegressor(QStringLiteral("Linear Regression"));
    SchemeEditor editor(&session);
    QSignalSpy shown(&editor, &SchemeEditor::predictionShown);
    const core::Scheme scheme{{3, 12, 2, false}, {3, 16, 2, false}, {3, 32, 2, false}};
    editor.setScheme(scheme);
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 20000);

    // The same fit by hand: cutoff-0 features of the train rows, standardised, OLS.
    const auto split = core::makeSplits(*dataset, core::SplitMode{}, 20220905).front();
    const core::FeatureMatrix train = core::buildFeatures(*dataset, 0, core::FeatureSet::V1, split.train);
    core::StandardScaler scaler;
    scaler.fit(train.X);
    auto model = core::createRegressor("Linear Regression");
    model->fit(scaler.transform(train.X), train.y, core::FitControl{});
    const core::SchemeFields f = core::profileScheme(scheme);
    core::Matrix x(1, 2);
    x << std::log(f.numParams), f.numStages;
    const double expected = model->predict(scaler.transform(x))(0);
    QVERIFY(std::abs(shown.last().at(0).toDouble() - expected) < 1e-9);
    QCOMPARE(editor.shownPrediction(), shown.last().at(0).toDouble());
}

QTEST_MAIN(TestTrainingPanel)
#include "tst_training_panel.moc"
