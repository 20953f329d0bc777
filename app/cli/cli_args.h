// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace naap::cli {

/// A mistake on the command line: exit status 2, with "Try 'naap <command> --help'."
class UsageError : public std::runtime_error {
public:
    UsageError(std::string command, const std::string& sentence)
        : std::runtime_error(sentence), m_command(std::move(command))
    {
    }
    /// The command whose help to point to ("" for the top level).
    const std::string& command() const { return m_command; }

private:
    std::string m_command;
};

struct OptionSpec {
    std::string name;        ///< long name without dashes, e.g. "dataset"
    bool takesValue = true;  ///< false: a flag
    /// What the value is, for the message when it is empty ("a file name"): no option takes
    /// an empty value, so that `--dataset ""` never falls back to a default.
    std::string valueName = "a value";
};

/// Options and positionals of one command line, after parsing.
class ParsedArgs {
public:
    bool has(const std::string& name) const { return m_values.count(name) > 0; }
    std::optional<std::string> value(const std::string& name) const;
    /// The value of an option that must be given; throws UsageError when absent.
    std::string required(const std::string& name) const;
    const std::vector<std::string>& positionals() const { return m_positionals; }
    const std::string& command() const { return m_command; }

private:
    friend ParsedArgs parseArgs(const std::string&, const std::vector<std::string>&,
                                const std::vector<OptionSpec>&, std::size_t);
    std::string m_command;
    std::map<std::string, std::string> m_values; ///< flags map to ""
    std::vector<std::string> m_positionals;
};

/// True when `args` ask for help (--help or -h before a "--").
bool wantsHelp(const std::vector<std::string>& args);

/// Parses `--opt VALUE`, `--opt=VALUE`, flags and up to `maxPositionals` positionals
/// ("--" ends options). A flag may repeat. Throws UsageError for an unknown option, a
/// missing or empty value, an option with a value given twice, a value given to a flag
/// (--help included) or too many positionals.
ParsedArgs parseArgs(const std::string& command, const std::vector<std::string>& args,
                     const std::vector<OptionSpec>& specs, std::size_t maxPositionals = 0);

/// A decimal integer from `minValue` to `maxValue` (both ≥ 0); throws UsageError naming
/// `what` (e.g. "--threads") and the range otherwise.
long long parseCount(const std::string& command, const std::string& what,
                     const std::string& text, long long minValue, long long maxValue);
/// The same from 0.
long long parseCount(const std::string& command, const std::string& what,
                     const std::string& text, long long maxValue);

/// Cutoff list: comma-separated items, each N, A-B (inclusive) or A-B:STEP, e.g.
/// "0,3,6,9", "0-90", "0-90:3". Order kept, duplicates dropped. Throws UsageError.
std::vector<int> parseCutoffList(const std::string& command, const std::string& text);

/// Comma-separated unsigned 64-bit seeds, at least one. Throws UsageError.
std::vector<std::uint64_t> parseSeedList(const std::string& command, const std::string& text);

} // namespace naap::cli
