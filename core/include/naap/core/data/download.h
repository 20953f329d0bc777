// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "naap/core/control.h"
#include "naap/core/util/hash.h"

namespace naap::core {

/// A published file: its name (the last part of its URL and its name on disk) and the
/// digest its publisher lists, lowercase hex.
struct RemoteFile {
    std::string fileName;
    HashAlgorithm algorithm = HashAlgorithm::Sha256;
    std::string digestHex;
};

/// Where NAAP-440 is published (shared/datasets/naap440/SOURCE.md).
inline constexpr const char* kNaap440BaseUrl = "https://raw.githubusercontent.com/talcs/NAAP-440/main/";
/// Where CIFAR-10 is published.
inline constexpr const char* kCifar10BaseUrl = "https://www.cs.toronto.edu/~kriz/";

/// naap440.csv, naap440v2.csv and generated_schemes.json with their published SHA-256.
std::vector<RemoteFile> naap440Files();
/// cifar-10-binary.tar.gz with its published MD5; it unpacks to cifar-10-batches-bin/.
RemoteFile cifar10Archive();
/// The folder where `naap fetch cifar10` puts CIFAR-10 by default: the per-user
/// naap-workbench data folder's cifar10/ (beside userDataDir()'s naap440/).
std::string userCifar10Dir();

/// `base` + `fileName`, with exactly one '/' between them.
std::string joinUrl(const std::string& base, const std::string& fileName);

/// True when this build can download (it was built with libcurl).
bool downloadsAvailable();

struct DownloadOptions {
    /// Bytes of the file so far (resumed bytes included) and its size, -1 when unknown.
    /// Called on the calling thread, at most about 10 times a second and once at the end.
    std::function<void(std::int64_t received, std::int64_t total)> progress;
    const CancelToken* cancel = nullptr; ///< not owned; may be null
    long connectTimeoutSeconds = 30;
    /// A transfer that receives nothing for this long fails (it can be resumed).
    long stallTimeoutSeconds = 60;
};

struct DownloadReport {
    std::string path;              ///< the verified file
    bool alreadyPresent = false;   ///< the file was there with the right digest: nothing fetched
    std::int64_t resumedFrom = 0;  ///< bytes taken over from an earlier partial download
    std::int64_t bytes = 0;        ///< size of the file
};

/// Downloads `url` to `targetPath`, checked against `expected` (algorithm + hex digest).
/// Data goes to `targetPath` + ".part", which a later call resumes with an HTTP Range
/// request (a server that ignores Range restarts it); only a complete file whose digest
/// matches is renamed to `targetPath`. A file already at `targetPath` with the right
/// digest is kept and nothing is fetched. Redirects to http/https are followed.
/// Throws IoError for HTTP and network errors ("the server answered 404 (Not Found)") —
/// the .part file is kept for a resume unless nothing had arrived — Error for a digest
/// mismatch (the .part file is deleted: nothing is left behind), Cancelled when `cancel`
/// is set (the .part is kept). Blocks; call from one thread per target.
DownloadReport downloadFile(const std::string& url, const std::string& targetPath, const RemoteFile& expected,
                            const DownloadOptions& options = {});

} // namespace naap::core
