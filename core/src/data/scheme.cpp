// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/data/scheme.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_map>

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
    } catch (const json::out_of_range& e) { // a number beyond a double's range, 1e400
        detail::throwJsonNumberOverflow(text, e.what(), file, baseLine);
    }
}

std::string typeName(const json& j)
{
    if (!j.is_primitive() || j.is_null())
        return j.type_name();
    const std::string text = j.dump(); // a long string is cut, so the message stays a sentence
    return std::string(j.type_name()) + " " + (text.size() > 60 ? text.substr(0, 60) + "..." : text);
}

// Why layer `index` (0-based) cannot follow a layer of `channels` output channels, or "".
std::string layerProblem(const LayerSpec& l, std::size_t index, int channels)
{
    const std::string at = "layer " + std::to_string(index + 1) + ": ";
    if (l.kernelSize < 1 || l.width < 1 || l.stride < 1)
        return at + "expected kernel_size, width and stride of at least 1, found " + std::to_string(l.kernelSize) +
               ", " + std::to_string(l.width) + " and " + std::to_string(l.stride) + ".";
    if (l.residual && (l.stride != 1 || l.width != channels || l.kernelSize % 2 == 0))
        return at + "a residual layer needs stride 1, an odd kernel and the input width " + std::to_string(channels) +
               ", found stride " + std::to_string(l.stride) + ", kernel " + std::to_string(l.kernelSize) +
               " and width " + std::to_string(l.width) + ".";
    return {};
}

// Where each value starts in JSON text that has parsed: nlohmann-json 3.11 keeps no
// positions, so the text is walked once more and the line of every value down to
// kMaxDepth (schemes list / scheme / layer / field) is kept under its path, "3/0/width"
// for the width of scheme 4's first layer (indices are 0-based). A key with JSON escapes
// is kept as written, so it falls back to the line of its object.
class ValueLines {
public:
    ValueLines(std::string_view text, long firstLine) : m_text(text), m_line(firstLine)
    {
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF") // nlohmann skips a UTF-8 BOM too
            m_pos = 3;
        value({}, 0);
    }

    /// The line of the value at `path`, else of the nearest value around it; 0 if none.
    long at(std::string path) const
    {
        for (;;) {
            if (const auto it = m_lines.find(path); it != m_lines.end())
                return it->second;
            if (path.empty())
                return 0;
            const auto slash = path.rfind('/');
            path.erase(slash == std::string::npos ? 0 : slash);
        }
    }

    static std::string join(const std::string& path, const std::string& name)
    {
        return path.empty() ? name : path + "/" + name;
    }

private:
    static constexpr int kMaxDepth = 3;

    void value(const std::string& path, int depth)
    {
        skipSpace();
        m_lines[path] = m_line; // a repeated key: the last one wins, as in nlohmann
        if (m_pos >= m_text.size())
            return;
        const char open = m_text[m_pos];
        if ((open != '[' && open != '{') || depth >= kMaxDepth) {
            skipValue();
            return;
        }
        const char close = open == '[' ? ']' : '}';
        ++m_pos;
        for (std::size_t index = 0; m_pos < m_text.size();) {
            skipSpace();
            if (m_pos >= m_text.size())
                return;
            if (m_text[m_pos] == close) {
                ++m_pos;
                return;
            }
            if (m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            std::string name = std::to_string(index++);
            if (open == '{') {
                name = rawString();
                skipSpace();
                m_pos += m_pos < m_text.size() && m_text[m_pos] == ':';
            }
            value(join(path, name), depth + 1);
        }
    }

    // Past one value (no deeper paths kept), stopping before the ',' or closing bracket after it.
    void skipValue()
    {
        int depth = 0;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == '"') {
                rawString();
                continue;
            }
            if (depth == 0 && (c == ',' || c == ']' || c == '}'))
                return;
            m_line += c == '\n';
            ++m_pos;
            if (c == '[' || c == '{')
                ++depth;
            else if ((c == ']' || c == '}') && --depth == 0)
                return;
        }
    }

    // The text of the string at m_pos, escapes as written; m_pos ends past its closing quote.
    std::string rawString()
    {
        const std::size_t begin = ++m_pos;
        for (bool escape = false; m_pos < m_text.size(); ++m_pos) {
            if (escape)
                escape = false;
            else if (m_text[m_pos] == '\\')
                escape = true;
            else if (m_text[m_pos] == '"')
                break;
        }
        const std::string s(m_text.substr(begin, m_pos - begin));
        m_pos += m_pos < m_text.size();
        return s;
    }

    void skipSpace()
    {
        for (; m_pos < m_text.size(); ++m_pos) {
            const char c = m_text[m_pos];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
                return;
            m_line += c == '\n';
        }
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
    long m_line;
    std::unordered_map<std::string, long> m_lines;
};

constexpr std::array<std::string_view, 4> kLayerKeys{"kernel_size", "width", "stride", "residual"};

// `j` is the scheme at `path` in `lines`. `where` is "scheme 3 (ModelId 3)", or "" when
// there is no list around the scheme. Each problem is reported on the line of the value
// it is about.
Scheme schemeFromJson(const json& j, const std::string& file, const ValueLines& lines, const std::string& path,
                      const std::string& where)
{
    const std::string prefix = where.empty() ? "" : where + ": ";
    if (!j.is_array())
        throw ParseError(file, lines.at(path), prefix + "expected a list of layers, found " + typeName(j) + ".");
    Scheme scheme;
    for (std::size_t i = 0; i < j.size(); ++i) {
        const json& layer = j[i];
        const std::string layerPath = ValueLines::join(path, std::to_string(i));
        const long layerLine = lines.at(layerPath);
        const std::string at = prefix + "layer " + std::to_string(i + 1);
        if (!layer.is_object())
            throw ParseError(file, layerLine, at + ": expected an object {\"kernel_size\", \"width\", \"stride\", "
                                                   "\"residual\"}, found " + typeName(layer) + ".");
        // Before the missing keys: a misspelt key is the likelier cause of one.
        for (const auto& [key, value] : layer.items()) {
            if (std::find(kLayerKeys.begin(), kLayerKeys.end(), key) == kLayerKeys.end())
                throw ParseError(file, lines.at(ValueLines::join(layerPath, key)),
                                 at + ": unknown key \"" + key +
                                     "\" (expected \"kernel_size\", \"width\", \"stride\", \"residual\").");
        }
        auto need = [&](const char* key) -> const json& {
            const auto it = layer.find(key);
            if (it == layer.end())
                throw ParseError(file, layerLine, at + ": expected the key \"" + key + "\", found none.");
            return *it;
        };
        auto lineOf = [&](const char* key) { return lines.at(ValueLines::join(layerPath, key)); };
        auto integer = [&](const char* key) {
            const json& v = need(key);
            if (!v.is_number_integer() || v.get<long long>() < 1 || v.get<long long>() > kMaxLayerValue)
                throw ParseError(file, lineOf(key), at + ": expected \"" + key + "\" to be an integer from 1 to " +
                                                        std::to_string(kMaxLayerValue) + ", found " + typeName(v) +
                                                        ".");
            return static_cast<int>(v.get<long long>());
        };
        LayerSpec spec;
        spec.kernelSize = integer("kernel_size");
        spec.width = integer("width");
        spec.stride = integer("stride");
        const json& res = need("residual");
        if (!res.is_boolean())
            throw ParseError(file, lineOf("residual"), at + ": expected \"residual\" to be true or false, found " +
                                                           typeName(res) + ".");
        spec.residual = res.get<bool>();
        // A layer that does not fit the one before it: reported on its own line.
        if (const std::string problem = layerProblem(spec, i, scheme.empty() ? kInputChannels : scheme.back().width);
            !problem.empty())
            throw ParseError(file, layerLine, prefix + problem);
        scheme.push_back(spec);
    }
    if (const auto problems = validateScheme(scheme); !problems.empty()) // no layers at all
        throw ParseError(file, lines.at(path), prefix + problems.front());
    return scheme;
}

} // namespace

std::vector<std::string> validateScheme(const Scheme& scheme)
{
    std::vector<std::string> problems;
    if (scheme.empty())
        problems.push_back("expected at least one layer, found none.");
    int channels = kInputChannels;
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        if (std::string problem = layerProblem(scheme[i], i, channels); !problem.empty())
            problems.push_back(std::move(problem));
        channels = scheme[i].width;
    }
    return problems;
}

Scheme parseSchemeJson(const std::string& text, const std::string& where, long line)
{
    const json root = parseJson(text, where, line);
    return schemeFromJson(root, where, ValueLines(text, line > 0 ? line : 1), {}, {});
}

std::vector<Scheme> readSchemesJson(const std::string& path)
{
    const std::string text = detail::readWholeFile(path);
    detail::requireText(text, path);
    const json root = parseJson(text, path, 0);
    if (!root.is_array())
        throw ParseError(path, 1, "expected a list of schemes, found " + typeName(root) + ".");
    const ValueLines lines(text, 1);
    std::vector<Scheme> schemes;
    schemes.reserve(root.size());
    for (std::size_t i = 0; i < root.size(); ++i) {
        const std::string where = "scheme " + std::to_string(i + 1) + " (ModelId " + std::to_string(i + 1) + ")";
        schemes.push_back(schemeFromJson(root[i], path, lines, std::to_string(i), where));
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
        // In doubles: k·k·C_in·C of 65535-sized layers is beyond a 64-bit integer.
        const double kernel = static_cast<double>(k * k) * static_cast<double>(channels);
        params += kernel * l.width + 2.0 * l.width; // conv + BN affine
        macs += hwc * kernel + 4.0 * hwc;           // conv + BN
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
