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

void writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& writer)
{
    namespace fs = std::filesystem;
    static std::atomic<unsigned> counter{0};
    const fs::path target(path);
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
