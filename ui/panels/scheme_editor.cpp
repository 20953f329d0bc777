// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "panels/scheme_editor.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

#include "jobs/point_predictor.h"
#include "session.h"

namespace naap::ui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
enum LayerColumn { Kernel, Width, Stride, Residual, LayerColumns };

QSpinBox* spin(int lo, int hi, int value, const QString& tip)
{
    auto* s = new QSpinBox;
    s->setRange(lo, hi);
    s->setValue(value);
    s->setToolTip(tip);
    s->setFrame(false);
    return s;
}

} // namespace

SchemeEditor::SchemeEditor(Session* session, QWidget* parent)
    : QWidget(parent), m_session(session), m_predictor(new PointPredictor(this)), m_params(kNaN), m_prediction(kNaN)
{
    m_table = new QTableWidget(0, LayerColumns, this);
    m_table->setObjectName(QStringLiteral("schemeLayers"));
    m_table->setHorizontalHeaderLabels({tr("Kernel"), tr("Width"), tr("Stride"), tr("Residual")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() * 2);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);

    auto* add = new QPushButton(tr("Add layer"), this);
    auto* remove = new QPushButton(tr("Remove layer"), this);
    m_queue = new QPushButton(tr("Train this architecture"), this);
    m_queue->setObjectName(QStringLiteral("schemeTrain"));
    m_queue->setToolTip(tr("Queue the scheme as a new ModelId (after the dataset's last one)"));
    m_profile = new QLabel(this);
    m_profile->setObjectName(QStringLiteral("schemeProfile"));
    m_profile->setWordWrap(true);
    m_profile->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_messages = new QLabel(this);
    m_messages->setObjectName(QStringLiteral("schemeMessages"));
    m_messages->setWordWrap(true);
    m_messages->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_predictionLabel = new QLabel(this);
    m_predictionLabel->setObjectName(QStringLiteral("schemePrediction"));
    m_predictionLabel->setWordWrap(true);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    buttons->addWidget(m_queue);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_profile);
    layout->addWidget(m_predictionLabel);
    layout->addWidget(m_messages);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(150);
    connect(&m_debounce, &QTimer::timeout, this, &SchemeEditor::requestPrediction);
    connect(add, &QPushButton::clicked, this, &SchemeEditor::addLayer);
    connect(remove, &QPushButton::clicked, this, [this] {
        removeLayer(m_table->currentRow() >= 0 ? m_table->currentRow() : m_table->rowCount() - 1);
    });
    connect(m_queue, &QPushButton::clicked, this, [this] {
        const core::Scheme s = scheme();
        if (core::validateScheme(s).empty())
            Q_EMIT trainRequested(s);
    });
    connect(m_predictor, &PointPredictor::answered, this, [this](quint64 generation, const QList<double>& values) {
        if (generation != m_wanted || values.isEmpty())
            return; // an older edit
        m_prediction = values.front();
        m_predictionLabel->setText(tr("Predicted final accuracy before any training: <b>%1</b> (%2 at cutoff 0)")
                                       .arg(m_prediction, 0, 'f', 4)
                                       .arg(m_session->settings().regressor.toHtmlEscaped()));
        Q_EMIT predictionShown(m_prediction);
    });
    connect(m_predictor, &PointPredictor::failed, this, [this](quint64 generation, const QString& message) {
        if (generation == m_wanted)
            m_predictionLabel->setText(tr("No 0-epoch prediction: %1").arg(message.toHtmlEscaped()));
    });
    connect(m_session, &Session::datasetChanged, this, &SchemeEditor::onEdited);
    connect(m_session, &Session::settingsChanged, this, &SchemeEditor::onEdited);

    // NAAP-440's ModelId 1 shape: a sensible start that trains in seconds.
    setScheme({{3, 12, 2, false}, {3, 16, 2, false}, {1, 16, 1, true}});
}

core::Scheme SchemeEditor::scheme() const
{
    core::Scheme s;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        core::LayerSpec layer;
        layer.kernelSize = static_cast<QSpinBox*>(m_table->cellWidget(r, Kernel))->value();
        layer.width = static_cast<QSpinBox*>(m_table->cellWidget(r, Width))->value();
        layer.stride = static_cast<QSpinBox*>(m_table->cellWidget(r, Stride))->value();
        layer.residual = m_table->cellWidget(r, Residual)->findChild<QCheckBox*>()->isChecked();
        s.push_back(layer);
    }
    return s;
}

void SchemeEditor::setScheme(const core::Scheme& scheme)
{
    m_filling = true;
    m_table->setRowCount(0);
    for (const core::LayerSpec& layer : scheme)
        insertRow(m_table->rowCount(), layer);
    m_filling = false;
    onEdited();
}

void SchemeEditor::insertRow(int row, const core::LayerSpec& layer)
{
    m_table->insertRow(row);
    QSpinBox* kernel = spin(1, 15, layer.kernelSize, tr("Kernel size (odd sizes keep the shape)"));
    QSpinBox* width = spin(1, 4096, layer.width, tr("Output channels"));
    QSpinBox* stride = spin(1, 8, layer.stride, tr("Stride (2 halves the resolution)"));
    // A centred check box: a bare one would hug the cell's left edge.
    auto* holder = new QWidget;
    auto* check = new QCheckBox(holder);
    check->setChecked(layer.residual);
    check->setToolTip(tr("Add the layer's input to its output (needs stride 1 and the previous width)"));
    auto* centre = new QHBoxLayout(holder);
    centre->setContentsMargins(0, 0, 0, 0);
    centre->setAlignment(Qt::AlignCenter);
    centre->addWidget(check);
    m_table->setCellWidget(row, Kernel, kernel);
    m_table->setCellWidget(row, Width, width);
    m_table->setCellWidget(row, Stride, stride);
    m_table->setCellWidget(row, Residual, holder);
    for (QSpinBox* s : {kernel, width, stride})
        connect(s, &QSpinBox::valueChanged, this, &SchemeEditor::onEdited);
    connect(check, &QCheckBox::toggled, this, &SchemeEditor::onEdited);
}

void SchemeEditor::addLayer()
{
    const core::Scheme s = scheme();
    core::LayerSpec layer{3, 16, 2, false};
    if (!s.empty()) {
        layer = s.back();
        layer.stride = 1;
    }
    insertRow(m_table->rowCount(), layer);
    onEdited();
}

void SchemeEditor::removeLayer(int row)
{
    if (row < 0 || row >= m_table->rowCount())
        return;
    m_table->removeRow(row);
    onEdited();
}

QString SchemeEditor::messages() const { return m_messages->text(); }

QString SchemeEditor::profileText() const { return m_profile->text(); }

void SchemeEditor::onEdited()
{
    if (m_filling)
        return;
    const core::Scheme s = scheme();
    const std::vector<std::string> problems = core::validateScheme(s);
    QStringList lines;
    for (const std::string& p : problems)
        lines << QString::fromStdString(p);
    m_messages->setText(lines.join(QLatin1Char('\n')));
    m_queue->setEnabled(problems.empty());
    m_prediction = kNaN;
    m_wanted = 0; // whatever is in flight is for an older scheme
    if (!problems.empty()) {
        m_params = kNaN;
        m_profile->setText(tr("The scheme is invalid; fix it to see its size."));
        m_predictionLabel->clear();
        m_debounce.stop();
        Q_EMIT schemeChanged();
        return;
    }
    const core::SchemeFields f = core::profileScheme(s);
    m_params = f.numParams;
    const QLocale locale;
    m_profile->setText(tr("NumParams <b>%1</b> · NumMACs <b>%2</b> · %3 layers · %4 stages · %5 skip · "
                          "%6 partial-RF")
                           .arg(locale.toString(qint64(f.numParams)), locale.toString(qint64(f.numMACs)))
                           .arg(f.numLayers)
                           .arg(f.numStages)
                           .arg(f.numSkipConnections)
                           .arg(f.numPartialRFLayers));
    m_predictionLabel->setText(tr("Predicting the final accuracy…"));
    m_debounce.start();
    Q_EMIT schemeChanged();
}

void SchemeEditor::requestPrediction()
{
    const core::Scheme s = scheme();
    if (!core::validateScheme(s).empty())
        return;
    if (m_session->dataset()->rows.empty()) {
        m_predictionLabel->setText(tr("Open a dataset to predict the final accuracy."));
        return;
    }
    PointRequest request;
    request.dataset = m_session->dataset();
    request.regressor = m_session->settings().regressor;
    request.cutoff = 0;
    if (!m_session->settings().seeds.empty())
        request.seed = m_session->settings().seeds.front();
    core::ArchitectureRow row;
    row.scheme = core::profileScheme(s);
    request.rows = {row};
    m_wanted = m_predictor->predict(std::move(request));
}

} // namespace naap::ui
