// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "panels/regressor_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QVBoxLayout>
#include <QLabel>
#include <QEvent>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QSpinBox>

#include <algorithm>
#include <set>

#include "naap/core/models/registry.h"
#include "panels/cutoff_slider.h"
#include "session.h"

namespace naap::ui {

namespace {

constexpr int kDefaultMaxCutoff = 90;

} // namespace

RegressorPanel::RegressorPanel(Session* session, QWidget* parent) : QWidget(parent), m_session(session)
{
    m_regressor = new QComboBox(this);
    m_regressor->setObjectName(QStringLiteral("regressorCombo"));
    m_regressor->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    bool extendedStarted = false;
    for (const core::RegressorInfo& info : core::regressorRegistry()) {
        if (!info.inPaper && !extendedStarted) {
            m_regressor->insertSeparator(m_regressor->count());
            extendedStarted = true;
        }
        const QString name = QString::fromStdString(info.name);
        m_regressor->addItem(name, name);
        m_regressor->setItemData(m_regressor->count() - 1,
                                 info.inPaper ? tr("%1 — one of the paper's 24 regressors").arg(name)
                                              : tr("%1 — extended (follow-up paper)").arg(name),
                                 Qt::ToolTipRole);
    }
    m_regressor->setMaxVisibleItems(m_regressor->count());

    m_split = new QComboBox(this);
    m_split->setObjectName(QStringLiteral("splitCombo"));
    m_split->addItem(tr("Interpolation (paper)"), int(core::SplitKind::Interpolation));
    m_split->addItem(tr("Left: train low, test high"), int(core::SplitKind::Left));
    m_split->addItem(tr("Right: train high, test low"), int(core::SplitKind::Right));
    m_split->addItem(tr("Dual: train middle, test both ends"), int(core::SplitKind::Dual));
    m_split->addItem(tr("K-fold"), int(core::SplitKind::KFold));
    m_folds = new QSpinBox(this);
    m_folds->setObjectName(QStringLiteral("foldsSpin"));
    m_folds->setRange(2, 20);
    m_folds->setPrefix(tr("K = "));
    m_folds->setToolTip(tr("Number of folds for k-fold cross-validation"));

    m_slider = new CutoffSlider(this);
    m_slider->setObjectName(QStringLiteral("cutoffSlider"));
    m_cutoffSpin = new QSpinBox(this);
    m_cutoffSpin->setObjectName(QStringLiteral("cutoffSpin"));
    m_cutoffSpin->setRange(0, kDefaultMaxCutoff);
    m_cutoffSpin->setSuffix(tr(" ep"));
    m_cutoffSpin->setToolTip(tr("Cutoff epoch"));
    m_snap = new QCheckBox(tr("Snap to cycle ends (3, 6, 9, …)"), this);
    m_snap->setObjectName(QStringLiteral("snapCheck"));
    m_cutoffLabel = new QLabel(this);
    m_cutoffLabel->setObjectName(QStringLiteral("cutoffLabel"));
    m_cutoffLabel->setWordWrap(false); // one short line: the spin box already says the cutoff

    m_seeds = new QLineEdit(this);
    m_seeds->setObjectName(QStringLiteral("seedsEdit"));
    m_seeds->setPlaceholderText(QStringLiteral("20220905, 20220906, …"));
    m_seeds->setToolTip(tr("Seeds, separated by commas or spaces; press Enter to apply"));
    m_seeds->installEventFilter(this);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette faint = m_status->palette();
    faint.setColor(QPalette::WindowText, faint.color(QPalette::PlaceholderText));
    m_status->setPalette(faint);

    auto* splitRow = new QHBoxLayout;
    splitRow->setContentsMargins(0, 0, 0, 0);
    splitRow->addWidget(m_split, 1);
    splitRow->addWidget(m_folds);
    auto* cutoffRow = new QHBoxLayout;
    cutoffRow->setContentsMargins(0, 0, 0, 0);
    cutoffRow->addWidget(m_slider, 1);
    cutoffRow->addWidget(m_cutoffSpin, 0, Qt::AlignVCenter);

    // Two compact rows, so the panel can sit as a wide strip above the table and charts.
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(8, 4, 8, 4);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(2);
    auto label = [this](const QString& text, QWidget* buddy) {
        auto* l = new QLabel(text, this);
        l->setBuddy(buddy);
        return l;
    };
    grid->addWidget(label(tr("&Regressor:"), m_regressor), 0, 0);
    grid->addWidget(m_regressor, 0, 1);
    grid->addWidget(label(tr("S&plit:"), m_split), 0, 2);
    grid->addLayout(splitRow, 0, 3);
    grid->addWidget(label(tr("S&eeds:"), m_seeds), 0, 4);
    grid->addWidget(m_seeds, 0, 5);
    grid->addWidget(m_status, 0, 6);
    grid->addWidget(label(tr("&Cutoff:"), m_slider), 1, 0);
    grid->addLayout(cutoffRow, 1, 1, 1, 5);
    auto* cutoffSide = new QVBoxLayout;
    cutoffSide->setContentsMargins(0, 0, 0, 0);
    cutoffSide->addWidget(m_snap);
    cutoffSide->addWidget(m_cutoffLabel);
    grid->addLayout(cutoffSide, 1, 6);
    grid->setColumnStretch(1, 3);
    grid->setColumnStretch(3, 2);
    grid->setColumnStretch(5, 3);
    // Tab follows the rows as they read, seeds before the cutoff row (not in the order the
    // widgets were made).
    setTabOrder(m_folds, m_seeds);

    connect(m_regressor, &QComboBox::currentIndexChanged, this, &RegressorPanel::applyRegressor);
    connect(m_split, &QComboBox::currentIndexChanged, this, &RegressorPanel::applySplit);
    connect(m_folds, &QSpinBox::valueChanged, this, &RegressorPanel::applySplit);
    connect(m_slider, &CutoffSlider::cutoffChanged, this, &RegressorPanel::applyCutoff);
    connect(m_cutoffSpin, &QSpinBox::valueChanged, this, [this](int v) {
        if (!m_updating)
            m_slider->setValue(v); // snaps, then comes back through cutoffChanged
    });
    connect(m_snap, &QCheckBox::toggled, this, [this](bool on) {
        m_cutoffSpin->setSingleStep(on ? CutoffSlider::kCycleLength : 1);
        m_slider->setSnapToCycleEnds(on);
    });
    connect(m_seeds, &QLineEdit::textEdited, this, &RegressorPanel::onSeedsEdited);
    connect(m_seeds, &QLineEdit::editingFinished, this, &RegressorPanel::applySeeds);

    connect(m_session, &Session::settingsChanged, this, &RegressorPanel::updateFromSession);
    connect(m_session, &Session::datasetChanged, this, &RegressorPanel::updateFromSession);
    updateFromSession();
}

void RegressorPanel::setStatusText(const QString& text) { m_status->setText(text); }

QString RegressorPanel::statusText() const { return m_status->text(); }

std::optional<std::vector<std::uint64_t>> RegressorPanel::parseSeeds(const QString& text)
{
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    const QStringList parts = text.split(separators, Qt::SkipEmptyParts);
    if (parts.isEmpty())
        return std::nullopt;
    std::vector<std::uint64_t> seeds;
    std::set<std::uint64_t> seen;
    for (const QString& part : parts) {
        bool ok = false;
        const qulonglong v = part.toULongLong(&ok, 10);
        if (!ok || !seen.insert(v).second)
            return std::nullopt;
        seeds.push_back(v);
    }
    return seeds;
}

QString RegressorPanel::formatSeeds(const std::vector<std::uint64_t>& seeds)
{
    QStringList parts;
    for (std::uint64_t s : seeds)
        parts << QString::number(s);
    return parts.join(QStringLiteral(", "));
}

void RegressorPanel::updateFromSession()
{
    const bool wasUpdating = m_updating;
    m_updating = true;
    const RefitSettings& s = m_session->settings();
    {
        const QSignalBlocker b1(m_regressor), b2(m_split), b3(m_folds), b4(m_slider), b5(m_cutoffSpin);
        const int regressorIndex = m_regressor->findData(s.regressor);
        if (regressorIndex >= 0)
            m_regressor->setCurrentIndex(regressorIndex);
        m_split->setCurrentIndex(std::max(0, m_split->findData(int(s.split.kind))));
        m_folds->setValue(s.split.folds);
        m_folds->setEnabled(s.split.kind == core::SplitKind::KFold);

        // Before a dataset: the paper's range (a restored cutoff shows as it is). A table
        // without epochs (a schemes file) has cutoff 0 only.
        const auto dataset = m_session->dataset();
        const int maxCutoff = dataset->rows.empty() ? kDefaultMaxCutoff : std::max(0, dataset->numEpochs);
        m_slider->setMaximum(maxCutoff);
        m_cutoffSpin->setMaximum(maxCutoff);
        m_slider->setEnabled(maxCutoff > 0);
        m_cutoffSpin->setEnabled(maxCutoff > 0);
        m_slider->setValue(s.cutoff);
        m_cutoffSpin->setValue(s.cutoff);
    }
    m_slider->update();
    // Only overwrite the seeds text when it does not already say the same (keeps the
    // user's spacing, and an invalid edit in progress until it is fixed or applied).
    const auto shown = parseSeeds(m_seeds->text());
    if (!shown || *shown != s.seeds) {
        if (!m_seeds->hasFocus() || shown) {
            m_seeds->setText(formatSeeds(s.seeds));
            setSeedsValid(true, QString());
            showSeedsStart();
        }
    }
    updateCutoffLabel();
    m_updating = wasUpdating;
}

void RegressorPanel::updateCutoffLabel()
{
    const int cutoff = m_session->settings().cutoff;
    const QString features = cutoff == 0 ? tr("scheme only")
        : cutoff == 1                    ? tr("scheme + epoch 1")
                                         : tr("scheme + epochs 1–%1").arg(cutoff);
    m_cutoffLabel->setText(tr("Features: %1").arg(features));
    m_cutoffLabel->setToolTip(cutoff == 0 ? tr("At cutoff 0 the regressor sees NumParams and NumStages only")
                                          : tr("The scheme fields and the loss mean, loss median and test accuracy "
                                               "of epochs 1 to %1")
                                                .arg(cutoff));
}

void RegressorPanel::applyRegressor()
{
    if (m_updating)
        return;
    const QString name = m_regressor->currentData().toString();
    if (!name.isEmpty())
        m_session->setRegressor(name);
}

void RegressorPanel::applySplit()
{
    const auto kind = static_cast<core::SplitKind>(m_split->currentData().toInt());
    m_folds->setEnabled(kind == core::SplitKind::KFold);
    if (m_updating)
        return;
    core::SplitMode mode;
    mode.kind = kind;
    mode.folds = m_folds->value();
    m_session->setSplit(mode);
}

void RegressorPanel::applyCutoff(int cutoff)
{
    {
        const QSignalBlocker blocker(m_cutoffSpin);
        m_cutoffSpin->setValue(cutoff);
    }
    if (m_updating)
        return;
    m_session->setCutoff(cutoff);
    updateCutoffLabel();
}

void RegressorPanel::onSeedsEdited()
{
    if (parseSeeds(m_seeds->text()))
        setSeedsValid(true, QString());
    else
        setSeedsValid(false, tr("Seeds must be non-negative whole numbers, separated by commas, "
                                "at least one and none twice."));
}

void RegressorPanel::applySeeds()
{
    const auto seeds = parseSeeds(m_seeds->text());
    if (!seeds) {
        onSeedsEdited();
        return; // not applied: the session keeps its seeds
    }
    setSeedsValid(true, QString());
    m_session->setSeeds(*seeds); // Enter keeps the focus; leaving the field is eventFilter's
}

bool RegressorPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_seeds && event->type() == QEvent::FocusOut)
        m_seeds->setCursorPosition(0); // after the edit, the first seeds again (see showSeedsStart)
    return QWidget::eventFilter(watched, event);
}

// In a narrow window the seeds do not all fit: unless they are being edited, the field shows
// the first ones (setText leaves the cursor, and so the view, at the end), and its tooltip
// all of them.
void RegressorPanel::showSeedsStart()
{
    if (!m_seeds->hasFocus())
        m_seeds->setCursorPosition(0);
}

void RegressorPanel::setSeedsValid(bool valid, const QString& message)
{
    m_seeds->setProperty("invalid", !valid);
    m_seeds->setStyleSheet(valid ? QString() : QStringLiteral("QLineEdit { border: 1px solid #d62728; }"));
    m_seeds->setToolTip(valid ? tr("Seeds, separated by commas or spaces; press Enter to apply") + QStringLiteral("\n")
                                    + m_seeds->text()
                              : message);
}

} // namespace naap::ui
