// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/util/archive.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <set>

#include "naap/core/error.h"

#if NAAP_WITH_FETCH
#include <archive.h>
#include <archive_entry.h>
#include <atomic>
#include <memory>
#include <unistd.h>
#endif

namespace naap::core {

namespace fs = std::filesystem;

namespace {

// Path components, splitting on '/' and on '\\' too: a Windows tool would treat the
// backslash as a separator, so "..\\x" is as unsafe as "../x".
std::vector<std::string> components(const std::string& path)
{
    std::vector<std::string> parts;
    std::string part;
    for (char c : path) {
        if (c == '/' || c == '\\') {
            parts.push_back(part);
            part.clear();
        } else {
            part += c;
        }
    }
    parts.push_back(part);
    return parts;
}

bool isAbsolute(const std::string& path)
{
    return !path.empty() && (path.front() == '/' || path.front() == '\\' || (path.size() > 1 && path[1] == ':'));
}

} // namespace

std::string unsafeEntryReason(const std::string& entryPath)
{
    if (entryPath.empty())
        return "it has no name";
    if (isAbsolute(entryPath))
        return "it is an absolute path";
    for (const std::string& part : components(entryPath))
        if (part == "..")
            return "it contains '..'";
    return {};
}

#if !NAAP_WITH_FETCH

bool archivesAvailable() { return false; }

ExtractReport extractArchive(const std::string&, const std::string&, const CancelToken*, const UnpackedCheck&)
{
    throw Error("This build cannot unpack archives: it was configured with NAAP_WITH_FETCH=OFF (no libarchive).");
}

#else

bool archivesAvailable() { return true; }

namespace {

using ReadArchive = std::unique_ptr<archive, decltype(&archive_read_free)>;
using WriteArchive = std::unique_ptr<archive, decltype(&archive_write_free)>;

// Why a symlink at `entryPath` pointing to `target` may lead outside the tree, or "".
// Leading ".." steps are taken from the link's own folder, which is a real folder inside
// the tree (nothing is written through a symlink); after those, a ".." could follow
// another symlink back out, so none is allowed.
std::string unsafeLinkTarget(const std::string& entryPath, const std::string& target)
{
    if (target.empty())
        return "it is a symbolic link with no target";
    if (isAbsolute(target))
        return "it is a symbolic link to an absolute path";
    const auto parts = components(target);
    std::size_t ups = 0;
    while (ups < parts.size() && parts[ups] == "..")
        ++ups;
    if (std::find(parts.begin() + static_cast<long>(ups), parts.end(), "..") != parts.end())
        return "it is a symbolic link whose target has '..' after a folder name";
    std::size_t depth = 0; // folders above the link inside the tree
    for (const std::string& part : components(entryPath))
        depth += !part.empty() && part != ".";
    if (depth > 0)
        --depth; // the link's own name
    if (ups > depth)
        return "it is a symbolic link that points outside the target folder";
    return {};
}

std::string stripDotSlash(std::string path)
{
    while (path.rfind("./", 0) == 0)
        path.erase(0, 2);
    while (!path.empty() && path.back() == '/')
        path.pop_back();
    return path;
}

class Extractor {
public:
    Extractor(std::string archivePath, fs::path staging, const CancelToken* cancel)
        : m_archivePath(std::move(archivePath)), m_staging(std::move(staging)), m_cancel(cancel)
    {
    }

    ExtractReport run()
    {
        ReadArchive in(archive_read_new(), archive_read_free);
        WriteArchive out(archive_write_disk_new(), archive_write_free);
        if (!in || !out)
            throw Error("Cannot initialise libarchive.");
        archive_read_support_filter_all(in.get());
        archive_read_support_format_tar(in.get());
        archive_read_support_format_gnutar(in.get());
        // No owner, permission bits beyond the umask, ACLs or xattrs from a downloaded file.
        archive_write_disk_set_options(out.get(), ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_SECURE_SYMLINKS |
                                                      ARCHIVE_EXTRACT_SECURE_NODOTDOT);
        if (archive_read_open_filename(in.get(), m_archivePath.c_str(), 1 << 16) != ARCHIVE_OK)
            fail("cannot open the archive (" + message(in.get()) + ")");
        ExtractReport report;
        for (;;) {
            checkCancel();
            archive_entry* entry = nullptr;
            const int r = archive_read_next_header(in.get(), &entry);
            if (r == ARCHIVE_EOF)
                break;
            if (r < ARCHIVE_WARN)
                fail("expected a tar archive (" + message(in.get()) + ")");
            extractEntry(in.get(), out.get(), entry, report);
        }
        if (archive_write_close(out.get()) != ARCHIVE_OK)
            throw IoError("Cannot unpack " + m_archivePath + ": " + message(out.get()) + ".");
        return report;
    }

private:
    [[noreturn]] void fail(const std::string& what) const
    {
        throw ParseError(m_archivePath, 0, what + "; nothing was extracted.");
    }
    [[noreturn]] void failEntry(const std::string& name, const std::string& why) const
    {
        fail("the entry '" + name + "' is refused: " + why);
    }
    static std::string message(archive* a)
    {
        const char* m = archive_error_string(a);
        return m ? m : "unknown error";
    }
    void checkCancel() const
    {
        if (m_cancel != nullptr && m_cancel->isCancelled())
            throw Cancelled();
    }

    void extractEntry(archive* in, archive* out, archive_entry* entry, ExtractReport& report)
    {
        const char* raw = archive_entry_pathname(entry);
        const std::string original = raw ? raw : "";
        if (const std::string why = unsafeEntryReason(original); !why.empty())
            failEntry(original, why);
        const std::string name = stripDotSlash(original);
        if (name.empty() || name == ".")
            return; // the archive's root folder itself
        // Also enforced by ARCHIVE_EXTRACT_SECURE_SYMLINKS; checked here for a clear message.
        for (auto slash = name.find('/'); slash != std::string::npos; slash = name.find('/', slash + 1))
            if (m_links.count(name.substr(0, slash)) != 0)
                failEntry(original, "it would be written through the symbolic link '" + name.substr(0, slash) + "'");
        const char* hardlink = archive_entry_hardlink(entry);
        if (hardlink != nullptr) {
            // Only to a regular file extracted before: linking a symlink elsewhere could
            // make it point outside.
            const std::string target = stripDotSlash(hardlink);
            if (!unsafeEntryReason(hardlink).empty() || m_files.count(target) == 0)
                failEntry(original, "it is a hard link to '" + std::string(hardlink) +
                                        "', which is not a file extracted before it");
            archive_entry_set_hardlink(entry, (m_staging / target).c_str());
        } else {
            switch (archive_entry_filetype(entry)) {
            case AE_IFREG:
            case AE_IFDIR:
                break;
            case AE_IFLNK: {
                const char* target = archive_entry_symlink(entry);
                if (const std::string why = unsafeLinkTarget(name, target ? target : ""); !why.empty())
                    failEntry(original, why);
                m_links.insert(name);
                break;
            }
            default:
                failEntry(original, "it is a device, FIFO or socket");
            }
        }
        archive_entry_set_pathname(entry, (m_staging / name).c_str());
        if (archive_write_header(out, entry) < ARCHIVE_WARN)
            failEntry(original, message(out));
        if (archive_entry_filetype(entry) == AE_IFREG && hardlink == nullptr) {
            copyData(in, out, original, report);
            m_files.insert(name);
            ++report.files;
        }
        if (archive_write_finish_entry(out) < ARCHIVE_WARN)
            failEntry(original, message(out));
        const std::string top = components(name).front();
        if (std::find(report.topLevel.begin(), report.topLevel.end(), top) == report.topLevel.end())
            report.topLevel.push_back(top);
    }

    void copyData(archive* in, archive* out, const std::string& name, ExtractReport& report)
    {
        for (;;) {
            checkCancel();
            const void* block = nullptr;
            std::size_t size = 0;
            la_int64_t offset = 0;
            const int r = archive_read_data_block(in, &block, &size, &offset);
            if (r == ARCHIVE_EOF)
                return;
            if (r < ARCHIVE_WARN)
                fail("the data of '" + name + "' cannot be read (" + message(in) + ")");
            if (archive_write_data_block(out, block, size, offset) < ARCHIVE_WARN)
                throw IoError("Cannot unpack " + name + " from " + m_archivePath + ": " + message(out) + ".");
            report.bytes += static_cast<std::int64_t>(size);
        }
    }

    std::string m_archivePath;
    fs::path m_staging;
    const CancelToken* m_cancel;
    std::set<std::string> m_files; ///< regular files extracted so far (hard-link targets)
    std::set<std::string> m_links; ///< symlinks extracted so far
};

// Moves each unpacked top-level entry into `target`, keeping a replaced one aside until
// the new one is in place.
void moveIntoPlace(const fs::path& staging, const fs::path& target, const std::vector<std::string>& names,
                   const fs::path& aside)
{
    for (const std::string& name : names) {
        const fs::path dest = target / name;
        std::error_code ec;
        const bool replacing = fs::symlink_status(dest, ec).type() != fs::file_type::not_found;
        if (replacing) {
            fs::create_directories(aside, ec);
            fs::rename(dest, aside / name, ec);
            if (ec)
                throw IoError("Cannot replace " + dest.string() + ": " + ec.message() + ".");
        }
        fs::rename(staging / name, dest, ec);
        if (ec) {
            std::error_code ignored;
            if (replacing)
                fs::rename(aside / name, dest, ignored);
            throw IoError("Cannot move the unpacked " + name + " into " + target.string() + ": " + ec.message() +
                          ".");
        }
    }
}

} // namespace

ExtractReport extractArchive(const std::string& archivePath, const std::string& targetDir,
                             const CancelToken* cancel, const UnpackedCheck& check)
{
    static std::atomic<unsigned> counter{0};
    std::error_code ec;
    fs::create_directories(targetDir, ec);
    if (!fs::is_directory(targetDir, ec))
        throw IoError("Cannot create the folder " + targetDir + ".");
    // Canonical, so that no symlink in the folder's own path trips the symlink check.
    const fs::path target = fs::canonical(targetDir, ec);
    if (ec)
        throw IoError("Cannot open the folder " + targetDir + ": " + ec.message() + ".");
    std::string tag = "."; // appended piecewise: GCC 12 warns falsely on "." + std::string
    tag += fs::path(archivePath).filename().string();
    tag += ".unpack-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    const fs::path staging = target / tag;
    const fs::path aside = target / (tag + "-old");
    fs::remove_all(staging, ec);
    if (!fs::create_directory(staging, ec))
        throw IoError("Cannot write in the folder " + targetDir + ": " + ec.message() + ".");
    struct Cleanup {
        fs::path a, b;
        ~Cleanup()
        {
            std::error_code ignored;
            fs::remove_all(a, ignored);
            fs::remove_all(b, ignored);
        }
    } cleanup{staging, aside};

    ExtractReport report = Extractor(archivePath, staging, cancel).run();
    if (check) {
        if (const std::string why = check(staging.string()); !why.empty())
            throw ParseError(archivePath, 0, why + "; nothing was extracted.");
    }
    std::sort(report.topLevel.begin(), report.topLevel.end());
    moveIntoPlace(staging, target, report.topLevel, aside);
    return report;
}

#endif

} // namespace naap::core
