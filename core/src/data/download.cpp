// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/data/download.h"

#include <cstdint>
#include <filesystem>

#include "naap/core/data/locate.h"
#include "naap/core/error.h"

#if NAAP_WITH_FETCH
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <curl/curl.h>
#include <fcntl.h>
#include <memory>
#include <mutex>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace naap::core {

namespace fs = std::filesystem;

std::vector<RemoteFile> naap440Files()
{
    // The published digests (shared/datasets/naap440/SOURCE.md); the GUI lists these too.
    return {
        {"naap440.csv", HashAlgorithm::Sha256, "ef0b0eb46ca13e813298fb18f3e77122810108e36c7a1524dd3fb6b13efbe7d7"},
        {"naap440v2.csv", HashAlgorithm::Sha256, "a0184f51aa942ce493483fd232719329e620cce3d1150da81a36cf8056749e9a"},
        {"generated_schemes.json", HashAlgorithm::Sha256,
         "83b7209a63c76e31fc2f8330e249f456cff6f9d2a2831ce971e245d105348c66"},
    };
}

RemoteFile cifar10Archive()
{
    return {"cifar-10-binary.tar.gz", HashAlgorithm::Md5, "c32a1d4ab5d03f1284b67883e8d87530"};
}

std::string userCifar10Dir()
{
    const std::string naap440 = userDataDir();
    return naap440.empty() ? std::string() : (fs::path(naap440).parent_path() / "cifar10").string();
}

std::string joinUrl(const std::string& base, const std::string& fileName)
{
    return base.empty() || base.back() == '/' ? base + fileName : base + "/" + fileName;
}

#if !NAAP_WITH_FETCH

bool downloadsAvailable() { return false; }

DownloadReport downloadFile(const std::string&, const std::string&, const RemoteFile&, const DownloadOptions&)
{
    throw Error("This build cannot download: it was configured with NAAP_WITH_FETCH=OFF (no libcurl).");
}

#else

bool downloadsAvailable() { return true; }

namespace {

std::int64_t fileSize(int fd)
{
    struct stat st {};
    return ::fstat(fd, &st) == 0 ? static_cast<std::int64_t>(st.st_size) : 0;
}

// One HTTP GET into the .part file, appending after `offset` bytes when the server honours
// the Range request, restarting it when it does not.
struct Transfer {
    int fd = -1;
    std::int64_t offset = 0;       ///< bytes of the .part file at the start
    bool started = false;          ///< the first body byte of a 2xx answer arrived
    bool appending = false;        ///< the server answered 206 from `offset`
    std::int64_t written = 0;      ///< body bytes written by this transfer
    long status = 0;               ///< of the last response whose headers arrived
    std::string reason;            ///< its reason phrase
    std::int64_t rangeStart = -1;  ///< from its Content-Range, -1 when absent
    std::string failure;           ///< why a callback stopped the transfer
    const DownloadOptions* options = nullptr;
    std::chrono::steady_clock::time_point lastReport{};
};

std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user)
{
    auto* t = static_cast<Transfer*>(user);
    const std::string line(data, size * count);
    if (line.rfind("HTTP/", 0) == 0) { // a new response (a redirect's or the final one)
        const auto space = line.find(' ');
        t->status = space == std::string::npos ? 0 : std::strtol(line.c_str() + space + 1, nullptr, 10);
        const auto reason = space == std::string::npos ? std::string::npos : line.find(' ', space + 1);
        t->reason = reason == std::string::npos ? std::string() : line.substr(reason + 1);
        while (!t->reason.empty() && (t->reason.back() == '\r' || t->reason.back() == '\n'))
            t->reason.pop_back();
        t->rangeStart = -1;
    } else if (line.size() > 14 && ::strncasecmp(line.c_str(), "content-range:", 14) == 0) {
        const auto bytes = line.find("bytes");
        if (bytes != std::string::npos)
            t->rangeStart = std::strtoll(line.c_str() + bytes + 5, nullptr, 10);
    }
    return size * count;
}

bool startBody(Transfer& t)
{
    t.started = true;
    if (t.status == 206) {
        if (t.rangeStart != t.offset) {
            t.failure = "the server sent a range from byte " + std::to_string(t.rangeStart) + " instead of " +
                        std::to_string(t.offset);
            return false;
        }
        t.appending = true;
        return ::lseek(t.fd, 0, SEEK_END) >= 0;
    }
    // 200: the whole file (the server ignored the Range request, or none was sent).
    return ::ftruncate(t.fd, 0) == 0 && ::lseek(t.fd, 0, SEEK_SET) == 0;
}

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user)
{
    auto* t = static_cast<Transfer*>(user);
    const std::size_t total = size * count;
    if (t->status < 200 || t->status >= 300)
        return total; // an error page: read and drop it, the status says what went wrong
    if (!t->started && !startBody(*t)) {
        if (t->failure.empty())
            t->failure = std::string("cannot write the partial file: ") + std::strerror(errno);
        return 0;
    }
    for (std::size_t done = 0; done < total;) {
        const ssize_t n = ::write(t->fd, data + done, total - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            t->failure = std::string("cannot write the partial file: ") + std::strerror(errno);
            return 0;
        }
        done += static_cast<std::size_t>(n);
    }
    t->written += static_cast<std::int64_t>(total);
    return total;
}

int onProgress(void* user, curl_off_t total, curl_off_t now, curl_off_t, curl_off_t)
{
    auto* t = static_cast<Transfer*>(user);
    if (t->options->cancel != nullptr && t->options->cancel->isCancelled())
        return 1;
    const auto clock = std::chrono::steady_clock::now();
    if (t->options->progress && now > 0 && clock - t->lastReport >= std::chrono::milliseconds(100)) {
        t->lastReport = clock;
        const std::int64_t base = t->appending ? t->offset : 0;
        t->options->progress(base + now, total > 0 ? base + total : -1);
    }
    return 0;
}

void initCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
            throw Error("Cannot initialise libcurl.");
    });
}

enum class Outcome { Complete, RangeNotSatisfiable };

// Runs one GET; throws IoError / Cancelled for failures.
Outcome fetchOnce(const std::string& url, const std::string& name, Transfer& t)
{
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl)
        throw Error("Cannot initialise libcurl.");
    char errorText[CURL_ERROR_SIZE] = {};
    CURL* c = curl.get();
    const std::string range = std::to_string(t.offset) + "-";
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errorText);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#endif
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "naap-workbench");
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, t.options->connectTimeoutSeconds);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, t.options->stallTimeoutSeconds);
    if (t.offset > 0)
        curl_easy_setopt(c, CURLOPT_RANGE, range.c_str()); // unlike RESUME_FROM, a 200 answer is not an error
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, onProgress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);

    const CURLcode code = curl_easy_perform(c);
    const std::string where = "Could not download " + name + " from " + url + ": ";
    if (code == CURLE_ABORTED_BY_CALLBACK)
        throw Cancelled();
    if (code != CURLE_OK) {
        std::string why = !t.failure.empty() ? t.failure : errorText[0] ? errorText : curl_easy_strerror(code);
        while (!why.empty() && (why.back() == '.' || why.back() == '\n'))
            why.pop_back();
        throw IoError(where + why + (fileSize(t.fd) > 0 ? "; run it again to resume." : "."));
    }
    if (t.status == 416 && t.offset > 0)
        return Outcome::RangeNotSatisfiable;
    if (t.status < 200 || t.status >= 300)
        throw IoError(where + "the server answered " + std::to_string(t.status) +
                      (t.reason.empty() ? "" : " (" + t.reason + ")") + ".");
    if (!t.started && !startBody(t)) // an empty body: the file is empty (or complete, for a 206)
        throw IoError(where + (t.failure.empty() ? "cannot write the partial file." : t.failure + "."));
    if (t.options->progress) {
        const std::int64_t size = fileSize(t.fd);
        t.options->progress(size, size);
    }
    return Outcome::Complete;
}

// Holds the .part file open and locked for one download, so that two processes never
// append to the same file.
class PartFile {
public:
    explicit PartFile(std::string path) : m_path(std::move(path))
    {
        m_fd = ::open(m_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (m_fd < 0)
            throw IoError("Cannot write " + m_path + ": " + std::strerror(errno) + ".");
        if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
            ::close(m_fd);
            throw IoError("Cannot write " + m_path + ": another download of this file is running.");
        }
    }
    ~PartFile()
    {
        if (m_fd >= 0) {
            if (fileSize(m_fd) == 0) // nothing arrived: leave nothing behind
                ::unlink(m_path.c_str());
            ::close(m_fd);
        }
    }
    PartFile(const PartFile&) = delete;
    PartFile& operator=(const PartFile&) = delete;

    int fd() const { return m_fd; }
    void truncate() { [[maybe_unused]] const int ignored = ::ftruncate(m_fd, 0); }
    void sync()
    {
        if (::fsync(m_fd) != 0)
            throw IoError("Cannot write " + m_path + ": " + std::strerror(errno) + ".");
    }

private:
    std::string m_path;
    int m_fd = -1;
};

std::string mismatch(const RemoteFile& expected, const std::string& actual)
{
    return expected.fileName + " failed its " + hashAlgorithmName(expected.algorithm) + " check: expected " +
           expected.digestHex + ", got " + actual + "; nothing was saved.";
}

} // namespace

DownloadReport downloadFile(const std::string& url, const std::string& targetPath, const RemoteFile& expected,
                            const DownloadOptions& options)
{
    if (!isHexDigest(expected.algorithm, expected.digestHex))
        throw InvalidArgument("downloadFile: expected a " + std::string(hashAlgorithmName(expected.algorithm)) +
                              " digest in hex for " + expected.fileName + ", found '" + expected.digestHex + "'.");
    std::string want = expected.digestHex;
    for (char& ch : want)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    initCurlOnce();

    DownloadReport report;
    report.path = targetPath;
    std::error_code ec;
    if (fs::is_regular_file(targetPath, ec) && fileHashHex(expected.algorithm, targetPath) == want) {
        report.alreadyPresent = true;
        report.bytes = static_cast<std::int64_t>(fs::file_size(targetPath, ec));
        return report;
    }
    const fs::path parent = fs::path(targetPath).parent_path();
    if (!parent.empty() && !fs::is_directory(parent, ec) && !fs::create_directories(parent, ec))
        throw IoError("Cannot create the folder " + parent.string() + ": " + ec.message() + ".");

    const std::string partPath = targetPath + ".part";
    PartFile part(partPath);
    // A resumed transfer whose result fails the check may have resumed a corrupt partial
    // file: start once more from nothing before giving up.
    for (int attempt = 0;; ++attempt) {
        Transfer t;
        t.fd = part.fd();
        t.offset = fileSize(part.fd());
        t.options = &options;
        if (attempt == 0)
            report.resumedFrom = t.offset;
        const Outcome outcome = fetchOnce(url, expected.fileName, t);
        part.sync();
        const std::string actual = fileHashHex(expected.algorithm, partPath);
        if (actual == want) {
            if (outcome == Outcome::Complete && !t.appending)
                report.resumedFrom = 0;
            fs::rename(partPath, targetPath, ec);
            if (ec)
                throw IoError("Cannot write " + targetPath + ": " + ec.message() + ".");
            report.bytes = static_cast<std::int64_t>(fs::file_size(targetPath, ec));
            return report;
        }
        part.truncate();
        if (t.offset == 0 || attempt > 0)
            throw Error(mismatch(expected, actual));
        report.resumedFrom = 0;
    }
}

#endif

} // namespace naap::core
