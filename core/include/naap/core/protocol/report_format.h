// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "naap/core/protocol/protocol.h"

namespace naap::core {

enum class ReportFormat { Csv, Markdown, Latex, Json };

/// "csv", "markdown" (or "md"), "latex" (or "tex"), "json"; nullopt otherwise.
std::optional<ReportFormat> parseReportFormat(const std::string& text);

/// Writes the protocol table (the `naap evaluate` output and the workbench's leaderboard
/// exports), one row per cell in report order (model-major).
/// CSV: the reference columns Model,Cutoff,MeanAbsoluteError,NumViolations,MaxViolations,
/// MonotonicityScore (MAE and MS with 5 decimals), then the extended metrics; NaN as "NaN".
/// Markdown: a pipe table. LaTeX: a booktabs tabular. JSON: an array of objects, one per
/// cell, with every metric and the per-seed runs (NaN as null).
void writeReport(const ProtocolReport& report, ReportFormat format, std::ostream& out);

/// The CSV column names of writeReport, in order.
const std::vector<std::string>& reportCsvColumns();

} // namespace naap::core
