// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/protocol/report_format.h"

#include "data/text_input.h"

#include <cmath>
#include <cstdint>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace naap::core {

std::optional<ReportFormat> parseReportFormat(const std::string& text)
{
    if (text == "csv")
        return ReportFormat::Csv;
    if (text == "markdown" || text == "md")
        return ReportFormat::Markdown;
    if (text == "latex" || text == "tex")
        return ReportFormat::Latex;
    if (text == "json")
        return ReportFormat::Json;
    return std::nullopt;
}

const std::vector<std::string>& reportCsvColumns()
{
    static const std::vector<std::string> columns{
        "Model", "Cutoff", "MeanAbsoluteError", "NumViolations", "MaxViolations",
        "MonotonicityScore", "RMSE", "R2", "KendallTauB", "KendallTies", "SpearmanRho",
        "PrecisionAt5", "PrecisionAt10", "TopOneRegret", "MAEStd", "ViolationsStd",
        "TrainRows", "TestRows", "SkippedRows"};
    return columns;
}

namespace {

/// printf-style formatting of one number; `nanText` for NaN.
std::string num(double v, const char* format, const char* nanText)
{
    if (std::isnan(v))
        return nanText;
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

std::int64_t kendallTies(const MetricReport& m)
{
    return m.kendall.tiesTruth + m.kendall.tiesPred + m.kendall.tiesBoth;
}

void writeCsv(const ProtocolReport& report, std::ostream& out)
{
    const auto& cols = reportCsvColumns();
    for (std::size_t i = 0; i < cols.size(); ++i)
        out << (i ? "," : "") << cols[i];
    out << '\n';
    constexpr const char* g = "%.8g";
    for (const ProtocolCell& c : report.cells) {
        const MetricReport& m = c.selected;
        out << detail::csvQuote(c.model) << ',' << c.cutoff << ',' << num(m.mae, "%.5f", "NaN") << ','
            << m.violations << ',' << m.maxViolations << ','
            << num(m.monotonicity, "%.5f", "NaN") << ',' << num(m.rmse, g, "NaN") << ','
            << num(m.r2, g, "NaN") << ',' << num(m.kendall.tau, g, "NaN") << ','
            << kendallTies(m) << ',' << num(m.spearman, g, "NaN") << ','
            << num(m.precisionAt5, g, "NaN") << ',' << num(m.precisionAt10, g, "NaN") << ','
            << num(m.topOneRegret, g, "NaN") << ',' << num(c.maeStd, g, "NaN") << ','
            << num(c.violationsStd, g, "NaN") << ',' << c.trainRows << ',' << c.testRows << ','
            << c.skippedRows << '\n';
    }
}

/// The columns of the human-readable tables (Markdown and LaTeX share them).
struct TableColumn {
    const char* markdown;
    const char* latex;
};
const TableColumn kTableColumns[] = {
    {"Model", "Model"},           {"Cutoff", "Cutoff"},       {"MAE", "MAE"},
    {"Violations", "Viol."},      {"MS", "MS"},               {"Kendall τ-b", "$\\tau_b$"},
    {"Spearman ρ", "$\\rho$"},    {"R²", "$R^2$"},            {"RMSE", "RMSE"},
    {"P@5", "P@5"},               {"P@10", "P@10"},           {"Top-1 regret", "Top-1 regret"},
    {"MAE std", "MAE std"},
};

std::vector<std::string> tableCells(const ProtocolCell& c, const char* nanText)
{
    const MetricReport& m = c.selected;
    return {std::to_string(c.cutoff),
            num(m.mae, "%.5f", nanText),
            std::to_string(m.violations),
            num(m.monotonicity, "%.5f", nanText),
            num(m.kendall.tau, "%.4f", nanText),
            num(m.spearman, "%.4f", nanText),
            num(m.r2, "%.4f", nanText),
            num(m.rmse, "%.5f", nanText),
            num(m.precisionAt5, "%.2f", nanText),
            num(m.precisionAt10, "%.2f", nanText),
            num(m.topOneRegret, "%.5f", nanText),
            num(c.maeStd, "%.5f", nanText)};
}

void writeMarkdown(const ProtocolReport& report, std::ostream& out)
{
    out << '|';
    for (const auto& col : kTableColumns)
        out << ' ' << col.markdown << " |";
    out << "\n|:---|";
    for (std::size_t i = 1; i < std::size(kTableColumns); ++i)
        out << "---:|";
    out << '\n';
    for (const ProtocolCell& c : report.cells) {
        std::string name;
        for (char ch : c.model)
            name += ch == '|' ? std::string("\\|") : std::string(1, ch);
        out << "| " << name << " |";
        for (const auto& cell : tableCells(c, "n/a"))
            out << ' ' << cell << " |";
        out << '\n';
    }
}

std::string latexEscape(const std::string& s)
{
    std::string e;
    for (char c : s) {
        switch (c) {
        case '\\': e += "\\textbackslash{}"; break;
        case '~': e += "\\textasciitilde{}"; break;
        case '^': e += "\\textasciicircum{}"; break;
        case '&': case '%': case '$': case '#': case '_': case '{': case '}':
            e += '\\';
            e += c;
            break;
        default: e += c;
        }
    }
    return e;
}

void writeLatex(const ProtocolReport& report, std::ostream& out)
{
    out << "% Needs \\usepackage{booktabs}. Split: " << latexEscape(splitModeName(report.split))
        << "\n\\begin{tabular}{l" << std::string(std::size(kTableColumns) - 1, 'r') << "}\n\\toprule\n";
    for (std::size_t i = 0; i < std::size(kTableColumns); ++i)
        out << (i ? " & " : "") << kTableColumns[i].latex;
    out << " \\\\\n\\midrule\n";
    for (std::size_t r = 0; r < report.cells.size(); ++r) {
        const ProtocolCell& c = report.cells[r];
        if (r > 0 && report.cells[r - 1].model != c.model)
            out << "\\addlinespace\n";
        out << latexEscape(c.model);
        for (const auto& cell : tableCells(c, "--"))
            out << " & " << cell;
        out << " \\\\\n";
    }
    out << "\\bottomrule\n\\end{tabular}\n";
}

nlohmann::ordered_json metricsJson(const MetricReport& m)
{
    // nlohmann-json writes NaN as null.
    return {{"n", m.n},
            {"meanAbsoluteError", m.mae},
            {"numViolations", m.violations},
            {"maxViolations", m.maxViolations},
            {"monotonicityScore", m.monotonicity},
            {"rmse", m.rmse},
            {"r2", m.r2},
            {"kendallTauB", m.kendall.tau},
            {"kendallTies", kendallTies(m)},
            {"kendall", {{"tauB", m.kendall.tau},
                         {"concordant", m.kendall.concordant},
                         {"discordant", m.kendall.discordant},
                         {"tiesTruth", m.kendall.tiesTruth},
                         {"tiesPred", m.kendall.tiesPred},
                         {"tiesBoth", m.kendall.tiesBoth}}},
            {"spearmanRho", m.spearman},
            {"precisionAt5", m.precisionAt5},
            {"precisionAt10", m.precisionAt10},
            {"topOneRegret", m.topOneRegret}};
}

void writeJson(const ProtocolReport& report, std::ostream& out)
{
    auto cells = nlohmann::ordered_json::array();
    const std::string split = splitModeName(report.split);
    for (const ProtocolCell& c : report.cells) {
        nlohmann::ordered_json cell = {{"model", c.model},
                               {"cutoff", c.cutoff},
                               {"split", split},
                               {"trainRows", c.trainRows},
                               {"testRows", c.testRows},
                               {"skippedRows", c.skippedRows},
                               {"selectedSeed", c.selectedSeed},
                               {"maeStd", c.maeStd},
                               {"violationsStd", c.violationsStd}};
        cell.update(metricsJson(c.selected));
        auto runs = nlohmann::ordered_json::array();
        for (const auto& run : c.runs) {
            nlohmann::ordered_json r = {{"seed", run.seed}};
            r.update(metricsJson(run.metrics));
            runs.push_back(std::move(r));
        }
        cell["runs"] = std::move(runs);
        cells.push_back(std::move(cell));
    }
    out << cells.dump(2) << '\n';
}

} // namespace

void writeReport(const ProtocolReport& report, ReportFormat format, std::ostream& out)
{
    switch (format) {
    case ReportFormat::Csv: writeCsv(report, out); break;
    case ReportFormat::Markdown: writeMarkdown(report, out); break;
    case ReportFormat::Latex: writeLatex(report, out); break;
    case ReportFormat::Json: writeJson(report, out); break;
    }
}

} // namespace naap::core
