// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/util/atomic_file.h"

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "naap/core/error.h"

namespace naap::core {

namespace {

namespace fs = std::filesystem;

// The file a write to `path` lands in: `path` itself, or the end of its chain of symbolic links
// (which need not exist yet). Renaming over the link itself would replace it by a plain file.
fs::path finalTarget(const std::string& path)
{
    constexpr int kMaxLinks = 40; // as the kernel's ELOOP limit
    fs::path target(path);
    for (int hops = 0; hops < kMaxLinks; ++hops) {
        std::error_code ec;
        if (!fs::is_symlink(fs::symlink_status(target, ec)))
            return target;
        const fs::path next = fs::read_symlink(target, ec);
        if (ec)
            throw IoError("Cannot write " + path + ": its symbolic link cannot be read (" + ec.message() + ").");
        target = next.is_absolute() ? next : target.parent_path() / next;
    }
    throw IoError("Cannot write " + path + ": it is a chain of more than 40 symbolic links (a loop?).");
}

} // namespace

void writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& writer)
{
    static std::atomic<unsigned> counter{0};
    const fs::path target = finalTarget(path);
    // A device, FIFO, socket or folder would be replaced by the rename (an earlier --out
    // /dev/null did just that): refuse before anything is created.
    std::error_code statusError;
    const fs::file_status status = fs::status(target, statusError);
    if (fs::exists(status) && !fs::is_regular_file(status))
        throw IoError("Cannot write " + path + ": " +
                      (target == fs::path(path) ? "it" : "it links to " + target.string() + ", which") +
                      " is not a regular file.");
    std::string tmpName = ".";
    tmpName.append(target.filename().string());
    tmpName.append(".tmp-");
    tmpName.append(std::to_string(::getpid()));
    tmpName.push_back('-');
    tmpName.append(std::to_string(counter++));
    const fs::path tmp = target.parent_path() / tmpName;
    try {
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            if (!out)
                throw IoError("Cannot write " + path + ": the folder does not exist or is not writable.");
            writer(out);
            out.flush();
            if (!out)
                throw IoError("Cannot write " + path + ": the disk is full or the file could not be written.");
        }
        std::error_code ec;
        fs::rename(tmp, target, ec);
        if (ec)
            throw IoError("Cannot write " + path + ": " + ec.message() + ".");
    } catch (...) {
        std::error_code ignored;
        fs::remove(tmp, ignored);
        throw;
    }
}

} // namespace naap::core
