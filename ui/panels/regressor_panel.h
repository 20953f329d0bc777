// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QString>
#include <QWidget>

#include <cstdint>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace naap::ui {

class CutoffSlider;
class Session;

/// The refit settings: regressor, split mode (K for k-fold), cutoff (slider + spin box,
/// optionally snapped to the cycle ends), seeds, and a status line. Edits go straight
/// to the Session's setters; Session changes are reflected back without feeding them
/// into the Session again.
class RegressorPanel : public QWidget {
    Q_OBJECT

public:
    explicit RegressorPanel(Session* session, QWidget* parent = nullptr);

    CutoffSlider* cutoffSlider() const { return m_slider; }
    QComboBox* regressorCombo() const { return m_regressor; }
    QComboBox* splitCombo() const { return m_split; }
    QSpinBox* foldsSpin() const { return m_folds; }
    QSpinBox* cutoffSpin() const { return m_cutoffSpin; }
    QCheckBox* snapCheck() const { return m_snap; }
    QLineEdit* seedsEdit() const { return m_seeds; }

    /// E.g. "refitting…" or "fit in 12 ms".
    void setStatusText(const QString& text);
    QString statusText() const;

    /// "20220905, 20220906" → seeds; nullopt when empty, malformed or duplicated.
    static std::optional<std::vector<std::uint64_t>> parseSeeds(const QString& text);
    static QString formatSeeds(const std::vector<std::uint64_t>& seeds);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void updateFromSession();
    void updateCutoffLabel();
    void applyRegressor();
    void applySplit();
    void applyCutoff(int cutoff);
    void applySeeds();
    void onSeedsEdited();
    void showSeedsStart();
    void setSeedsValid(bool valid, const QString& message);

    Session* m_session;
    QComboBox* m_regressor = nullptr;
    QComboBox* m_split = nullptr;
    QSpinBox* m_folds = nullptr;
    CutoffSlider* m_slider = nullptr;
    QSpinBox* m_cutoffSpin = nullptr;
    QCheckBox* m_snap = nullptr;
    QLabel* m_cutoffLabel = nullptr;
    QLineEdit* m_seeds = nullptr;
    QLabel* m_status = nullptr;
    bool m_updating = false;
};

} // namespace naap::ui
