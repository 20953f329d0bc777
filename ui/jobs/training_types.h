// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QMetaType>
#include <QString>

#include <limits>
#include <vector>

#include "naap/core/data/scheme.h"
#include "naap/core/train/trainer.h"

namespace naap::ui {

/// Where a queued training job stands. Cancelled and Failed jobs can be resumed.
enum class TrainingStatus { Queued, Running, Cancelling, Cancelled, Failed, Finished };

/// "queued", "running", … as shown in the queue.
QString trainingStatusName(TrainingStatus status);

/// The run settings a job takes when it is queued (later changes do not touch it).
struct TrainingSettings {
    QString dataDir;        ///< CIFAR-format data: the folder or its cifar-10-batches-bin
    bool synthetic = false; ///< the data folder holds generated, not CIFAR-10, images
    QString outDir;         ///< logs and checkpoints (scheme_<id>.txt / .ckpt)
    QString device = QStringLiteral("cpu"); ///< "cpu", "cuda:<i>" or "auto"
    int epochs = 90;
    int batchSize = 256;
    int threads = 0;        ///< LibTorch intra-op threads; 0 keeps its default
};

/// One job of the queue, as the GUI thread sees it. `results` holds every complete epoch
/// on disk (those before a resume included), epoch e at index e-1.
struct TrainingJobState {
    int id = 0;              ///< queue id, unique per controller
    int modelId = 0;
    core::Scheme scheme;
    bool newArchitecture = false; ///< designed in the editor, not a row of the dataset
    TrainingSettings settings;
    TrainingStatus status = TrainingStatus::Queued;
    QString device;          ///< resolved by the trainer ("cpu", "cuda:0"); "" before start
    int currentEpoch = 0;    ///< the epoch being trained (1-based)
    double fraction = 0.0;   ///< of this job, 0..1
    double etaSeconds = -1;  ///< < 0: unknown
    std::vector<core::EpochResult> results;
    QString logPath;
    QString error;           ///< one sentence when Failed
    double predictedFinal = std::numeric_limits<double>::quiet_NaN();
    int predictedCutoff = -1; ///< the cutoff of predictedFinal (-1: none yet)
    QString predictedBy;      ///< the regressor of predictedFinal
    bool merged = false;      ///< its epochs went into the dataset or the reproduced view

    int epochsDone() const { return static_cast<int>(results.size()); }
    bool isActive() const
    {
        return status == TrainingStatus::Queued || status == TrainingStatus::Running ||
            status == TrainingStatus::Cancelling;
    }
    /// "ModelId 12" plus " (new)" and " · synthetic" where they apply.
    QString label() const;
};

/// What the worker sends back when a job ends (on any path).
struct TrainingOutcome {
    TrainingStatus status = TrainingStatus::Failed;
    QString device;
    QString logPath;
    QString error;                          ///< first line of the failure, for the user
    std::vector<core::EpochResult> epochs;  ///< complete epochs on disk, read back from the log
};

} // namespace naap::ui

Q_DECLARE_METATYPE(naap::core::TrainProgress)
Q_DECLARE_METATYPE(naap::core::EpochResult)
Q_DECLARE_METATYPE(naap::ui::TrainingOutcome)
