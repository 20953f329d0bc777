// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The panel's layout, training data, settings and queue actions; the live side (curves,
// predictions, merging) is in training_panel_runs.cpp.
#include "panels/training_panel.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QStyleOption>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>
#include <utility>

#include "jobs/point_predictor.h"
#include "jobs/training_controller.h"
#include "jobs/training_data_job.h"
#include "models/training_queue_model.h"
#include "naap/core/data/download.h"
#include "naap/core/error.h"
#include "naap/core/train/trainer.h"
#include "panels/scheme_editor.h"
#include "session.h"
#include "views/training_curves_chart.h"

namespace naap::ui {

namespace {

const QString kDataDirKey = QStringLiteral("training/dataDir");
/// How wide a folder may be in the data line, in average characters: the line must not
/// set the width of the dock, and so of the window. The tooltip has it in full.
constexpr int kFolderChars = 48;

/// Draws the queue's Progress column as a bar with its percentage.
class ProgressDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyleOptionProgressBar bar;
        bar.rect = option.rect.adjusted(3, 3, -3, -3);
        bar.minimum = 0;
        bar.maximum = 1000;
        bar.progress = static_cast<int>(std::clamp(index.data(TrainingQueueModel::FractionRole).toDouble(), 0.0, 1.0) * 1000);
        bar.text = index.data().toString();
        bar.textVisible = true;
        bar.textAlignment = Qt::AlignCenter;
        bar.state = option.state | QStyle::State_Horizontal;
        QStyledItemDelegate::paint(painter, option, QModelIndex()); // selection background
        const QWidget* widget = option.widget;
        (widget ? widget->style() : QApplication::style())->drawControl(QStyle::CE_ProgressBar, &bar, painter, widget);
    }
};

// "id|label" per device, cpu last; one "|reason" entry when the trainer is missing. Runs
// off the GUI thread: the first call loads LibTorch.
QStringList listDevices()
{
    try {
        if (!core::trainerAvailable()) {
            core::resolveTrainDevice("cpu"); // throws the reason
            return {QStringLiteral("|Training is not available in this build.")};
        }
        QStringList out;
        if (core::resolveTrainDevice("auto").rfind("cuda", 0) == 0) {
            for (int i = 0; i < 16; ++i) {
                try {
                    const std::string id = core::resolveTrainDevice("cuda:" + std::to_string(i));
                    out << QStringLiteral("%1|CUDA GPU %2 (%1)").arg(QString::fromStdString(id)).arg(i);
                } catch (const core::Error&) {
                    break;
                }
            }
            out << QStringLiteral("cpu|CPU");
        } else {
            out << QStringLiteral("cpu|CPU (this build has no CUDA)");
        }
        return out;
    } catch (const std::exception& e) {
        return {QStringLiteral("|") + QString::fromLocal8Bit(e.what())};
    }
}

} // namespace

TrainingPanel::TrainingPanel(Session* session, QWidget* parent)
    : QWidget(parent), m_session(session), m_controller(new TrainingController(this)),
      m_queueModel(new TrainingQueueModel(m_controller, this)), m_predictor(new PointPredictor(this)),
      m_dataJob(new TrainingDataJob(this))
{
    m_trainSelected = new QAction(tr("&Train Selected Architectures"), this);
    m_trainSelected->setShortcut(QKeySequence(QStringLiteral("Ctrl+T")));
    m_trainSelected->setStatusTip(tr("Queue the selected rows for training with their schemes"));
    m_newArchitecture = new QAction(tr("&New Architecture…"), this);
    m_newArchitecture->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+N")));
    m_newArchitecture->setStatusTip(tr("Design a scheme and train it as a new ModelId"));

    m_editor = new SchemeEditor(m_session, this);
    m_chart = new TrainingCurvesChart(this);
    // Room for a readable plot (about 140 px) under the title and above the legend and the
    // epoch axis; on a 768-pixel-high screen the main window's dock scrolls the panel.
    m_chart->setMinimumSize(320, 260);
    m_prediction = new QLabel(this);
    m_prediction->setObjectName(QStringLiteral("trainingPrediction"));
    m_prediction->setWordWrap(true);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("trainingStatus"));
    m_status->setWordWrap(true);
    createReproducedTable();

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(createQueueTab(), tr("Queue"));
    m_tabs->addTab(m_editor, tr("New architecture"));
    m_tabs->addTab(m_reproduced, tr("Reproduced"));

    // The sentences (prediction, last message) under the queue, so that the chart has the
    // full height; its legend shows the predicted value too.
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_tabs, 1);
    leftLayout->addWidget(m_prediction);
    leftLayout->addWidget(m_status);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(m_chart);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({550, 450}); // proportions: the queue's columns would take it all

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(createDataBar());
    layout->addWidget(split, 1);

    connect(m_trainSelected, &QAction::triggered, this, [this] { trainSelected(); });
    connect(m_newArchitecture, &QAction::triggered, this, [this] {
        m_tabs->setCurrentWidget(m_editor);
        Q_EMIT attentionRequested();
    });
    connect(m_editor, &SchemeEditor::schemeChanged, this, &TrainingPanel::updateButtons);
    connect(m_editor, &SchemeEditor::trainRequested, this, [this](const core::Scheme& s) { trainNewArchitecture(s); });
    connect(m_controller, &TrainingController::jobChanged, this, [this](int id) {
        if (!followActiveJob() && id == m_watched)
            refreshChart();
        updateButtons();
        updateProgress();
    });
    connect(m_controller, &TrainingController::jobAdded, this, [this] {
        followActiveJob();
        updateProgress();
    });
    connect(m_controller, &TrainingController::epochFinished, this, &TrainingPanel::updateLivePredictions);
    connect(m_predictor, &PointPredictor::answered, this, &TrainingPanel::onPredicted);
    connect(m_predictor, &PointPredictor::failed, this, &TrainingPanel::onPredictionFailed);
    connect(m_controller, &TrainingController::jobEnded, this, &TrainingPanel::onJobEnded);
    connect(m_session, &Session::settingsChanged, this, [this] {
        updateLivePredictions();
        refreshChart();
    });
    connect(m_session, &Session::datasetChanged, this, [this] {
        ++m_datasetSerial;
        updateLivePredictions();
        refreshChart();
    });
    connect(m_dataJob, &TrainingDataJob::progress, this, [this](qint64 done, qint64 total, const QString& phase) {
        m_dataProgress->setVisible(true);
        m_dataProgress->setRange(0, total > 0 ? 1000 : 0);
        if (total > 0)
            m_dataProgress->setValue(static_cast<int>(1000.0 * double(done) / double(total)));
        m_dataProgress->setFormat(total > 0 ? QStringLiteral("%1 %p%").arg(phase) : phase);
        m_dataPhase = phase;
        m_dataPercent = total > 0 ? static_cast<int>(100 * done / total) : -1;
        updateProgress();
    });
    connect(m_dataJob, &TrainingDataJob::finished, this, &TrainingPanel::onDataFinished);
    connect(&m_devices, &QFutureWatcher<QStringList>::finished, this, [this] {
        m_device->clear();
        for (const QString& entry : m_devices.result()) {
            const qsizetype bar = entry.indexOf(QLatin1Char('|'));
            m_device->addItem(entry.mid(bar + 1), entry.left(bar));
        }
        if (m_device->count() == 1 && m_device->itemData(0).toString().isEmpty()) {
            m_device->setToolTip(m_device->itemText(0));
            m_device->setEnabled(false);
        }
        updateButtons();
    });
    m_devices.setFuture(QtConcurrent::run(listDevices));

    setDataFolder(findCifar(QSettings().value(kDataDirKey).toString()));
    updateButtons();
    refreshChart();
}

TrainingPanel::~TrainingPanel()
{
    m_devices.waitForFinished();
}

QWidget* TrainingPanel::createDataBar()
{
    auto* bar = new QWidget(this);
    m_dataLabel = new QLabel(bar);
    m_dataLabel->setObjectName(QStringLiteral("trainingData"));
    m_dataLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_dataLabel->setWordWrap(true);
    m_chooseData = new QPushButton(tr("Data folder…"), bar);
    m_chooseData->setToolTip(tr("Use CIFAR-10 (binary version) from a folder of your choice"));
    m_download = new QPushButton(tr("Download CIFAR-10"), bar);
    m_download->setToolTip(tr("Download cifar-10-binary.tar.gz (163 MB, MD5-checked) into %1")
                               .arg(QDir::toNativeSeparators(QString::fromStdString(core::userCifar10Dir()))));
    m_generate = new QPushButton(tr("Generate synthetic data"), bar);
    m_generate->setToolTip(tr("Write small CIFAR-format data with learnable structure: for trying the "
                              "workbench, not for CIFAR-10 results"));
    m_cancelData = new QPushButton(tr("Cancel"), bar);
    m_dataProgress = new QProgressBar(bar);
    m_dataProgress->setMaximumWidth(200);
    m_dataProgress->setVisible(false);
    m_cancelData->setVisible(false);

    m_device = new QComboBox(bar);
    m_device->setObjectName(QStringLiteral("trainingDevice"));
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    m_device->setToolTip(tr("Where the jobs train"));
    connect(m_device, &QComboBox::currentIndexChanged, this, &TrainingPanel::updateButtons);
    m_epochs = new QSpinBox(bar);
    m_epochs->setRange(1, 1000);
    m_epochs->setValue(90);
    m_epochs->setToolTip(tr("Epochs per architecture (the paper: 90)"));
    m_batch = new QSpinBox(bar);
    m_batch->setRange(1, 8192);
    m_batch->setValue(256);
    m_batch->setToolTip(tr("Batch size (the paper: 256)"));
    m_outEdit = new QLineEdit(bar);
    m_outEdit->setReadOnly(true);
    m_outEdit->setPlaceholderText(tr("a new folder under %1")
                                      .arg(QDir::toNativeSeparators(
                                          QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                                          QStringLiteral("/runs"))));
    auto* chooseOut = new QPushButton(tr("Output…"), bar);

    auto* dataRow = new QHBoxLayout;
    dataRow->addWidget(m_dataLabel, 1);
    dataRow->addWidget(m_dataProgress);
    dataRow->addWidget(m_cancelData);
    dataRow->addWidget(m_chooseData);
    dataRow->addWidget(m_download);
    dataRow->addWidget(m_generate);
    auto* runRow = new QHBoxLayout;
    runRow->addWidget(new QLabel(tr("Device"), bar));
    runRow->addWidget(m_device);
    runRow->addSpacing(8);
    runRow->addWidget(new QLabel(tr("Epochs"), bar));
    runRow->addWidget(m_epochs);
    runRow->addWidget(new QLabel(tr("Batch"), bar));
    runRow->addWidget(m_batch);
    runRow->addSpacing(8);
    runRow->addWidget(new QLabel(tr("Output"), bar));
    runRow->addWidget(m_outEdit, 1);
    runRow->addWidget(chooseOut);
    auto* layout = new QVBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(dataRow);
    layout->addLayout(runRow);

    connect(m_chooseData, &QPushButton::clicked, this, &TrainingPanel::chooseDataFolder);
    connect(m_download, &QPushButton::clicked, this,
            [this] { downloadCifar(QString::fromStdString(core::userCifar10Dir())); });
    connect(m_generate, &QPushButton::clicked, this, [this] {
        // Enough images for curves with some shape, small enough to train in minutes on a CPU.
        core::SyntheticCifarParams params;
        params.trainImages = 5000;
        params.testImages = 1000;
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
            QStringLiteral("/synthetic-cifar10");
        generateSyntheticData(dir, params);
    });
    connect(m_cancelData, &QPushButton::clicked, m_dataJob, &TrainingDataJob::cancel);
    connect(chooseOut, &QPushButton::clicked, this, &TrainingPanel::chooseOutputFolder);
    return bar;
}

QWidget* TrainingPanel::createQueueTab()
{
    auto* tab = new QWidget(this);
    m_queueView = new QTableView(tab);
    m_queueView->setObjectName(QStringLiteral("trainingQueue"));
    m_queueView->setModel(m_queueModel);
    m_queueView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_queueView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_queueView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_queueView->setTabKeyNavigation(false);
    m_queueView->setAlternatingRowColors(true);
    m_queueView->verticalHeader()->setVisible(false);
    // The progress bar takes the spare width; the numbers at the end keep to their size.
    QHeaderView* header = m_queueView->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(TrainingQueueModel::Progress, QHeaderView::Stretch);
    m_queueView->setItemDelegateForColumn(TrainingQueueModel::Progress, new ProgressDelegate(m_queueView));
    const QFontMetrics fm = m_queueView->fontMetrics();
    // In a narrow dock the stretched bar would shrink until its title read "ogre": it keeps
    // room for its title and the view scrolls instead.
    header->setMinimumSectionSize(header->sectionSizeHint(TrainingQueueModel::Progress));
    m_queueView->setColumnWidth(TrainingQueueModel::Job, fm.horizontalAdvance(QStringLiteral("ModelId 4400 (new) · synthetic  ")));
    m_queueView->setColumnWidth(TrainingQueueModel::Status, fm.horizontalAdvance(QStringLiteral("cancelling…   ")));
    m_queueView->setColumnWidth(TrainingQueueModel::Epoch, fm.horizontalAdvance(QStringLiteral("90 / 90   ")));
    m_queueView->setColumnWidth(TrainingQueueModel::Eta, fm.horizontalAdvance(QStringLiteral("10h00m  ")));
    // Sized once, not to contents: these cells change ten times a second.
    for (const auto& [column, sample] : {std::pair{TrainingQueueModel::Device, "cuda:0  "},
                                         std::pair{TrainingQueueModel::Accuracy, "0.0000  "},
                                         std::pair{TrainingQueueModel::Predicted, "0.0000  "}})
        m_queueView->setColumnWidth(column, std::max(header->sectionSizeHint(column), fm.horizontalAdvance(QLatin1String(sample))));

    m_train = new QPushButton(tr("Train selected"), tab);
    m_train->setObjectName(QStringLiteral("trainingTrainSelected"));
    m_cancel = new QPushButton(tr("Cancel"), tab);
    m_cancel->setObjectName(QStringLiteral("trainingCancel"));
    m_resume = new QPushButton(tr("Resume"), tab);
    m_resume->setObjectName(QStringLiteral("trainingResume"));
    m_resume->setToolTip(tr("Continue a cancelled or failed job from its last complete epoch"));
    m_saveCsv = new QPushButton(tr("Save runs as table CSV…"), tab);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_train);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_resume);
    buttons->addStretch(1);
    buttons->addWidget(m_saveCsv);
    auto* layout = new QVBoxLayout(tab);
    layout->addWidget(m_queueView, 1);
    layout->addLayout(buttons);

    connect(m_train, &QPushButton::clicked, m_trainSelected, &QAction::trigger);
    // The button stands for the action: a disabled action would ignore the click silently.
    m_train->setEnabled(m_trainSelected->isEnabled());
    connect(m_trainSelected, &QAction::enabledChanged, m_train, &QWidget::setEnabled);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        for (int id : selectedJobs())
            m_controller->cancel(id);
    });
    connect(m_resume, &QPushButton::clicked, this, [this] {
        for (int id : selectedJobs())
            m_controller->resume(id);
    });
    connect(m_saveCsv, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save runs as table CSV"), m_outDir,
                                                          tr("NAAP tables (*.csv)"));
        QString error;
        if (!path.isEmpty() && !saveRunsCsv(path, &error))
            showMessage(error, true);
        else if (!path.isEmpty())
            showMessage(tr("Saved %n run(s) to %1.", nullptr, int(m_runs.size())).arg(QDir::toNativeSeparators(path)));
    });
    connect(m_queueView->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const QList<int> ids = selectedJobs();
        if (!ids.isEmpty())
            watch(ids.front());
        else
            followActiveJob();
        updateButtons();
    });
    return tab;
}

bool TrainingPanel::setDataFolder(const QString& dir)
{
    if (!hasCifarFiles(dir)) {
        if (!dir.isEmpty())
            showMessage(tr("%1 does not hold CIFAR-10's binary batch files.").arg(QDir::toNativeSeparators(dir)), true);
        m_dataDir.clear();
        m_synthetic = false;
        setDataStatus();
        return false;
    }
    m_dataDir = dir;
    m_synthetic = core::isSyntheticCifar(QDir::toNativeSeparators(dir).toStdString());
    setDataStatus();
    return true;
}

void TrainingPanel::setDataStatus()
{
    const bool have = !m_dataDir.isEmpty();
    const QString folder = QDir::toNativeSeparators(m_dataDir);
    const QString shown = m_dataLabel->fontMetrics()
                              .elidedText(folder, Qt::ElideMiddle, m_dataLabel->fontMetrics().averageCharWidth() * kFolderChars)
                              .toHtmlEscaped();
    if (!have) {
        m_dataLabel->setText(tr("<b>CIFAR-10 not found.</b> Download it, choose its folder, or generate synthetic "
                                "data."));
        m_dataLabel->setToolTip(tr("Looked for cifar-10-batches-bin in:\n%1")
                                    .arg(QDir::toNativeSeparators(cifarSearchPath().join(QLatin1Char('\n')))));
    } else if (m_synthetic) {
        m_dataLabel->setText(tr("Data: <b style='color:#b26a00'>synthetic</b> CIFAR-format images in %1 — results "
                                "are not CIFAR-10 results")
                                 .arg(shown));
        m_dataLabel->setToolTip(folder);
    } else {
        m_dataLabel->setText(tr("Data: CIFAR-10 in %1").arg(shown));
        m_dataLabel->setToolTip(folder);
    }
    const bool busy = m_preparingData;
    // Synthetic data only stands in for CIFAR-10: the download stays on offer.
    m_download->setVisible(!have || m_synthetic || busy);
    m_generate->setVisible(!have || busy);
    m_download->setEnabled(!busy);
    m_generate->setEnabled(!busy);
    m_chooseData->setEnabled(!busy);
    m_cancelData->setVisible(busy);
    if (!busy)
        m_dataProgress->setVisible(false);
    updateButtons();
    updateProgress();
}

void TrainingPanel::generateSyntheticData(const QString& targetDir, const core::SyntheticCifarParams& params)
{
    if (m_preparingData)
        return;
    m_dataJob->startSynthetic(targetDir, params);
    m_preparingData = true;
    m_downloading = false;
    m_dataPhase.clear();
    m_dataPercent = -1;
    showMessage(tr("Generating synthetic CIFAR-format data in %1…").arg(QDir::toNativeSeparators(targetDir)));
    setDataStatus();
}

void TrainingPanel::downloadCifar(const QString& targetDir)
{
    if (m_preparingData)
        return;
    m_dataJob->startDownload(targetDir);
    m_preparingData = true;
    m_downloading = true;
    m_dataPhase = tr("Downloading");
    m_dataPercent = -1;
    showMessage(tr("Downloading CIFAR-10 into %1…").arg(QDir::toNativeSeparators(targetDir)));
    setDataStatus();
}

void TrainingPanel::onDataFinished(bool ok, const QString& folder, const QString& error)
{
    m_preparingData = false;
    if (ok && setDataFolder(folder)) {
        QSettings().setValue(kDataDirKey, folder);
        showMessage(m_synthetic ? tr("Synthetic data is ready in %1.").arg(QDir::toNativeSeparators(folder))
                                : tr("CIFAR-10 is ready in %1.").arg(QDir::toNativeSeparators(folder)));
        Q_EMIT dataReady(folder);
        return;
    }
    setDataStatus();
    const QString why = ok ? tr("the folder lacks the batch files") : error;
    showMessage(tr("No training data: %1").arg(why), true);
    Q_EMIT dataFailed(why);
}

void TrainingPanel::chooseDataFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("CIFAR-10 folder (cifar-10-batches-bin or its parent)"),
                                                          m_dataDir);
    if (!dir.isEmpty() && setDataFolder(dir))
        QSettings().setValue(kDataDirKey, dir);
}

void TrainingPanel::setOutputFolder(const QString& dir)
{
    m_outDir = dir;
    m_outEdit->setText(QDir::toNativeSeparators(dir));
}

void TrainingPanel::chooseOutputFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for training logs and checkpoints"), m_outDir);
    if (!dir.isEmpty())
        setOutputFolder(dir);
}

TrainingSettings TrainingPanel::currentSettings()
{
    if (m_outDir.isEmpty())
        setOutputFolder(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/runs/") +
                        QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    TrainingSettings s;
    s.dataDir = m_dataDir;
    s.synthetic = m_synthetic;
    s.outDir = m_outDir;
    s.device = m_device->currentData().toString();
    s.epochs = m_epochs->value();
    s.batchSize = m_batch->value();
    return s;
}

QList<int> TrainingPanel::trainSelected()
{
    QList<int> ids;
    if (const QString why = cannotTrainReason(); !why.isEmpty()) {
        showMessage(why, true);
        return ids;
    }
    const auto dataset = m_session->dataset();
    std::vector<int> modelIds;
    for (int row : m_session->selection())
        modelIds.push_back(dataset->rows[static_cast<std::size_t>(row)].modelId);
    if (modelIds.empty()) {
        showMessage(tr("Select architectures in the table first."), true);
        return ids;
    }
    const SchemeLookup lookup = lookupSchemes(m_session->datasetPath(), modelIds);
    if (!lookup.error.isEmpty()) {
        showMessage(lookup.error, true);
        return ids;
    }
    const TrainingSettings settings = currentSettings();
    for (int modelId : modelIds) {
        QString error;
        const int id = m_controller->enqueue(modelId, lookup.schemes.at(modelId), false, settings, &error);
        if (id < 0) {
            showMessage(error, true);
            break;
        }
        ids << id;
    }
    if (!ids.isEmpty()) {
        m_tabs->setCurrentIndex(0);
        showMessage(tr("Queued %n architecture(s); schemes from %1.", nullptr, int(ids.size()))
                        .arg(QDir::toNativeSeparators(lookup.source)));
        Q_EMIT attentionRequested();
    }
    return ids;
}

int TrainingPanel::trainNewArchitecture(const core::Scheme& scheme)
{
    if (const QString why = cannotTrainReason(); !why.isEmpty()) {
        showMessage(why, true);
        return -1;
    }
    // New ModelIds continue after the dataset's and the queue's highest.
    int modelId = 0;
    for (const core::ArchitectureRow& row : m_session->dataset()->rows)
        modelId = std::max(modelId, row.modelId);
    for (const TrainingJobState& job : m_controller->jobs())
        modelId = std::max(modelId, job.modelId);
    QString error;
    const int id = m_controller->enqueue(modelId + 1, scheme, true, currentSettings(), &error);
    if (id < 0) {
        showMessage(error, true);
        return -1;
    }
    m_tabs->setCurrentIndex(0);
    showMessage(tr("Queued the new architecture as ModelId %1.").arg(modelId + 1));
    return id;
}

QList<int> TrainingPanel::selectedJobs() const
{
    QList<int> ids;
    for (const QModelIndex& index : m_queueView->selectionModel()->selectedRows())
        ids << m_queueModel->jobId(index.row());
    std::sort(ids.begin(), ids.end());
    return ids;
}

void TrainingPanel::updateButtons()
{
    bool canCancel = false, canResume = false;
    for (int id : selectedJobs())
        if (const TrainingJobState* job = m_controller->job(id)) {
            canCancel |= job->status == TrainingStatus::Queued || job->status == TrainingStatus::Running;
            canResume |= job->status == TrainingStatus::Cancelled || job->status == TrainingStatus::Failed;
        }
    m_cancel->setEnabled(canCancel);
    m_resume->setEnabled(canResume);
    m_saveCsv->setEnabled(!m_runs.empty());
    const QString why = cannotTrainReason();
    const bool canTrain = why.isEmpty();
    m_trainSelected->setEnabled(canTrain);
    m_train->setToolTip(canTrain ? tr("Queue the architectures selected in the table (%1)")
                                       .arg(m_trainSelected->shortcut().toString(QKeySequence::NativeText))
                                 : why);
    m_editor->queueButton()->setEnabled(canTrain && core::validateScheme(m_editor->scheme()).empty());
}

QString TrainingPanel::statusText() const { return m_status->text(); }

QString TrainingPanel::cannotTrainReason() const
{
    if (m_dataDir.isEmpty())
        return m_preparingData
            ? tr("Cannot train yet: the training data is still being prepared.")
            : tr("Cannot train: there is no training data. Download CIFAR-10, choose its folder, or generate "
                 "synthetic data.");
    if (m_device->currentData().toString().isEmpty())
        return tr("Cannot train: %1").arg(m_device->currentText());
    return {};
}

void TrainingPanel::showMessage(const QString& text, bool error)
{
    m_status->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
    m_status->setText(text);
    Q_EMIT message(text);
}

} // namespace naap::ui
