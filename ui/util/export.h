// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QString>
#include <QtCore/qnamespace.h>

#include "naap/core/protocol/protocol.h"

class QAbstractItemModel;

namespace naap::ui {

class Session;

/// The role under which the workbench's models give raw values (a double, NaN when
/// missing, or a QString): ArchitectureTableModel::SortRole, LeaderboardModel::SortRole.
inline constexpr int kRawValueRole = Qt::UserRole + 1;

/// Writes every row and column of `model` (top level, in its current order) as CSV: a
/// header row from the horizontal header, then one line per row. A cell is the model's
/// `rawRole` value when it gives one (doubles at full precision, NaN as an empty cell),
/// else its display text. RFC 4180 quoting, "\n" line ends, UTF-8. Atomic (QSaveFile).
/// Returns false and sets `error` (may be null) to one sentence when it cannot.
bool writeModelCsv(const QAbstractItemModel* model, const QString& path, QString* error,
                   int rawRole = kRawValueRole);

/// The latest prediction of `session` as CSV with the columns
/// Model,Cutoff,ModelId,Actual,Predicted,Error (Error = Predicted − Actual), one line per
/// predicted row. False with an error when there is no prediction. Atomic.
bool writePredictionsCsv(const Session& session, const QString& path, QString* error);

/// The leaderboard in the CLI's formats (`naap evaluate`): `format` is "csv", "markdown"
/// (or "md"), "latex" (or "tex") or "json". Atomic.
bool writeLeaderboard(const core::ProtocolReport& report, const QString& path, const QString& format,
                      QString* error);

/// RFC 4180 field quoting: quoted when it holds a comma, quote, CR or LF.
QString csvField(const QString& text);

} // namespace naap::ui
