// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "data/text_input.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "naap/core/error.h"

namespace naap::core::detail {

std::string readWholeFile(const std::string& path)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw IoError("Cannot open " + path + ": it is a folder, expected a file.");
    // /dev/zero or /dev/urandom would be read until memory runs out; a pipe is read, up to the limit.
    if (std::filesystem::is_character_file(path, ec) || std::filesystem::is_block_file(path, ec))
        throw IoError("Cannot read " + path + ": it is a device, expected a file.");
    const auto tooLarge = [&] {
        return IoError("Cannot read " + path + ": it holds more than " + std::to_string(kMaxInputBytes >> 30) +
                       " GiB, the most that a table, log or JSON file may hold.");
    };
    const std::uintmax_t size = std::filesystem::is_regular_file(path, ec) ? std::filesystem::file_size(path, ec) : 0;
    if (!ec && size > kMaxInputBytes)
        throw tooLarge();
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw IoError("Cannot open " + path + ": " + std::strerror(errno) + ".");
    std::string text;
    text.reserve(ec ? 0 : static_cast<std::size_t>(size));
    std::vector<char> chunk(1 << 16);
    while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
        const auto n = static_cast<std::size_t>(in.gcount());
        if (text.size() + n > kMaxInputBytes)
            throw tooLarge();
        text.append(chunk.data(), n);
    }
    if (in.bad())
        throw IoError("Cannot read " + path + ": the read failed.");
    return text;
}

namespace {
// Length of the UTF-8 sequence starting at s[i], or 0 when it is invalid.
std::size_t utf8Length(std::string_view s, std::size_t i)
{
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    unsigned min = 0;
    unsigned cp = 0;
    if (c < 0x80)
        return 1;
    if ((c & 0xE0) == 0xC0) { n = 2; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { n = 4; cp = c & 0x07; min = 0x10000; }
    else
        return 0;
    if (i + n > s.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k) {
        const auto d = static_cast<unsigned char>(s[i + k]);
        if ((d & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (d & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}
} // namespace

void requireText(std::string_view text, const std::string& file)
{
    long line = 1;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n')
            ++line;
        if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7F) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", c);
            throw ParseError(file, line, std::string("expected a text file, found the control byte ") +
                                             hex + " (is this a binary file?).");
        }
        const std::size_t n = utf8Length(text, i);
        if (n == 0)
            throw ParseError(file, line, "expected UTF-8 text, found an invalid byte sequence "
                                         "(is this a binary file?).");
        i += n;
    }
}

std::vector<CsvRecord> tokenizeCsv(std::string_view text, const std::string& file)
{
    std::vector<CsvRecord> records;
    std::size_t i = 0;
    long line = 1;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") // UTF-8 byte-order mark
        i = 3;
    while (i < text.size()) {
        if (text[i] == '\n' || (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
            i += text[i] == '\r' ? 2 : 1; // blank line
            ++line;
            continue;
        }
        CsvRecord rec;
        rec.line = line;
        std::string field;
        bool done = false;
        while (!done) {
            field.clear();
            if (i < text.size() && text[i] == '"') {
                const long quoteLine = line;
                ++i;
                for (;;) {
                    if (i >= text.size())
                        throw ParseError(file, quoteLine, "expected a closing quote for the field "
                                                          "that opens here, found the end of the file.");
                    if (text[i] == '"') {
                        if (i + 1 < text.size() && text[i + 1] == '"') {
                            field += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        break;
                    }
                    if (text[i] == '\n')
                        ++line;
                    field += text[i++];
                }
                if (i < text.size() && text[i] != ',' && text[i] != '\n' &&
                    !(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') &&
                    !(text[i] == '\r' && i + 1 == text.size()))
                    throw ParseError(file, line, "expected a comma or a line end after a closing quote, "
                                                 "found '" + std::string(1, text[i]) + "'.");
            } else {
                while (i < text.size() && text[i] != ',' && text[i] != '\n' &&
                       !(text[i] == '\r' && (i + 1 == text.size() || text[i + 1] == '\n'))) {
                    if (text[i] == '"')
                        throw ParseError(file, line, "expected a quote only at the start of a field, "
                                                     "found one inside an unquoted field.");
                    field += text[i++];
                }
            }
            rec.fields.push_back(field);
            if (i >= text.size()) {
                rec.terminated = false;
                done = true;
            } else if (text[i] == ',') {
                ++i;
            } else {
                i += text[i] == '\r' ? 2 : 1;
                if (i > text.size()) // a lone CR at the very end
                    i = text.size();
                ++line;
                done = true;
            }
        }
        records.push_back(std::move(rec));
    }
    return records;
}

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        const std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view l = text.substr(start, end - start);
        if (!l.empty() && l.back() == '\r')
            l.remove_suffix(1);
        lines.push_back(l);
        start = next;
    }
    return lines;
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

void throwJsonNumberOverflow(std::string_view text, const std::string& message, const std::string& file, long line)
{
    const auto open = message.find('\'');
    const auto close = message.rfind('\'');
    const std::string number =
        open != std::string::npos && close > open ? message.substr(open + 1, close - open - 1) : std::string();
    if (line <= 0) {
        const auto at = number.empty() ? std::string_view::npos : text.find(number);
        line = 1 + static_cast<long>(std::count(text.begin(),
                                                text.begin() + static_cast<long>(at == std::string_view::npos ? 0 : at),
                                                '\n'));
    }
    const std::string shown = number.size() > 40 ? number.substr(0, 40) + "..." : number;
    throw ParseError(file, line,
                     "expected numbers within the range of a double, found " +
                         (shown.empty() ? std::string("one beyond it") : shown) + ".");
}

std::optional<double> parseDouble(std::string_view s)
{
    s = trim(s);
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    if (s.empty())
        return std::nullopt;
    double v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v))
        return std::nullopt;
    return v;
}

std::optional<long long> parseInteger(std::string_view s)
{
    s = trim(s);
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    if (s.empty())
        return std::nullopt;
    long long v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size())
        return std::nullopt;
    return v;
}

std::string formatNumber(double v, bool asFloat)
{
    if (std::isnan(v))
        return {};
    char buf[64];
    if (!asFloat && std::abs(v) < 9.0e15 && v == std::floor(v)) {
        const auto r = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(v));
        return std::string(buf, r.ptr);
    }
    // Shortest digits, laid out as Python's repr(): fixed for 1e-4 <= |v| < 1e16.
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    const std::string_view sci(buf, static_cast<std::size_t>(r.ptr - buf));
    const std::size_t e = sci.find('e');
    const int exponent = std::stoi(std::string(sci.substr(e + 1)));
    const bool negative = sci.front() == '-';
    std::string digits;
    for (char c : sci.substr(negative ? 1 : 0, e - (negative ? 1 : 0)))
        if (c != '.')
            digits += c;
    std::string out = negative ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
        out.append(digits, 0, 1);
        if (digits.size() > 1)
            out.append(".").append(digits, 1);
        return out.append(sci.substr(e)); // "e-05", "e+16", as Python writes them
    }
    if (exponent < 0)
        return out.append("0.").append(static_cast<std::size_t>(-exponent - 1), '0').append(digits);
    const auto intDigits = static_cast<std::size_t>(exponent + 1);
    if (digits.size() <= intDigits)
        return out.append(digits).append(intDigits - digits.size(), '0').append(".0");
    return out.append(digits, 0, intDigits).append(".").append(digits, intDigits);
}

std::string csvQuote(const std::string& s)
{
    if (s.find_first_of(",\"\r\n") == std::string::npos)
        return s;
    std::string q = "\"";
    for (char c : s) {
        if (c == '"')
            q += '"';
        q += c;
    }
    return q + '"';
}

double roundDecimals(double x, int decimals)
{
    if (!std::isfinite(x))
        return x;
    // to_chars with a precision rounds the exact binary value, as Python's round() does.
    char buf[400];
    const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, decimals);
    double v = x;
    std::from_chars(buf, r.ptr, v);
    return v;
}

} // namespace naap::core::detail
