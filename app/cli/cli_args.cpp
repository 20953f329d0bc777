// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "cli_args.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>

namespace naap::cli {

std::optional<std::string> ParsedArgs::value(const std::string& name) const
{
    const auto it = m_values.find(name);
    if (it == m_values.end())
        return std::nullopt;
    return it->second;
}

std::string ParsedArgs::required(const std::string& name) const
{
    const auto v = value(name);
    if (!v)
        throw UsageError(m_command, "The option --" + name + " is required.");
    return *v;
}

bool wantsHelp(const std::vector<std::string>& args)
{
    for (const auto& a : args) {
        if (a == "--")
            return false;
        if (a == "--help" || a == "-h")
            return true;
    }
    return false;
}

ParsedArgs parseArgs(const std::string& command, const std::vector<std::string>& args,
                     const std::vector<OptionSpec>& specs, std::size_t maxPositionals)
{
    ParsedArgs result;
    result.m_command = command;
    const std::string where = command.empty() ? "naap" : "naap " + command;
    bool optionsEnded = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        const bool looksLikeOption = !optionsEnded && arg.size() > 1 && arg[0] == '-';
        if (!looksLikeOption) {
            if (result.m_positionals.size() >= maxPositionals)
                throw UsageError(command, "Unexpected argument '" + arg + "' for '" + where + "'.");
            result.m_positionals.push_back(arg);
            continue;
        }
        if (arg == "--") {
            optionsEnded = true;
            continue;
        }
        if (arg.rfind("--", 0) != 0)
            throw UsageError(command, "Unknown option '" + arg + "' for '" + where + "'.");
        const auto eq = arg.find('=');
        const std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
        // A plain --help never gets here (wantsHelp answers it first); --help=VALUE does.
        if (name == "help")
            throw UsageError(command, "The option --help takes no value.");
        const auto spec = std::find_if(specs.begin(), specs.end(),
                                       [&](const OptionSpec& s) { return s.name == name; });
        if (spec == specs.end())
            throw UsageError(command, "Unknown option '--" + name + "' for '" + where + "'.");
        if (!spec->takesValue) {
            if (eq != std::string::npos)
                throw UsageError(command, "The option --" + name + " takes no value.");
            result.m_values[name] = "";
            continue;
        }
        // Silently keeping the last of two values hides a mistake in a long command line.
        if (result.m_values.count(name) > 0)
            throw UsageError(command, "The option --" + name + " is given more than once.");
        if (eq == std::string::npos && i + 1 >= args.size())
            throw UsageError(command, "The option --" + name + " needs " + spec->valueName + ".");
        std::string value = eq != std::string::npos ? arg.substr(eq + 1) : args[++i];
        if (value.empty())
            throw UsageError(command, "The option --" + name + " needs " + spec->valueName +
                                          ", not an empty value.");
        result.m_values[name] = std::move(value);
    }
    return result;
}

namespace {

bool parseUnsigned(std::string_view text, unsigned long long& out)
{
    if (text.empty() || text.front() == '+' || text.front() == '-')
        return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

std::vector<std::string_view> splitOn(std::string_view text, char sep)
{
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto pos = text.find(sep, start);
        parts.push_back(text.substr(start, pos == std::string_view::npos ? pos : pos - start));
        if (pos == std::string_view::npos)
            return parts;
        start = pos + 1;
    }
}

} // namespace

long long parseCount(const std::string& command, const std::string& what,
                     const std::string& text, long long minValue, long long maxValue)
{
    unsigned long long v = 0;
    if (!parseUnsigned(text, v) || v < static_cast<unsigned long long>(minValue) ||
        v > static_cast<unsigned long long>(maxValue))
        throw UsageError(command, "The value of " + what + " must be a whole number from " +
                                      std::to_string(minValue) + " to " + std::to_string(maxValue) +
                                      ", not '" + text + "'.");
    return static_cast<long long>(v);
}

long long parseCount(const std::string& command, const std::string& what,
                     const std::string& text, long long maxValue)
{
    return parseCount(command, what, text, 0, maxValue);
}

std::vector<int> parseCutoffList(const std::string& command, const std::string& text)
{
    constexpr unsigned long long kMaxCutoff = 100000;
    const auto bad = [&](const std::string& why) {
        return UsageError(command, "Bad --cutoffs '" + text + "': " + why +
                                       " (expected e.g. 0,3,6,9 or 0-90 or 0-90:3).");
    };
    std::vector<int> cutoffs;
    // Which cutoffs are in already: a search of the list would make "0-100000" repeated a
    // few thousand times run for hours.
    std::vector<bool> seen(kMaxCutoff + 1);
    const auto add = [&](unsigned long long c) {
        if (!seen[c]) {
            seen[c] = true;
            cutoffs.push_back(static_cast<int>(c));
        }
    };
    for (const auto item : splitOn(text, ',')) {
        const std::string itemText(item);
        // "-1" would otherwise read as a range with no start.
        if (item.size() > 1 && item[0] == '-' && std::isdigit(static_cast<unsigned char>(item[1])))
            throw bad("'" + itemText + "' is negative; a cutoff is a number of epochs, 0 to 90 for NAAP-440");
        const auto dash = item.find('-');
        unsigned long long a = 0;
        if (dash == std::string_view::npos) {
            if (!parseUnsigned(item, a) || a > kMaxCutoff)
                throw bad("'" + itemText + "' is not a cutoff");
            add(a);
            continue;
        }
        const auto rest = item.substr(dash + 1);
        const auto colon = rest.find(':');
        unsigned long long b = 0, step = 1;
        if (!parseUnsigned(item.substr(0, dash), a) ||
            !parseUnsigned(rest.substr(0, colon), b) ||
            (colon != std::string_view::npos && !parseUnsigned(rest.substr(colon + 1), step)) ||
            a > kMaxCutoff || b > kMaxCutoff)
            throw bad("'" + itemText + "' is not a range");
        if (a > b)
            throw bad("the range '" + itemText + "' runs backwards");
        if (step == 0)
            throw bad("the step of '" + itemText + "' is 0");
        for (unsigned long long c = a;; c += step) {
            add(c);
            if (b - c < step) // never past b, nor round past 2^64
                break;
        }
    }
    return cutoffs;
}

std::vector<std::uint64_t> parseSeedList(const std::string& command, const std::string& text)
{
    std::vector<std::uint64_t> seeds;
    for (const auto item : splitOn(text, ',')) {
        unsigned long long v = 0;
        if (!parseUnsigned(item, v))
            throw UsageError(command, "Bad --seeds '" + text + "': '" + std::string(item) +
                                          "' is not a whole number (expected e.g. 1,2,3).");
        seeds.push_back(static_cast<std::uint64_t>(v));
    }
    return seeds;
}

} // namespace naap::cli
