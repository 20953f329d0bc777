// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/data/raw_logs.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <optional>

#include "data/text_input.h"
#include "naap/core/error.h"

namespace naap::core {

namespace {

namespace fs = std::filesystem;

constexpr int kLossDecimals = 4;
constexpr std::string_view kLogPrefix = "scheme_";
constexpr std::string_view kLogSuffix = ".txt";

// A file name of the log form scheme_<...>.txt.
bool looksLikeLogName(std::string_view name)
{
    return name.size() >= kLogPrefix.size() + kLogSuffix.size() && name.substr(0, kLogPrefix.size()) == kLogPrefix &&
           name.substr(name.size() - kLogSuffix.size()) == kLogSuffix;
}

// The ModelId in a file name scheme_<id>.txt (a positive integer, as ModelIds are
// 1-based), or nullopt.
std::optional<int> idFromFileName(std::string_view name)
{
    if (!looksLikeLogName(name))
        return std::nullopt;
    const std::string digits(name.substr(kLogPrefix.size(), name.size() - kLogPrefix.size() - kLogSuffix.size()));
    if (digits.empty() || digits.size() > 9 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    const int id = std::stoi(digits);
    return id > 0 ? std::optional<int>(id) : std::nullopt;
}

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// A line without what is left of its ending: splitLines() removes one CR, but a CRLF log
// whose endings were converted once more ends its lines in "\r\r\n" (and trailing blanks
// mean nothing in any event).
std::string_view trimEnd(std::string_view s)
{
    while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

bool equalsNoCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// A logged loss or accuracy. A diverged PyTorch run prints nan, inf or -inf (Python's
// spelling, any case): kept as a missing value, so that one bad run does not reject a
// folder, and counted in `nonFinite` so that it is reported.
std::optional<double> parseLoggedValue(std::string_view s, int& nonFinite)
{
    if (const auto v = detail::parseDouble(s))
        return v;
    s = detail::trim(s);
    if (equalsNoCase(s, "nan") || equalsNoCase(s, "inf") || equalsNoCase(s, "-inf")) {
        ++nonFinite;
        return kMissing;
    }
    return std::nullopt;
}

// Parses "<a>, <b>" into two values read by `parse`.
template <typename Parse>
bool parsePair(std::string_view s, std::string_view separator, double& a, double& b, Parse parse)
{
    const auto at = s.find(separator);
    if (at == std::string_view::npos)
        return false;
    const auto x = parse(s.substr(0, at));
    const auto y = parse(s.substr(at + separator.size()));
    if (!x || !y)
        return false;
    a = *x;
    b = *y;
    return true;
}

// The epoch being logged: "Epoch" seen, maybe "Loss" seen, "Test accuracy" still to come.
struct PendingEpoch {
    int number = 0;
    long line = 0;
    double lr = 0;
    bool hasLoss = false;
    EpochRecord record;
    int nonFinite = 0;          ///< nan/inf values among its loss and accuracy
    long nonFiniteLine = 0;     ///< the first of them
    std::string nonFiniteWhat;  ///< e.g. a loss of "nan, nan"
};

class LogParser {
public:
    explicit LogParser(RawLog& log) : m_log(log) {}

    void parseLine(std::string_view text, long line)
    {
        m_line = line;
        if (text.size() < 16 || text[14] != ' ' ||
            !std::all_of(text.begin(), text.begin() + 14, [](char c) { return c >= '0' && c <= '9'; }))
            fail("expected a yyyymmddHHMMSS timestamp, a space and an event, found \"" + excerpt(text) + "\".");
        const std::string_view ev = text.substr(15);
        if (startsWith(ev, "Network scheme: "))
            onScheme(ev.substr(16));
        else if (startsWith(ev, "Network has been init on device "))
            m_log.device = std::string(detail::trim(ev.substr(32)));
        else if (startsWith(ev, "Network #params: "))
            onCounts(ev.substr(17));
        else if (ev == "Training set is ready" || ev == "Ready to start training")
            return;
        else if (startsWith(ev, "Epoch "))
            onEpoch(ev.substr(6));
        else if (startsWith(ev, "Loss mean, median: "))
            onLoss(ev.substr(19));
        else if (startsWith(ev, "Test accuracy: "))
            onAccuracy(ev.substr(15));
        else
            fail("expected a known event (Network scheme, Epoch, Loss mean, median, Test accuracy, ...), found \"" +
                 excerpt(ev) + "\".");
    }

    void finish(long lastLine)
    {
        if (!m_hasScheme)
            throw ParseError(m_log.path, lastLine > 0 ? lastLine : 1,
                             "expected a \"Network scheme: [...]\" line, found none.");
        if (m_pending)
            m_log.warnings.push_back(
                {m_log.path, m_pending->line,
                 "the log ends inside epoch " + std::to_string(m_pending->number) + " (training interrupted); " +
                     std::to_string(m_log.epochs.size()) + " complete epochs kept."});
        if (m_nonFinite > 0)
            m_log.warnings.push_back(
                {m_log.path, m_nonFiniteLine,
                 "epoch " + std::to_string(m_nonFiniteEpoch) + " logs " + m_nonFiniteWhat +
                     " (a diverged run?); " +
                     (m_nonFinite == 1 ? std::string("it is kept as a missing value.")
                                       : "the " + std::to_string(m_nonFinite) +
                                             " nan or inf values in this log are kept as missing values.")});
    }

    /// Drops a last line that has no line ending and does not parse: the writer was
    /// killed in the middle of it, which is an interrupted log, not a malformed one.
    void dropCutLine(std::string_view text, long line)
    {
        m_log.warnings.push_back({m_log.path, line,
                                  "the last line \"" + excerpt(text) +
                                      "\" has no line ending and does not parse, so it is ignored as a write "
                                      "that was cut short."});
    }

private:
    [[noreturn]] void fail(const std::string& what) const { throw ParseError(m_log.path, m_line, what); }

    static std::string excerpt(std::string_view s) { return std::string(s.substr(0, 60)) + (s.size() > 60 ? "..." : ""); }

    void onScheme(std::string_view jsonText)
    {
        Scheme scheme = parseSchemeJson(std::string(jsonText), m_log.path, m_line);
        if (m_hasScheme && scheme != m_log.scheme)
            fail("expected the same scheme as on line " + std::to_string(m_schemeLine) +
                 " (a resumed run logs it again), found a different one.");
        m_log.scheme = std::move(scheme);
        m_hasScheme = true;
        m_schemeLine = m_line;
    }

    void onCounts(std::string_view s)
    {
        double p = 0;
        double m = 0;
        if (!parsePair(s, ", #MACs: ", p, m, detail::parseDouble))
            fail("expected \"Network #params: <integer>, #MACs: <integer>\", found \"" + excerpt(s) + "\".");
        m_log.numParams = p;
        m_log.numMACs = m;
    }

    void onEpoch(std::string_view s)
    {
        const auto comma = s.find(", LR: ");
        const auto e = detail::parseInteger(s.substr(0, comma));
        const auto lr = comma == std::string_view::npos ? std::nullopt : detail::parseDouble(s.substr(comma + 6));
        if (!e || !lr)
            fail("expected \"Epoch <integer>, LR: <number>\", found \"Epoch " + excerpt(s) + "\".");
        if (!m_hasScheme)
            fail("expected the \"Network scheme\" line before the first epoch.");
        const long long expected = static_cast<long long>(m_log.epochs.size()) + 1;
        if (*e != expected)
            fail("expected epoch " + std::to_string(expected) + ", found epoch " + std::to_string(*e) + ".");
        if (m_pending)
            m_log.warnings.push_back({m_log.path, m_pending->line,
                                      "epoch " + std::to_string(*e) + " was interrupted and restarted on line " +
                                          std::to_string(m_line) + "."});
        m_pending = PendingEpoch{};
        m_pending->number = static_cast<int>(*e);
        m_pending->line = m_line;
        m_pending->lr = *lr;
    }

    void onLoss(std::string_view s)
    {
        if (!m_pending || m_pending->hasLoss)
            fail("expected a \"Loss mean, median\" line only after an \"Epoch\" line.");
        int nonFinite = 0;
        if (!parsePair(s, ", ", m_pending->record.lossMean, m_pending->record.lossMedian,
                       [&](std::string_view v) { return parseLoggedValue(v, nonFinite); }))
            fail("expected \"Loss mean, median: <number>, <number>\", found \"" + excerpt(s) + "\".");
        if (nonFinite > 0)
            noteNonFinite(nonFinite, "a loss of \"" + std::string(detail::trim(s)) + "\"");
        m_pending->hasLoss = true;
    }

    void onAccuracy(std::string_view s)
    {
        if (!m_pending || !m_pending->hasLoss)
            fail("expected a \"Test accuracy\" line only after an epoch's \"Loss mean, median\" line.");
        int nonFinite = 0;
        const auto acc = parseLoggedValue(s, nonFinite);
        if (!acc)
            fail("expected \"Test accuracy: <number>\", found \"" + excerpt(s) + "\".");
        if (nonFinite > 0)
            noteNonFinite(nonFinite, "a test accuracy of \"" + std::string(detail::trim(s)) + "\"");
        else if (*acc < 0 || *acc > 1)
            fail("expected a test accuracy from 0 to 1 (a fraction, not a percentage), found \"" +
                 excerpt(detail::trim(s)) + "\".");
        m_pending->record.accuracy = *acc;
        m_log.epochs.push_back(m_pending->record);
        m_log.learningRates.push_back(m_pending->lr);
        // Counted only for epochs kept: a restarted epoch's values are not in the table.
        if (m_pending->nonFinite > 0) {
            if (m_nonFinite == 0) {
                m_nonFiniteLine = m_pending->nonFiniteLine;
                m_nonFiniteEpoch = m_pending->number;
                m_nonFiniteWhat = m_pending->nonFiniteWhat;
            }
            m_nonFinite += m_pending->nonFinite;
        }
        m_pending.reset();
    }

    void noteNonFinite(int count, std::string what)
    {
        if (m_pending->nonFinite == 0) {
            m_pending->nonFiniteLine = m_line;
            m_pending->nonFiniteWhat = std::move(what);
        }
        m_pending->nonFinite += count;
    }

    RawLog& m_log;
    long m_line = 0;
    bool m_hasScheme = false;
    long m_schemeLine = 0;
    std::optional<PendingEpoch> m_pending;
    int m_nonFinite = 0; ///< nan/inf values in kept epochs; where the first one is:
    long m_nonFiniteLine = 0;
    int m_nonFiniteEpoch = 0;
    std::string m_nonFiniteWhat;
};

ArchitectureRow rowFromLog(const RawLog& log, std::vector<LoadWarning>& warnings)
{
    ArchitectureRow row;
    row.modelId = log.modelId;
    row.scheme = profileScheme(log.scheme);
    for (const auto& [logged, profiled, name] :
         {std::tuple{log.numParams, row.scheme.numParams, "#params"}, std::tuple{log.numMACs, row.scheme.numMACs, "#MACs"}}) {
        if (!isMissing(logged) && logged != profiled)
            warnings.push_back({log.path, 0,
                                std::string("the logged ") + name + " " + detail::formatNumber(logged) +
                                    " differs from " + detail::formatNumber(profiled) +
                                    " computed from the scheme; the computed value is used."});
    }
    for (const EpochRecord& e : log.epochs) {
        row.epochs.push_back({detail::roundDecimals(e.lossMean, kLossDecimals),
                              detail::roundDecimals(e.lossMedian, kLossDecimals), e.accuracy});
        if (!isMissing(e.accuracy) && (isMissing(row.maxAccuracy) || e.accuracy > row.maxAccuracy))
            row.maxAccuracy = e.accuracy;
    }
    return row;
}

} // namespace

RawLog readRawLog(const std::string& path)
{
    RawLog log;
    log.path = path;
    log.modelId = idFromFileName(fs::path(path).filename().string()).value_or(0);
    const std::string text = detail::readWholeFile(path);
    detail::requireText(text, path);
    LogParser parser(log);
    const std::vector<std::string_view> lines = detail::splitLines(text);
    const bool lastIsCut = !text.empty() && text.back() != '\n';
    long line = 0;
    for (std::string_view l : lines) {
        ++line;
        l = trimEnd(l);
        if (detail::trim(l).empty())
            continue;
        if (!lastIsCut || line != static_cast<long>(lines.size())) {
            parser.parseLine(l, line);
            continue;
        }
        try {
            parser.parseLine(l, line);
        } catch (const ParseError&) {
            parser.dropCutLine(l, line);
        }
    }
    parser.finish(line);
    return log;
}

TableReadResult readRawLogFolder(const std::string& folder)
{
    std::error_code ec;
    if (!fs::exists(folder, ec))
        throw IoError("Cannot open " + folder + ": no such folder.");
    if (!fs::is_directory(folder, ec))
        throw IoError("Cannot open " + folder + ": expected a folder of scheme_<id>.txt logs, found a file.");
    std::map<int, std::string> files;
    std::vector<LoadWarning> leftOut;
    fs::directory_iterator it(folder, ec);
    if (ec)
        throw IoError("Cannot open " + folder + ": " + ec.message() + ".");
    for (const fs::directory_entry& entry : it) {
        const std::string name = entry.path().filename().string();
        if (!looksLikeLogName(name))
            continue;
        if (!entry.is_regular_file(ec)) { // a folder, FIFO, device or dangling link
            leftOut.push_back({entry.path().string(), 0, "not a regular file; left out of the table."});
            continue;
        }
        // A log the folder clearly means to hold, under a name that gives no ModelId:
        // refused rather than left out of the table unseen.
        const auto id = idFromFileName(name);
        if (!id)
            throw ParseError(entry.path().string(), 0,
                             "expected a log name scheme_<ModelId>.txt with a ModelId from 1 to 999999999 "
                             "(ModelIds are 1-based), found \"" + name + "\".");
        const auto [at, fresh] = files.emplace(*id, entry.path().string());
        if (!fresh)
            throw ParseError(entry.path().string(), 0, "expected one log per ModelId, found " + std::to_string(*id) +
                                                           " also in " + at->second + ".");
    }
    if (files.empty())
        throw IoError("Cannot build a table from " + folder + ": expected scheme_<id>.txt logs in it, found none.");

    TableReadResult result;
    result.warnings = std::move(leftOut);
    Dataset& ds = result.dataset;
    ds.sourcePath = folder;
    ds.version = TableVersion::V2;
    for (const auto& [id, path] : files) {
        RawLog log = readRawLog(path);
        result.warnings.insert(result.warnings.end(), log.warnings.begin(), log.warnings.end());
        ds.rows.push_back(rowFromLog(log, result.warnings));
        ds.numEpochs = std::max(ds.numEpochs, static_cast<int>(log.epochs.size()));
    }
    for (ArchitectureRow& row : ds.rows) {
        const auto have = static_cast<int>(row.epochs.size());
        if (have < ds.numEpochs) {
            result.warnings.push_back({files[row.modelId], 0,
                                       "ModelId " + std::to_string(row.modelId) + " has " + std::to_string(have) +
                                           " of " + std::to_string(ds.numEpochs) +
                                           " epochs; the rest are missing values."});
            row.epochs.resize(static_cast<std::size_t>(ds.numEpochs));
        }
    }
    applySplitRule(ds, 40);
    return result;
}

} // namespace naap::core
