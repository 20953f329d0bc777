// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QFutureWatcher>
#include <QHash>
#include <QPair>
#include <QStringList>
#include <QWidget>

#include <vector>

#include "jobs/training_runs.h"
#include "jobs/training_types.h"
#include "naap/core/data/cifar.h"

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;
class QTableWidget;
class QTabWidget;

namespace naap::ui {

class PointPredictor;
class SchemeEditor;
class Session;
class TrainingController;
class TrainingCurvesChart;
class TrainingDataJob;
class TrainingQueueModel;

/// The training panel (PRODUCT.md §5): training data (CIFAR-10 found, downloaded or
/// generated synthetic), device, epochs and output folder; the queue with per-job
/// progress, epoch, ETA, device, status, cancel and resume; a scheme editor for new
/// architectures; live curves over the dataset's stored curve (of the job selected in the
/// queue, else of the running one); the live predicted final accuracy at the session's
/// cutoff; and the runs of ModelIds the dataset already holds ("reproduced"). Finished runs
/// of new ModelIds merge into the session's dataset. progressChanged() tells a status bar
/// what runs.
class TrainingPanel : public QWidget {
    Q_OBJECT

public:
    explicit TrainingPanel(Session* session, QWidget* parent = nullptr);
    ~TrainingPanel() override;

    TrainingController* controller() const { return m_controller; }
    TrainingQueueModel* queueModel() const { return m_queueModel; }
    QTableView* queueView() const { return m_queueView; }
    SchemeEditor* schemeEditor() const { return m_editor; }
    TrainingCurvesChart* chart() const { return m_chart; }
    QTableWidget* reproducedTable() const { return m_reproduced; }
    QTabWidget* tabs() const { return m_tabs; }
    QAction* trainSelectedAction() const { return m_trainSelected; }
    /// The queue tab's "Train selected" button: enabled exactly when the action is.
    QPushButton* trainButton() const { return m_train; }
    QAction* newArchitectureAction() const { return m_newArchitecture; }
    QPushButton* downloadButton() const { return m_download; }
    QPushButton* syntheticButton() const { return m_generate; }
    QComboBox* deviceCombo() const { return m_device; }
    QSpinBox* epochsSpin() const { return m_epochs; }
    QSpinBox* batchSpin() const { return m_batch; }

    /// The CIFAR-format folder jobs will train on ("" when none was found).
    QString dataFolder() const { return m_dataDir; }
    bool dataIsSynthetic() const { return m_synthetic; }
    /// Uses `dir` as the training data (the user's choice); false when it lacks the files.
    bool setDataFolder(const QString& dir);
    /// The folder for logs and checkpoints; "" until the first job picks the default
    /// (AppDataLocation/runs/<timestamp>).
    QString outputFolder() const { return m_outDir; }
    void setOutputFolder(const QString& dir);

    /// Queues the session's selected rows with their schemes; returns the job ids (empty
    /// with a message shown when it cannot).
    QList<int> trainSelected();
    /// Queues a designed scheme as a new ModelId (after the dataset's last); returns the
    /// job id or -1.
    int trainNewArchitecture(const core::Scheme& scheme);
    /// Finished runs, in the order they finished.
    const std::vector<TrainedRun>& finishedRuns() const { return m_runs; }
    /// Writes the finished runs as a v2 table CSV, atomically. False with `error` set.
    bool saveRunsCsv(const QString& path, QString* error) const;
    /// The line under the chart: live prediction of the watched job.
    QString predictionText() const;
    /// The job whose curves are drawn (-1: none).
    int watchedJob() const { return m_watched; }
    /// The last message the panel showed (errors included).
    QString statusText() const;
    /// Why nothing can be trained now (no data, no device), as one sentence; "" when jobs
    /// can be queued.
    QString cannotTrainReason() const;

    /// The long work under way, for the status bar ("Training ModelId 12 · epoch 5/40 ·
    /// 3m05s left", "Downloading CIFAR-10"; "" when idle), and how far it is in percent of
    /// the whole run (-1: unknown).
    QString progressText() const { return m_progressText; }
    int progressPercent() const { return m_progressPercent; }

public Q_SLOTS:
    void generateSyntheticData(const QString& targetDir, const naap::core::SyntheticCifarParams& params);
    void downloadCifar(const QString& targetDir);

Q_SIGNALS:
    /// The panel wants to be seen (a job was queued from elsewhere, e.g. the table).
    void attentionRequested();
    /// A message for the status bar and the log.
    void message(const QString& text);
    /// Training or the training data's download / generation started, moved on or ended:
    /// progressText() and progressPercent(), "" when nothing runs any more. At most ~10
    /// times a second.
    void progressChanged(const QString& text, int percent);
    void dataReady(const QString& folder);
    void dataFailed(const QString& error);
    /// A live prediction for job `id` arrived while it had `epochs` complete epochs.
    void livePredictionShown(int id, double value, int epochs);
    /// A finished run went into the dataset (NewRow / FilledRow) or the reproduced view.
    void runMerged(int id, int modelId, bool reproduced);

private:
    QWidget* createDataBar();
    QWidget* createQueueTab();
    void createReproducedTable();
    void setDataStatus();
    void onDataFinished(bool ok, const QString& folder, const QString& error);
    void chooseDataFolder();
    void chooseOutputFolder();
    TrainingSettings currentSettings();
    QList<int> selectedJobs() const;
    void updateButtons();
    void watch(int id);
    bool followActiveJob();
    void updateProgress();
    void refreshChart();
    void updateLivePredictions();
    QString predictionKey() const;
    void onPredicted(quint64 generation, const QList<double>& values);
    void onPredictionFailed(quint64 generation, const QString& error);
    void onJobEnded(int id);
    void addReproducedRow(const TrainedRun& run);
    void showMessage(const QString& text, bool error = false);

    Session* m_session;
    TrainingController* m_controller;
    TrainingQueueModel* m_queueModel;
    PointPredictor* m_predictor;
    TrainingDataJob* m_dataJob;
    SchemeEditor* m_editor = nullptr;
    TrainingCurvesChart* m_chart = nullptr;
    QTabWidget* m_tabs = nullptr;
    QTableView* m_queueView = nullptr;
    QTableWidget* m_reproduced = nullptr;
    QLabel* m_dataLabel = nullptr;
    QProgressBar* m_dataProgress = nullptr;
    QPushButton* m_chooseData = nullptr;
    QPushButton* m_download = nullptr;
    QPushButton* m_generate = nullptr;
    QPushButton* m_cancelData = nullptr;
    QComboBox* m_device = nullptr;
    QSpinBox* m_epochs = nullptr;
    QSpinBox* m_batch = nullptr;
    QLineEdit* m_outEdit = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_resume = nullptr;
    QPushButton* m_saveCsv = nullptr;
    QPushButton* m_train = nullptr;
    QLabel* m_prediction = nullptr;
    QLabel* m_status = nullptr;
    QAction* m_trainSelected = nullptr;
    QAction* m_newArchitecture = nullptr;
    QFutureWatcher<QStringList> m_devices;

    QString m_dataDir;
    bool m_synthetic = false;
    QString m_outDir;
    int m_watched = -1;
    /// From a data job's start to its finished(): isRunning() ends before the signal comes.
    bool m_preparingData = false;
    bool m_downloading = false; ///< the data job downloads (else it generates)
    QString m_dataPhase;        ///< of the running data job: "Downloading", "Unpacking", …
    int m_dataPercent = -1;
    QString m_progressText;
    int m_progressPercent = -1;
    std::vector<TrainedRun> m_runs;
    /// Live predictions: what each job's shown value was computed from, and the requests
    /// in flight (generation → job id and that key).
    QHash<int, QString> m_predictedKey;
    QHash<quint64, QPair<int, QString>> m_pending;
    int m_datasetSerial = 0;
};

} // namespace naap::ui
