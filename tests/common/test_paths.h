// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QString>

namespace naap::test {

/// tests/data in the source tree (small known-answer files).
QString testDataDir();
/// The NAAP-440 folder found by the core's search order, or "" when absent.
QString naap440Dir();
/// The built `naap` executable.
QString cliPath();
/// Writes `content` to a new file in `dir` and returns its path.
QString writeFile(const QString& dir, const QString& name, const QByteArray& content);

} // namespace naap::test
