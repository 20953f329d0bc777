// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli_args.h"
#include "commands.h"
#include "naap/core/data/cifar.h"
#include "naap/core/data/download.h"
#include "naap/core/data/locate.h"
#include "naap/core/error.h"
#include "naap/core/util/archive.h"

namespace naap::cli {

const char* const kFetchHelp =
    "Usage: naap fetch cifar10|naap440 [--dir DIR] [--url BASE] [--md5 HEX] [--keep-archive]\n"
    "\n"
    "Downloads a public dataset and checks it against its published digest before\n"
    "keeping it. Data arrives in FILE.part; an interrupted download resumes where it\n"
    "stopped when run again. A file whose digest does not match is deleted.\n"
    "\n"
    "  naap440   naap440.csv, naap440v2.csv and generated_schemes.json (SHA-256 checked)\n"
    "            into DIR (default: the per-user data folder, where the workbench looks)\n"
    "  cifar10   cifar-10-binary.tar.gz (MD5 checked), unpacked into DIR as\n"
    "            cifar-10-batches-bin/ (default DIR: the per-user data folder's cifar10/);\n"
    "            an archive without all six batch files in full is refused\n"
    "\n"
    "Options:\n"
    "  --dir DIR        folder to put the dataset in (created when missing)\n"
    "  --url BASE       download from BASE/<file name> instead of the publisher (a mirror)\n"
    "  --md5 HEX        cifar10 only: expect this MD5 instead of the published one (a\n"
    "                   mirror that repackaged the archive)\n"
    "  --keep-archive   cifar10 only: keep the .tar.gz after unpacking it\n"
    "  -h, --help       show this help\n"
    "\n"
    "Progress is shown on standard error when it is a terminal. Ctrl-C stops; the\n"
    "partial file is kept for the next run.\n";

namespace {

namespace fs = std::filesystem;

core::CancelToken g_fetchCancel;
std::string g_createdDir; ///< the target folder when this run created it

extern "C" void onFetchInterrupt(int)
{
    g_fetchCancel.cancel();
    std::signal(SIGINT, SIG_DFL); // a second Ctrl-C ends the process at once
}

std::string megabytes(std::int64_t bytes)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return text;
}

// "\rnaap: naap440.csv  0.4 MB of 0.8 MB (50%)" on a terminal, nothing otherwise.
core::DownloadOptions downloadOptions(const std::string& name, bool showProgress)
{
    core::DownloadOptions options;
    options.cancel = &g_fetchCancel;
    if (showProgress)
        options.progress = [name](std::int64_t received, std::int64_t total) {
            std::cerr << "\rnaap: " << name << "  " << megabytes(received);
            if (total > 0)
                std::cerr << " of " << megabytes(total) << " (" << received * 100 / total << "%)";
            std::cerr << "    " << std::flush;
        };
    return options;
}

void fetchOne(const std::string& url, const std::string& dir, const core::RemoteFile& file, bool showProgress)
{
    const std::string target = (fs::path(dir) / file.fileName).string();
    core::DownloadReport report;
    try {
        report = core::downloadFile(url, target, file, downloadOptions(file.fileName, showProgress));
    } catch (...) {
        if (showProgress)
            std::cerr << '\n';
        throw;
    }
    if (showProgress && !report.alreadyPresent)
        std::cerr << '\n';
    std::cout << file.fileName << ": "
              << (report.alreadyPresent ? "already present, digest verified"
                                        : "downloaded, " + std::string(core::hashAlgorithmName(file.algorithm)) +
                                              " verified" +
                                              (report.resumedFrom > 0 ? " (resumed after " +
                                                                            megabytes(report.resumedFrom) + ")"
                                                                      : std::string()))
              << '\n';
}

// The target folder; remembered in g_createdDir when it does not exist yet.
std::string chooseDir(const ParsedArgs& parsed, const std::string& fallback)
{
    std::string dir = fallback;
    if (parsed.has("dir")) {
        dir = *parsed.value("dir"); // never empty: parseArgs refuses that
    } else if (fallback.empty()) {
        throw core::IoError("Cannot find the per-user data folder (HOME is not set); pass --dir DIR.");
    }
    std::error_code ec;
    if (!fs::exists(dir, ec))
        g_createdDir = dir;
    return dir;
}

// A failed first fetch leaves no empty folder behind (fs::remove only removes an empty one).
void removeIfCreatedEmpty()
{
    if (!g_createdDir.empty()) {
        std::error_code ec;
        fs::remove(g_createdDir, ec);
    }
}

int fetch(const ParsedArgs& parsed, const std::string& dataset)
{
    const bool cifar = dataset == "cifar10";
    std::string base = parsed.value("url").value_or(cifar ? core::kCifar10BaseUrl : core::kNaap440BaseUrl);
    if (base.rfind("http://", 0) != 0 && base.rfind("https://", 0) != 0)
        throw UsageError("fetch", "The option --url needs an http:// or https:// address, found '" + base + "'.");
    const bool showProgress = stderrIsTerminal();

    if (!cifar) {
        const std::string dir = chooseDir(parsed, core::userDataDir());
        for (const core::RemoteFile& file : core::naap440Files())
            fetchOne(core::joinUrl(base, file.fileName), dir, file, showProgress);
        std::cout << "NAAP-440 is in " << dir << '\n';
        return kExitOk;
    }

    const std::string dir = chooseDir(parsed, core::userCifar10Dir());
    core::RemoteFile archive = core::cifar10Archive();
    if (const auto md5 = parsed.value("md5"))
        archive.digestHex = *md5;
    fetchOne(core::joinUrl(base, archive.fileName), dir, archive, showProgress);
    const std::string archivePath = (fs::path(dir) / archive.fileName).string();
    if (showProgress)
        std::cerr << "naap: unpacking " << archive.fileName << " ...\n";
    // A mirror's archive (--md5) may pass its digest and still lack batch files: refused
    // before anything is moved into DIR, so an earlier complete copy there stays.
    const core::ExtractReport unpacked =
        core::extractArchive(archivePath, dir, &g_fetchCancel, core::incompleteCifar10Reason);
    if (!parsed.has("keep-archive")) {
        std::error_code ec;
        fs::remove(archivePath, ec); // the unpacked files are what is used
    }
    std::cout << "Unpacked " << unpacked.files << " files (" << megabytes(unpacked.bytes) << ") into " << dir;
    for (std::size_t i = 0; i < unpacked.topLevel.size(); ++i)
        std::cout << (i ? ", " : ": ") << unpacked.topLevel[i];
    std::cout << '\n';
    return kExitOk;
}

} // namespace

int runFetch(const std::vector<std::string>& args)
{
    const ParsedArgs parsed = parseArgs(
        "fetch", args, {{"dir", true, kFolderValue}, {"url", true}, {"md5", true}, {"keep-archive", false}}, 1);
    if (parsed.positionals().empty())
        throw UsageError("fetch", "The dataset to fetch (cifar10 or naap440) is missing.");
    const std::string dataset = parsed.positionals().front();
    if (dataset != "cifar10" && dataset != "naap440")
        throw UsageError("fetch", "Unknown dataset '" + dataset + "' (expected cifar10 or naap440).");
    if (dataset != "cifar10" && (parsed.has("md5") || parsed.has("keep-archive")))
        throw UsageError("fetch", "The options --md5 and --keep-archive apply to cifar10 only.");
    if (const auto md5 = parsed.value("md5"); md5 && !core::isHexDigest(core::HashAlgorithm::Md5, *md5))
        throw UsageError("fetch", "The option --md5 needs 32 hex digits, found '" + *md5 + "'.");
    if (!core::downloadsAvailable())
        throw core::Error("This naap was built without download support (NAAP_WITH_FETCH=OFF).");

    g_fetchCancel.reset();
    const auto previous = std::signal(SIGINT, onFetchInterrupt);
    try {
        const int status = fetch(parsed, dataset);
        std::signal(SIGINT, previous);
        return status;
    } catch (...) {
        std::signal(SIGINT, previous);
        removeIfCreatedEmpty();
        throw;
    }
}

} // namespace naap::cli
