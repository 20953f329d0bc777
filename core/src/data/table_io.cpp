// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/data/table_io.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <istream>
#include <map>
#include <ostream>
#include <sstream>
#include <unordered_map>

#include "data/text_input.h"
#include "naap/core/error.h"
#include "naap/core/util/atomic_file.h"

namespace naap::core {

namespace {

/// Words that other tools write for a missing value (lower case).
constexpr std::array<std::string_view, 7> kMissingWords{"nan", "na", "n/a", "null", "none", "missing", "?"};

using detail::CsvRecord;

// The scheme columns in table order, with the field each one fills.
struct SchemeColumn {
    const char* name;
    double SchemeFields::*field;
    bool v2Only;
};
constexpr std::array<SchemeColumn, 8> kSchemeColumns{{
    {"NumParams", &SchemeFields::numParams, false},
    {"NumMACs", &SchemeFields::numMACs, false},
    {"NumLayers", &SchemeFields::numLayers, false},
    {"NumStages", &SchemeFields::numStages, false},
    {"FirstLayerWidth", &SchemeFields::firstLayerWidth, false},
    {"LastLayerWidth", &SchemeFields::lastLayerWidth, false},
    {"NumSkipConnections", &SchemeFields::numSkipConnections, true},
    {"NumPartialRFLayers", &SchemeFields::numPartialRFLayers, true},
}};

constexpr std::array<const char*, 3> kEpochSuffixes{"LossMean", "LossMedian", "Accuracy"};
double EpochRecord::*const kEpochFields[3] = {&EpochRecord::lossMean, &EpochRecord::lossMedian,
                                             &EpochRecord::accuracy};

// Epoch column "e{i}{suffix}" -> (i, which); i >= 1 without leading zeros.
bool parseEpochColumn(const std::string& name, int& epoch, int& which)
{
    if (name.size() < 2 || name[0] != 'e' || name[1] < '1' || name[1] > '9')
        return false;
    std::size_t p = 1;
    long long i = 0;
    while (p < name.size() && name[p] >= '0' && name[p] <= '9' && i < 100000)
        i = i * 10 + (name[p++] - '0');
    const std::string suffix = name.substr(p);
    for (int k = 0; k < 3; ++k) {
        if (suffix == kEpochSuffixes[k]) {
            epoch = static_cast<int>(i);
            which = k;
            return true;
        }
    }
    return false;
}

// What each column of the file holds.
struct ColumnRole {
    enum Kind { ModelId, IsTest, Scheme, MaxAccuracy, Epoch, Extra } kind = Extra;
    double SchemeFields::*schemeField = nullptr;
    int epoch = 0;
    int which = 0;
    int extraIndex = 0;
};

struct Layout {
    std::vector<ColumnRole> roles;
    std::vector<std::string> names;
};

Layout parseHeader(const CsvRecord& header, Dataset& ds, const std::string& file,
                   std::vector<LoadWarning>& warnings)
{
    Layout layout;
    std::unordered_map<std::string, int> seen;
    bool hasSkip = false;
    bool hasPartial = false;
    std::map<int, std::array<bool, 3>> epochs;
    for (std::size_t c = 0; c < header.fields.size(); ++c) {
        const std::string name(detail::trim(header.fields[c]));
        if (name.empty())
            throw ParseError(file, header.line, "expected a name for every column, found an empty one "
                                                "at column " + std::to_string(c + 1) + ".");
        if (const auto it = seen.find(name); it != seen.end())
            throw ParseError(file, header.line, "expected unique column names, found \"" + name +
                                                    "\" at columns " + std::to_string(it->second + 1) +
                                                    " and " + std::to_string(c + 1) + ".");
        seen.emplace(name, static_cast<int>(c));
        ColumnRole role;
        int epoch = 0;
        int which = 0;
        if (name == "ModelId") {
            role.kind = ColumnRole::ModelId;
        } else if (name == "IsTest") {
            role.kind = ColumnRole::IsTest;
        } else if (name == "MaxAccuracy") {
            role.kind = ColumnRole::MaxAccuracy;
        } else if (parseEpochColumn(name, epoch, which)) {
            role.kind = ColumnRole::Epoch;
            role.epoch = epoch;
            role.which = which;
            epochs[epoch][which] = true;
        } else {
            for (const auto& sc : kSchemeColumns) {
                if (name == sc.name) {
                    role.kind = ColumnRole::Scheme;
                    role.schemeField = sc.field;
                }
            }
            hasSkip = hasSkip || name == "NumSkipConnections";
            hasPartial = hasPartial || name == "NumPartialRFLayers";
            if (role.kind == ColumnRole::Extra) {
                role.extraIndex = static_cast<int>(ds.extraColumns.size());
                ds.extraColumns.push_back(name);
            }
        }
        layout.roles.push_back(role);
        layout.names.push_back(name);
    }
    for (const char* required : {"ModelId", "MaxAccuracy"}) {
        if (!seen.count(required))
            throw ParseError(file, header.line, std::string("expected a column named ") + required +
                                                    ", found none in the header.");
    }
    ds.numEpochs = epochs.empty() ? 0 : epochs.rbegin()->first;
    for (int e = 1; e <= ds.numEpochs; ++e) {
        const auto it = epochs.find(e);
        for (int k = 0; k < 3; ++k) {
            if (it == epochs.end() || !it->second[k])
                throw ParseError(file, header.line,
                                 "expected the column e" + std::to_string(e) + kEpochSuffixes[k] +
                                     " (epoch columns come in LossMean, LossMedian, Accuracy triples "
                                     "for e1..e" + std::to_string(ds.numEpochs) + "), found none.");
        }
    }
    ds.version = hasSkip && hasPartial ? TableVersion::V2 : TableVersion::V1;
    // Half of v2 is most likely a column renamed or lost by hand: say so rather than
    // quietly dropping the v2 features.
    if (hasSkip != hasPartial)
        warnings.push_back({file, header.line,
                            std::string("the table has the v2 column ") +
                                (hasSkip ? "NumSkipConnections" : "NumPartialRFLayers") + " but not " +
                                (hasSkip ? "NumPartialRFLayers" : "NumSkipConnections") +
                                ", so it is read as a v1 table."});
    if (!seen.count("IsTest"))
        ds.absentColumns.emplace_back("IsTest");
    for (const auto& sc : kSchemeColumns) {
        if ((!sc.v2Only || ds.version == TableVersion::V2) && !seen.count(sc.name))
            ds.absentColumns.emplace_back(sc.name);
    }
    return layout;
}

ArchitectureRow parseRow(const CsvRecord& rec, const Layout& layout, const Dataset& ds,
                         const std::string& file, long& missing, std::string& firstMissing)
{
    ArchitectureRow row;
    row.epochs.resize(static_cast<std::size_t>(ds.numEpochs));
    row.extra.resize(ds.extraColumns.size());
    for (std::size_t c = 0; c < rec.fields.size(); ++c) {
        const ColumnRole& role = layout.roles[c];
        const std::string& text = rec.fields[c];
        if (role.kind == ColumnRole::Extra) {
            row.extra[static_cast<std::size_t>(role.extraIndex)] = text;
            continue;
        }
        const std::string_view cell = detail::trim(text);
        const std::string& col = layout.names[c];
        if (cell.empty()) {
            if (role.kind == ColumnRole::ModelId)
                throw ParseError(file, rec.line, "expected a ModelId in every row, found an empty cell.");
            if (missing++ == 0)
                firstMissing = col;
            continue;
        }
        auto bad = [&](const char* expected) {
            // pandas, R and spreadsheets write a missing value in words; say how this format does.
            const bool missingWord = std::ranges::any_of(kMissingWords, [&](std::string_view w) {
                return std::ranges::equal(cell, w, [](char a, char b) {
                    return std::tolower(static_cast<unsigned char>(a)) == b;
                });
            });
            return ParseError(file, rec.line, "expected " + std::string(expected) + " in column " + col +
                                                  ", found \"" + std::string(cell) + "\"" +
                                                  (missingWord ? " (a missing value is an empty cell)." : "."));
        };
        if (role.kind == ColumnRole::ModelId) {
            const auto id = detail::parseInteger(cell);
            if (!id || *id < 0 || *id > 1000000000)
                throw bad("a non-negative integer");
            row.modelId = static_cast<int>(*id);
            continue;
        }
        if (role.kind == ColumnRole::IsTest) {
            const auto t = detail::parseInteger(cell);
            if (!t || (*t != 0 && *t != 1))
                throw bad("0 or 1");
            row.isTest = static_cast<int>(*t);
            continue;
        }
        const auto v = detail::parseDouble(cell);
        if (!v)
            throw bad("a number");
        // The features take their natural logs: a count of zero or less is bad input
        // here, where the file and line are known, not a row silently dropped later.
        if (role.kind == ColumnRole::Scheme && *v <= 0 &&
            (role.schemeField == &SchemeFields::numParams || role.schemeField == &SchemeFields::numMACs))
            throw bad("a positive number");
        switch (role.kind) {
        case ColumnRole::Scheme: row.scheme.*role.schemeField = *v; break;
        case ColumnRole::MaxAccuracy: row.maxAccuracy = *v; break;
        case ColumnRole::Epoch:
            row.epochs[static_cast<std::size_t>(role.epoch - 1)].*kEpochFields[role.which] = *v;
            break;
        default: break;
        }
    }
    return row;
}

} // namespace

std::vector<std::string> tableColumns(TableVersion version, int numEpochs)
{
    std::vector<std::string> cols{"ModelId", "IsTest"};
    for (const auto& sc : kSchemeColumns) {
        if (!sc.v2Only || version == TableVersion::V2)
            cols.emplace_back(sc.name);
    }
    cols.emplace_back("MaxAccuracy");
    for (int e = 1; e <= numEpochs; ++e) {
        for (const char* s : kEpochSuffixes)
            cols.push_back(std::string("e").append(std::to_string(e)).append(s));
    }
    return cols;
}

TableReadResult readTableCsv(std::istream& in, const std::string& name)
{
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string text = std::move(ss).str();
    detail::requireText(text, name);
    const std::vector<CsvRecord> records = detail::tokenizeCsv(text, name);
    if (records.empty())
        throw ParseError(name, 1, text.empty() ? "expected a header row naming the columns, found an empty file."
                                               : "expected a header row naming the columns, found only blank lines.");

    TableReadResult result;
    Dataset& ds = result.dataset;
    const Layout layout = parseHeader(records.front(), ds, name, result.warnings);
    const std::size_t numColumns = layout.roles.size();
    std::unordered_map<int, long> idLines;
    for (std::size_t r = 1; r < records.size(); ++r) {
        const CsvRecord& rec = records[r];
        if (rec.fields.size() != numColumns) {
            const std::string counts = "expected " + std::to_string(numColumns) +
                                       " fields as in the header, found " + std::to_string(rec.fields.size());
            if (!rec.terminated && rec.fields.size() < numColumns)
                throw ParseError(name, rec.line, "the file ends in the middle of a row (truncated?): " +
                                                     counts + ".");
            throw ParseError(name, rec.line, counts + ".");
        }
        long missing = 0;
        std::string firstMissing;
        ArchitectureRow row = parseRow(rec, layout, ds, name, missing, firstMissing);
        if (const auto [it, fresh] = idLines.emplace(row.modelId, rec.line); !fresh)
            throw ParseError(name, rec.line, "expected unique ModelIds, found " + std::to_string(row.modelId) +
                                                 " again (first on line " + std::to_string(it->second) + ").");
        if (missing > 0)
            result.warnings.push_back({name, rec.line,
                                       "ModelId " + std::to_string(row.modelId) + " has " +
                                           std::to_string(missing) + " missing value" +
                                           (missing == 1 ? "" : "s") + " (first: " + firstMissing + ")."});
        ds.rows.push_back(std::move(row));
    }
    return result;
}

TableReadResult readTableCsv(const std::string& path)
{
    std::istringstream in(detail::readWholeFile(path));
    TableReadResult result = readTableCsv(in, path);
    result.dataset.sourcePath = path;
    return result;
}

void writeTableCsv(const Dataset& dataset, std::ostream& out, TableVersion version)
{
    const int numEpochs = dataset.numEpochs;
    std::string line;
    bool first = true;
    for (const std::string& c : tableColumns(version, numEpochs)) {
        line.append(first ? "" : ",").append(c);
        first = false;
    }
    for (const std::string& c : dataset.extraColumns)
        line.append(",").append(detail::csvQuote(c));
    out << line << '\n';
    for (const ArchitectureRow& row : dataset.rows) {
        line = std::to_string(row.modelId) + ",";
        if (row.isTest >= 0)
            line += std::to_string(row.isTest);
        for (const auto& sc : kSchemeColumns) {
            if (!sc.v2Only || version == TableVersion::V2)
                line.append(",").append(detail::formatNumber(row.scheme.*sc.field));
        }
        line.append(",").append(detail::formatNumber(row.maxAccuracy, true));
        for (int e = 0; e < numEpochs; ++e) {
            const EpochRecord rec = static_cast<std::size_t>(e) < row.epochs.size()
                                        ? row.epochs[static_cast<std::size_t>(e)]
                                        : EpochRecord{};
            for (auto field : kEpochFields)
                line.append(",").append(detail::formatNumber(rec.*field, true));
        }
        for (std::size_t x = 0; x < dataset.extraColumns.size(); ++x)
            line.append(",").append(x < row.extra.size() ? detail::csvQuote(row.extra[x]) : std::string());
        out << line << '\n';
    }
}

void writeTableCsv(const Dataset& dataset, const std::string& path, TableVersion version)
{
    writeFileAtomically(path, [&](std::ostream& out) { writeTableCsv(dataset, out, version); });
}

} // namespace naap::core
