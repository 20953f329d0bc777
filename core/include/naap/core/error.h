// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <stdexcept>
#include <string>

namespace naap::core {

/// Base of every error the core throws on bad parameters or bad data. what() is one
/// sentence, fit to be shown to a user as it is.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Malformed input file: the message names the file, the line (1-based, 0 = none) and
/// what was expected.
class ParseError : public Error {
public:
    ParseError(std::string file, long line, const std::string& what);
    const std::string& file() const { return m_file; }
    long line() const { return m_line; }

private:
    std::string m_file;
    long m_line;
};

/// A file or folder that cannot be opened, read or written.
class IoError : public Error {
public:
    using Error::Error;
};

/// Bad arguments to an API call (sizes, names, ranges).
class InvalidArgument : public Error {
public:
    using Error::Error;
};

/// Thrown from cooperative cancellation points when a CancelToken is set.
class Cancelled : public Error {
public:
    Cancelled() : Error("The operation was cancelled.") {}
};

} // namespace naap::core
