// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QTimer>
#include <QWidget>

#include "naap/core/data/scheme.h"

class QLabel;
class QPushButton;
class QTableWidget;

namespace naap::ui {

class PointPredictor;
class Session;

/// Designs a new architecture: a table of layers (kernel, width, stride, residual) with
/// add / remove / move, NumParams, NumMACs and the other scheme fields computed live by
/// core::profileScheme, validateScheme's messages, and a 0-epoch predicted final accuracy:
/// the session's regressor fitted at cutoff 0 on the dataset's train rows, in the
/// background (PointPredictor), debounced while editing; stale answers are dropped.
class SchemeEditor : public QWidget {
    Q_OBJECT

public:
    explicit SchemeEditor(Session* session, QWidget* parent = nullptr);

    core::Scheme scheme() const;
    void setScheme(const core::Scheme& scheme);
    /// Appends a layer (a copy of the last one with stride 1, or a 3x3 width-16 stride-2 one).
    void addLayer();
    void removeLayer(int row);

    /// The validation messages shown ("" when the scheme is valid).
    QString messages() const;
    /// The profile line shown, e.g. "NumParams 12,346 · NumMACs 1,234,567 · …".
    QString profileText() const;
    /// The profiled NumParams shown (NaN when invalid).
    double shownParams() const { return m_params; }
    /// The 0-epoch prediction shown (NaN until one arrives or when invalid).
    double shownPrediction() const { return m_prediction; }
    QTableWidget* layerTable() const { return m_table; }
    QPushButton* queueButton() const { return m_queue; }

Q_SIGNALS:
    void schemeChanged();
    /// The user asked to train the edited (valid) scheme.
    void trainRequested(const naap::core::Scheme& scheme);
    /// A 0-epoch prediction for the current scheme arrived.
    void predictionShown(double value);

private:
    void insertRow(int row, const core::LayerSpec& layer);
    void onEdited();
    void requestPrediction();

    Session* m_session;
    PointPredictor* m_predictor;
    QTableWidget* m_table;
    QLabel* m_profile;
    QLabel* m_messages;
    QLabel* m_predictionLabel;
    QPushButton* m_queue;
    QTimer m_debounce;
    quint64 m_wanted = 0;
    double m_params;
    double m_prediction;
    bool m_filling = false;
};

} // namespace naap::ui
