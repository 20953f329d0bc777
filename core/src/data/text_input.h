// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Private helpers shared by the data readers: whole-file reading, a check that a file is
// text, a CSV tokenizer, and number parsing/formatting that round-trips exactly.
namespace naap::core::detail {

/// The most readWholeFile() reads: far above any NAAP table, log or JSON file.
constexpr std::size_t kMaxInputBytes = std::size_t(1) << 30;

/// The bytes of a file. Throws IoError "Cannot open <path>: <reason>.", and for a device or
/// more than kMaxInputBytes.
std::string readWholeFile(const std::string& path);

/// Throws ParseError when `text` holds NUL or other control bytes, or is not UTF-8
/// (a binary file). Tabs, CR and LF are fine.
void requireText(std::string_view text, const std::string& file);

/// One CSV record: its fields (unquoted) and the 1-based line it starts on.
struct CsvRecord {
    std::vector<std::string> fields;
    long line = 0;
    bool terminated = true; ///< false for a last record without its line ending
};

/// Splits CSV text (RFC 4180: "..." quoting with "" escapes; CRLF or LF) into records.
/// Blank lines are skipped. Throws ParseError for a stray quote or an unterminated one.
std::vector<CsvRecord> tokenizeCsv(std::string_view text, const std::string& file);

/// The lines of a text, without their CR/LF endings.
std::vector<std::string_view> splitLines(std::string_view text);

/// Strict number parsing: the whole of `s` (spaces trimmed) must be a finite number.
std::optional<double> parseDouble(std::string_view s);
/// Strict integer parsing (optional sign, digits only).
std::optional<long long> parseInteger(std::string_view s);

/// Shortest text that reads back to the same double, NaN as "". Integral values are
/// written without ".0" unless `asFloat`, which gives Python's repr() ("1.0", "0.0001",
/// "1e-05"), as in the published tables.
std::string formatNumber(double v, bool asFloat = false);
/// CSV field text, quoted when it holds a comma, quote or line break.
std::string csvQuote(const std::string& s);

/// `x` rounded to `decimals` decimal places like Python's round(x, n): the decimal
/// nearest to the exact binary value, then the double nearest to that decimal.
double roundDecimals(double x, int decimals);

std::string_view trim(std::string_view s);

/// Throws the ParseError for nlohmann-json's out_of_range 406, a number beyond a double's
/// range such as 1e400: its message ("number overflow parsing '1e400'") names the number but
/// not where it is, so the error is put on the line of the number's first appearance in
/// `text`, or on `line` when that is above 0 (text that is one line of a file).
[[noreturn]] void throwJsonNumberOverflow(std::string_view text, const std::string& message,
                                          const std::string& file, long line);

} // namespace naap::core::detail
