// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/error.h"

namespace naap::core {

namespace {
std::string locate(const std::string& file, long line, const std::string& what)
{
    std::string s = file;
    if (line > 0)
        s += ", line " + std::to_string(line);
    s += ": " + what;
    return s;
}
} // namespace

ParseError::ParseError(std::string file, long line, const std::string& what)
    : Error(locate(file, line, what)), m_file(std::move(file)), m_line(line)
{
}

} // namespace naap::core
