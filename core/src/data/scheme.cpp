// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/data/scheme.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "data/text_input.h"
#include "naap/core/error.h"

namespace naap::core {

namespace {

using nlohmann::json;

constexpr int kInputSize = 32;
constexpr int kInputChannels = 3;
constexpr int kClasses = 10;
constexpr long long kMaxLayerValue = 65535;

long lineOfByte(const std::string& text, std::size_t byte)
{
    const std::size_t end = std::min(byte, text.size());
    return 1 + static_cast<long>(std::count(text.begin(), text.begin() + static_cast<long>(end), '\n'));
}

json parseJson(const std::string& text, const std::string& file, long baseLine)
{
    if (detail::trim(text).find_first_not_of("\r\n") == std::string_view::npos)
        throw ParseError(file, baseLine > 0 ? baseLine : 1, "expected JSON, found nothing.");
    try {
        return json::parse(text);
    } catch (const json::parse_error& e) {
        std::string why = e.what();
        const auto at = why.find("parse error");
        const auto colon = at == std::string::npos ? std::string::npos : why.find(": ", at);
        if (colon != std::string::npos)
            why = why.substr(colon + 2);
        const long line = baseLine > 0 ? baseLine : lineOfByte(text, e.byte > 0 ? e.byte - 1 : 0);
        throw ParseError(file, line, "expected valid JSON: " + why + ".");
    }
}

std::string typeName(const json& j)
{
    return std::string(j.type_name()) + (j.is_primitive() ? " " + j.dump() : "");
}

// "scheme 3 (ModelId 3), layer 2" or "layer 2" when there is no list around the scheme.
Scheme schemeFromJson(const json& j, const std::string& file, long line, const std::string& where)
{
    const std::string prefix = where.empty() ? "" : where + ": ";
    if (!j.is_array())
        throw ParseError(file, line, prefix + "expected a list of layers, found " + typeName(j) + ".");
    Scheme scheme;
    for (std::size_t i = 0; i < j.size(); ++i) {
        const json& layer = j[i];
        const std::string at = prefix + "layer " + std::to_string(i + 1);
        if (!layer.is_object())
            throw ParseError(file, line, at + ": expected an object {\"kernel_size\", \"width\", \"stride\", "
                                              "\"residual\"}, found " + typeName(layer) + ".");
        auto need = [&](const char* key) -> const json& {
            const auto it = layer.find(key);
            if (it == layer.end())
                throw ParseError(file, line, at + ": expected the key \"" + key + "\", found none.");
            return *it;
        };
        auto integer = [&](const char* key) {
            const json& v = need(key);
            if (!v.is_number_integer() || v.get<long long>() < 1 || v.get<long long>() > kMaxLayerValue)
                throw ParseError(file, line, at + ": expected \"" + key + "\" to be an integer from 1 to " +
                                                 std::to_string(kMaxLayerValue) + ", found " + typeName(v) + ".");
            return static_cast<int>(v.get<long long>());
        };
        LayerSpec spec;
        spec.kernelSize = integer("kernel_size");
        spec.width = integer("width");
        spec.stride = integer("stride");
        const json& res = need("residual");
        if (!res.is_boolean())
            throw ParseError(file, line, at + ": expected \"residual\" to be true or false, found " +
                                             typeName(res) + ".");
        spec.residual = res.get<bool>();
        scheme.push_back(spec);
    }
    if (const auto problems = validateScheme(scheme); !problems.empty())
        throw ParseError(file, line, prefix + problems.front());
    return scheme;
}

// The line on which each element of the top-level JSON list starts.
std::vector<long> elementLines(const std::string& text)
{
    std::vector<long> lines;
    long line = 1;
    int depth = 0;
    bool inString = false;
    bool escape = false;
    bool expectElement = false;
    for (char c : text) {
        if (c == '\n')
            ++line;
        if (inString) {
            if (escape)
                escape = false;
            else if (c == '\\')
                escape = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (depth == 1 && expectElement && c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != ']') {
            lines.push_back(line);
            expectElement = false;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            expectElement = ++depth == 1;
        } else if (c == ']' || c == '}') {
            --depth;
        } else if (c == ',' && depth == 1) {
            expectElement = true;
        }
    }
    return lines;
}

} // namespace

std::vector<std::string> validateScheme(const Scheme& scheme)
{
    std::vector<std::string> problems;
    if (scheme.empty())
        problems.push_back("expected at least one layer, found none.");
    int channels = kInputChannels;
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        const LayerSpec& l = scheme[i];
        const std::string at = "layer " + std::to_string(i + 1) + ": ";
        if (l.kernelSize < 1 || l.width < 1 || l.stride < 1) {
            problems.push_back(at + "expected kernel_size, width and stride of at least 1, found " +
                               std::to_string(l.kernelSize) + ", " + std::to_string(l.width) + " and " +
                               std::to_string(l.stride) + ".");
        } else if (l.residual && (l.stride != 1 || l.width != channels || l.kernelSize % 2 == 0)) {
            problems.push_back(at + "a residual layer needs stride 1, an odd kernel and the input width " +
                               std::to_string(channels) + ", found stride " + std::to_string(l.stride) +
                               ", kernel " + std::to_string(l.kernelSize) + " and width " +
                               std::to_string(l.width) + ".");
        }
        channels = l.width;
    }
    return problems;
}

Scheme parseSchemeJson(const std::string& text, const std::string& where, long line)
{
    return schemeFromJson(parseJson(text, where, line), where, line, {});
}

std::vector<Scheme> readSchemesJson(const std::string& path)
{
    const std::string text = detail::readWholeFile(path);
    detail::requireText(text, path);
    const json root = parseJson(text, path, 0);
    if (!root.is_array())
        throw ParseError(path, 1, "expected a list of schemes, found " + typeName(root) + ".");
    const std::vector<long> lines = elementLines(text);
    std::vector<Scheme> schemes;
    schemes.reserve(root.size());
    for (std::size_t i = 0; i < root.size(); ++i) {
        const long line = i < lines.size() ? lines[i] : 0;
        const std::string where = "scheme " + std::to_string(i + 1) + " (ModelId " + std::to_string(i + 1) + ")";
        schemes.push_back(schemeFromJson(root[i], path, line, where));
    }
    return schemes;
}

std::string schemeToJson(const Scheme& scheme)
{
    std::string s = "[";
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        const LayerSpec& l = scheme[i];
        s += (i ? ", " : "");
        s += "{\"kernel_size\": " + std::to_string(l.kernelSize) + ", \"width\": " + std::to_string(l.width) +
             ", \"stride\": " + std::to_string(l.stride) + ", \"residual\": " + (l.residual ? "true" : "false") +
             "}";
    }
    return s + "]";
}

SchemeFields profileScheme(const Scheme& scheme)
{
    if (const auto problems = validateScheme(scheme); !problems.empty())
        throw InvalidArgument("profileScheme: " + problems.front());
    SchemeFields f;
    double params = 0;
    double macs = 0;
    long long size = kInputSize;
    long long channels = kInputChannels;
    int stages = 0;
    int skips = 0;
    int partial = 0;
    for (const LayerSpec& l : scheme) {
        const long long k = l.kernelSize;
        const long long out = (size + 2 * (k / 2) - k) / l.stride + 1;
        const double hwc = static_cast<double>(out * out) * l.width;
        params += static_cast<double>(k * k * channels * l.width) + 2.0 * l.width; // conv + BN affine
        macs += hwc * static_cast<double>(k * k * channels) + 4.0 * hwc;          // conv + BN
        stages += l.stride > 1;
        skips += l.residual;
        partial += l.stride > l.kernelSize; // the kernel skips input pixels
        size = out;
        channels = l.width;
    }
    params += static_cast<double>(channels * kClasses + kClasses);                            // linear
    macs += static_cast<double>((size * size + 1) * channels) + static_cast<double>(channels * kClasses); // pool + linear
    f.numParams = params;
    f.numMACs = macs;
    f.numLayers = static_cast<double>(scheme.size());
    f.numStages = stages;
    f.firstLayerWidth = scheme.front().width;
    f.lastLayerWidth = scheme.back().width;
    f.numSkipConnections = skips;
    f.numPartialRFLayers = partial;
    return f;
}

} // namespace naap::core
