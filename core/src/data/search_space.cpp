// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/data/search_space.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "data/text_input.h"
#include "naap/core/error.h"

namespace naap::core {

namespace {

using nlohmann::json;

constexpr int kInputChannels = 3;
constexpr int kMaxLayerValue = 65535; // as readSchemesJson accepts
constexpr int kMaxLayers = 64;
// Every scheme is held in memory before it is written: these bound that to about a gigabyte
// (a layer takes 16 bytes); a million schemes (the default max_schemes) of 64 layers (the
// deepest) stay within the layer limit.
constexpr std::size_t kMaxSchemesLimit = 10000000;
constexpr std::size_t kMaxTotalLayers = 64000000;

template <typename T>
std::string join(const std::vector<T>& values)
{
    std::string s;
    for (std::size_t i = 0; i < values.size(); ++i) {
        s += i ? ", " : "";
        if constexpr (std::is_same_v<T, bool>)
            s += values[i] ? "true" : "false";
        else
            s += std::to_string(values[i]);
    }
    return s;
}

// Problems of one choice list: empty, a value out of range, a repeat (which would emit
// the same scheme twice).
template <typename T>
void checkChoices(const std::vector<T>& values, const std::string& at, const char* what,
                  std::vector<std::string>& problems)
{
    if (values.empty()) {
        problems.push_back(at + "expected at least one " + what + " choice, found none.");
        return;
    }
    // Which values came already (each is checked to be in range first): a search of the list so
    // far took minutes for 64 layers of 65535 choices.
    std::vector<bool> seen(kMaxLayerValue + 1);
    for (std::size_t i = 0; i < values.size(); ++i) {
        if constexpr (!std::is_same_v<T, bool>) {
            if (values[i] < 1 || values[i] > kMaxLayerValue) {
                problems.push_back(at + "expected each " + what + " to be from 1 to " +
                                   std::to_string(kMaxLayerValue) + ", found " + std::to_string(values[i]) + ".");
                return;
            }
        }
        if (seen[static_cast<std::size_t>(values[i])]) {
            problems.push_back(at + "expected each " + what + " choice once, found " + join(std::vector<T>{values[i]}) +
                               " twice.");
            return;
        }
        seen[static_cast<std::size_t>(values[i])] = true;
    }
}

// Depth-first walk over layer choices; see generateSchemes().
class Enumerator {
public:
    explicit Enumerator(const SearchSpaceSettings& s)
        : m_s(s), m_nodeLimit(std::max<std::size_t>(s.maxSchemes, 1) * 64)
    {
    }

    std::vector<Scheme> run()
    {
        Scheme prefix;
        prefix.reserve(static_cast<std::size_t>(m_s.maxDepth));
        extend(prefix, 0);
        return std::move(m_out);
    }

private:
    void extend(Scheme& prefix, int strided)
    {
        if (++m_nodes > m_nodeLimit)
            throw InvalidArgument("The search space is too large to enumerate: more than " +
                                  std::to_string(m_nodeLimit) + " partial schemes were visited.");
        const auto depth = static_cast<int>(prefix.size());
        if (depth >= m_s.minDepth) {
            if (m_out.size() == m_s.maxSchemes)
                throw InvalidArgument("The search space holds more than " + std::to_string(m_s.maxSchemes) +
                                      " schemes (max_schemes); narrow the choices or raise the limit.");
            m_layers += prefix.size();
            if (m_layers > kMaxTotalLayers)
                throw InvalidArgument("The search space's schemes hold more than " + std::to_string(kMaxTotalLayers) +
                                      " layers in all, too many to list; narrow the choices or lower max_depth.");
            m_out.push_back(prefix);
        }
        if (depth == m_s.maxDepth)
            return;
        const LayerChoices& c = m_s.layers[static_cast<std::size_t>(depth)];
        const int inputWidth = depth == 0 ? kInputChannels : prefix.back().width;
        for (int kernel : c.kernelSizes)
            for (int width : c.widths)
                for (int stride : c.strides)
                    for (bool residual : c.residuals) {
                        const bool strides = stride > 1;
                        if (strides && strided >= m_s.maxStridedLayers)
                            continue;
                        if (residual && (stride != 1 || width != inputWidth || kernel % 2 == 0))
                            continue;
                        prefix.push_back({kernel, width, stride, residual});
                        extend(prefix, strided + (strides ? 1 : 0));
                        prefix.pop_back();
                    }
    }

    const SearchSpaceSettings& m_s;
    std::vector<Scheme> m_out;
    std::size_t m_nodes = 0;
    std::size_t m_nodeLimit;
    std::size_t m_layers = 0; ///< in m_out
};

std::string typeName(const json& j)
{
    if (!j.is_primitive() || j.is_null())
        return j.type_name();
    const std::string text = j.dump(); // a long string is cut, so the message stays a sentence
    return std::string(j.type_name()) + " " + (text.size() > 60 ? text.substr(0, 60) + "..." : text);
}

template <typename T>
std::vector<T> choiceList(const json& layer, const char* key, const std::string& file, const std::string& at)
{
    const auto it = layer.find(key);
    if (it == layer.end())
        throw ParseError(file, 0, at + "expected the key \"" + key + "\" with a list of choices, found none.");
    const json& list = *it;
    const char* expected = std::is_same_v<T, bool> ? "a list of true/false" : "a list of integers";
    if (!list.is_array())
        throw ParseError(file, 0, at + "expected \"" + key + "\" to be " + expected + ", found " + typeName(list) + ".");
    std::vector<T> values;
    for (const json& v : list) {
        if constexpr (std::is_same_v<T, bool>) {
            if (!v.is_boolean())
                throw ParseError(file, 0, at + "expected \"" + key + "\" to be " + expected + ", found " +
                                              typeName(v) + " in it.");
            values.push_back(v.get<bool>());
        } else {
            if (!v.is_number_integer() || v.get<long long>() < 1 || v.get<long long>() > kMaxLayerValue)
                throw ParseError(file, 0, at + "expected each \"" + key + "\" to be an integer from 1 to " +
                                              std::to_string(kMaxLayerValue) + ", found " + typeName(v) + ".");
            values.push_back(static_cast<int>(v.get<long long>()));
        }
    }
    return values;
}

long long integerField(const json& root, const char* key, const std::string& file, long long minimum,
                       long long maximum)
{
    const auto it = root.find(key);
    if (it == root.end())
        throw ParseError(file, 0, std::string("expected the key \"") + key + "\", found none.");
    if (!it->is_number_integer() || it->get<long long>() < minimum || it->get<long long>() > maximum)
        throw ParseError(file, 0, std::string("expected \"") + key + "\" to be an integer from " +
                                      std::to_string(minimum) + " to " + std::to_string(maximum) + ", found " +
                                      typeName(*it) + ".");
    return it->get<long long>();
}

void rejectUnknownKeys(const json& object, const std::vector<std::string>& known, const std::string& file,
                       const std::string& at)
{
    for (const auto& [key, value] : object.items()) {
        if (std::find(known.begin(), known.end(), key) != known.end())
            continue;
        std::string expected;
        for (std::size_t i = 0; i < known.size(); ++i)
            expected += (i ? ", \"" : "\"") + known[i] + "\"";
        throw ParseError(file, 0, at + "unknown key \"" + key + "\" (expected " + expected + ").");
    }
}

} // namespace

SearchSpaceSettings naap440SearchSpace()
{
    SearchSpaceSettings s;
    s.layers = {
        {{3}, {12, 16}, {2}, {false}},
        {{3}, {16, 24}, {2}, {false}},
        {{1, 3}, {16, 24, 32}, {1, 2}, {false, true}},
        {{1, 3}, {32, 40}, {1, 2}, {false, true}},
    };
    s.minDepth = 3;
    s.maxDepth = 4;
    s.maxStridedLayers = 3;
    return s;
}

std::vector<std::string> validateSearchSpace(const SearchSpaceSettings& settings)
{
    std::vector<std::string> problems;
    const auto layers = static_cast<int>(settings.layers.size());
    if (layers == 0)
        problems.push_back("expected choices for at least one layer, found none.");
    else if (layers > kMaxLayers)
        problems.push_back("expected choices for at most " + std::to_string(kMaxLayers) + " layers, found " +
                           std::to_string(layers) + ".");
    if (settings.maxDepth < 1 || settings.maxDepth > layers)
        problems.push_back("expected max_depth from 1 to the " + std::to_string(layers) +
                           " layers listed, found " + std::to_string(settings.maxDepth) + ".");
    if (settings.minDepth < 1 || settings.minDepth > settings.maxDepth)
        problems.push_back("expected min_depth from 1 to max_depth (" + std::to_string(settings.maxDepth) +
                           "), found " + std::to_string(settings.minDepth) + ".");
    if (settings.maxStridedLayers < 0)
        problems.push_back("expected max_strided_layers of at least 0, found " +
                           std::to_string(settings.maxStridedLayers) + ".");
    if (settings.maxSchemes == 0)
        problems.push_back("expected max_schemes of at least 1, found 0.");
    else if (settings.maxSchemes > kMaxSchemesLimit)
        problems.push_back("expected max_schemes of at most " + std::to_string(kMaxSchemesLimit) + ", found " +
                           std::to_string(settings.maxSchemes) + ".");
    for (std::size_t i = 0; i < settings.layers.size() && i < static_cast<std::size_t>(kMaxLayers); ++i) {
        const LayerChoices& c = settings.layers[i];
        const std::string at = "layer " + std::to_string(i + 1) + ": ";
        checkChoices(c.kernelSizes, at, "kernel_size", problems);
        checkChoices(c.widths, at, "width", problems);
        checkChoices(c.strides, at, "stride", problems);
        checkChoices(c.residuals, at, "residual", problems);
    }
    return problems;
}

std::vector<Scheme> generateSchemes(const SearchSpaceSettings& settings)
{
    if (const auto problems = validateSearchSpace(settings); !problems.empty())
        throw InvalidArgument("Invalid search space: " + problems.front());
    return Enumerator(settings).run();
}

SearchSpaceSettings parseSearchSpaceJson(const std::string& text, const std::string& where)
{
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error& e) {
        const std::size_t end = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
        const long line = 1 + static_cast<long>(std::count(text.begin(), text.begin() + static_cast<long>(end), '\n'));
        throw ParseError(where, line, "expected valid JSON search-space settings.");
    } catch (const json::out_of_range& e) { // a number beyond a double's range, 1e400
        detail::throwJsonNumberOverflow(text, e.what(), where, 0);
    }
    if (!root.is_object())
        throw ParseError(where, 1, "expected an object with \"layers\", \"min_depth\", \"max_depth\" and "
                                   "\"max_strided_layers\", found " + typeName(root) + ".");
    rejectUnknownKeys(root, {"layers", "min_depth", "max_depth", "max_strided_layers", "max_schemes"}, where, "");
    SearchSpaceSettings s;
    s.minDepth = static_cast<int>(integerField(root, "min_depth", where, 1, kMaxLayers));
    s.maxDepth = static_cast<int>(integerField(root, "max_depth", where, 1, kMaxLayers));
    s.maxStridedLayers = static_cast<int>(integerField(root, "max_strided_layers", where, 0, kMaxLayers));
    if (root.contains("max_schemes"))
        s.maxSchemes = static_cast<std::size_t>(
            integerField(root, "max_schemes", where, 1, static_cast<long long>(kMaxSchemesLimit)));
    const auto layers = root.find("layers");
    if (layers == root.end() || !layers->is_array())
        throw ParseError(where, 0, "expected \"layers\" to be a list of per-layer choices, found " +
                                       (layers == root.end() ? std::string("none") : typeName(*layers)) + ".");
    for (std::size_t i = 0; i < layers->size(); ++i) {
        const json& layer = (*layers)[i];
        const std::string at = "layer " + std::to_string(i + 1) + ": ";
        if (!layer.is_object())
            throw ParseError(where, 0, at + "expected an object {\"kernel_size\", \"width\", \"stride\", "
                                            "\"residual\"} of choice lists, found " + typeName(layer) + ".");
        rejectUnknownKeys(layer, {"kernel_size", "width", "stride", "residual"}, where, at);
        s.layers.push_back({choiceList<int>(layer, "kernel_size", where, at), choiceList<int>(layer, "width", where, at),
                            choiceList<int>(layer, "stride", where, at), choiceList<bool>(layer, "residual", where, at)});
    }
    if (const auto problems = validateSearchSpace(s); !problems.empty())
        throw ParseError(where, 0, problems.front());
    return s;
}

SearchSpaceSettings readSearchSpaceJson(const std::string& path)
{
    const std::string text = detail::readWholeFile(path);
    detail::requireText(text, path);
    return parseSearchSpaceJson(text, path);
}

std::string searchSpaceToJson(const SearchSpaceSettings& settings)
{
    std::string s = "{\n";
    s += "    \"min_depth\": " + std::to_string(settings.minDepth) + ",\n";
    s += "    \"max_depth\": " + std::to_string(settings.maxDepth) + ",\n";
    s += "    \"max_strided_layers\": " + std::to_string(settings.maxStridedLayers) + ",\n";
    s += "    \"max_schemes\": " + std::to_string(settings.maxSchemes) + ",\n";
    s += "    \"layers\": [\n";
    for (std::size_t i = 0; i < settings.layers.size(); ++i) {
        const LayerChoices& c = settings.layers[i];
        s += "        {\"kernel_size\": [" + join(c.kernelSizes) + "], \"width\": [" + join(c.widths) +
             "], \"stride\": [" + join(c.strides) + "], \"residual\": [" + join(c.residuals) + "]}";
        s += i + 1 < settings.layers.size() ? ",\n" : "\n";
    }
    return s + "    ]\n}\n";
}

void writeSchemesJson(const std::vector<Scheme>& schemes, std::ostream& out)
{
    // Python's json.dump(indent=2): an empty list is "[]"; no final newline, as published.
    if (schemes.empty()) {
        out << "[]";
        return;
    }
    out << "[\n";
    for (std::size_t i = 0; i < schemes.size(); ++i) {
        const Scheme& scheme = schemes[i];
        if (scheme.empty()) {
            out << "  []";
        } else {
            out << "  [\n";
            for (std::size_t j = 0; j < scheme.size(); ++j) {
                const LayerSpec& l = scheme[j];
                out << "    {\n"
                    << "      \"kernel_size\": " << l.kernelSize << ",\n"
                    << "      \"width\": " << l.width << ",\n"
                    << "      \"stride\": " << l.stride << ",\n"
                    << "      \"residual\": " << (l.residual ? "true" : "false") << "\n"
                    << "    }" << (j + 1 < scheme.size() ? ",\n" : "\n");
            }
            out << "  ]";
        }
        out << (i + 1 < schemes.size() ? ",\n" : "\n");
    }
    out << "]";
}

} // namespace naap::core
