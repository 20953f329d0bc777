// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "naap/core/control.h"

namespace naap::core {

struct ExtractReport {
    std::vector<std::string> topLevel; ///< names placed in the target folder, sorted
    std::int64_t files = 0;            ///< regular files written
    std::int64_t bytes = 0;            ///< their total size
};

/// True when this build can unpack archives (it was built with libarchive).
bool archivesAvailable();

/// Unpacks a tar archive (plain, gzip, bzip2 or xz) into `targetDir`, which is created
/// when missing. Safe against hostile archives: an entry that is absolute, has a ".."
/// component, is a symlink or hard link leading outside the archive's own tree, is a
/// device or FIFO, or would be written through a symlink, fails the whole extraction.
/// Everything is first unpacked into a hidden staging folder inside `targetDir`; only
/// when the whole archive unpacked cleanly are its top-level entries moved into place
/// (replacing same-named ones), so a bad archive leaves `targetDir` as it was and nothing
/// is ever written outside it. `check`, when given, is called with the staging folder
/// once everything is unpacked there and returns why the content is unusable (a clause
/// such as "expected X, but Y is missing"), or "" to keep it; a reason fails the
/// extraction like a bad entry. Throws ParseError naming the archive and the entry (or
/// the reason), IoError for disk problems, Cancelled when `cancel` is set. Blocks.
using UnpackedCheck = std::function<std::string(const std::string& unpackedDir)>;
ExtractReport extractArchive(const std::string& archivePath, const std::string& targetDir,
                             const CancelToken* cancel = nullptr, const UnpackedCheck& check = {});

/// The reason an archive entry path is unsafe ("it is absolute", "it contains '..'"),
/// or "" when it is a plain relative path. Exposed for tests.
std::string unsafeEntryReason(const std::string& entryPath);

} // namespace naap::core
