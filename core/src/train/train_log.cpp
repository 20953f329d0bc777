// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The raw-log writer of the trainer. Torch-free, so the format is tested without LibTorch.
#include "naap/core/train/train_log.h"

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <ctime>

#include "data/text_input.h"
#include "naap/core/error.h"
#include "naap/core/util/atomic_file.h"

namespace naap::core {

namespace {

std::string timestamp()
{
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y%m%d%H%M%S", &local);
    return buffer;
}

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

} // namespace

namespace {
// A diverged run's loss is nan or inf; Python prints them so, and the log reader takes them back
// as missing values.
std::string pythonFloat(double value)
{
    if (std::isnan(value))
        return "nan";
    if (std::isinf(value))
        return value > 0 ? "inf" : "-inf";
    return detail::formatNumber(value, true);
}
} // namespace

std::string formatLogLoss(double value)
{
    return std::isfinite(value) ? pythonFloat(detail::roundDecimals(value, 5)) : pythonFloat(value);
}

std::string formatLogAccuracy(double value) { return pythonFloat(value); }

std::string formatLogLearningRate(double value)
{
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.12g", value);
    return detail::formatNumber(detail::parseDouble(buffer).value_or(value), true);
}

double learningRateForEpoch(double base, int epoch)
{
    const int k = ((epoch - 1) % 3 + 3) % 3;
    return base * std::pow(0.1, k);
}

RawLogWriter::RawLogWriter(const std::string& path) : m_path(path)
{
    m_file = std::fopen(path.c_str(), "ab");
    if (m_file == nullptr)
        throw IoError("Cannot write the training log " + path + ": " + std::strerror(errno) + ".");
}

RawLogWriter::~RawLogWriter()
{
    if (m_file != nullptr)
        std::fclose(m_file);
}

void RawLogWriter::event(const std::string& text)
{
    const std::string line = timestamp() + ' ' + text + '\n';
    if (std::fwrite(line.data(), 1, line.size(), m_file) != line.size() || std::fflush(m_file) != 0)
        throw IoError("Cannot write the training log " + m_path + ": the disk is full or the file is gone.");
}

void RawLogWriter::scheme(const Scheme& scheme) { event("Network scheme: " + schemeToJson(scheme)); }
void RawLogWriter::device(const std::string& device) { event("Network has been init on device " + device); }
void RawLogWriter::counts(std::int64_t params, std::int64_t macs)
{
    event("Network #params: " + std::to_string(params) + ", #MACs: " + std::to_string(macs));
}
void RawLogWriter::trainingSetReady() { event("Training set is ready"); }
void RawLogWriter::readyToStart() { event("Ready to start training"); }
void RawLogWriter::epoch(int epoch, double learningRate)
{
    event("Epoch " + std::to_string(epoch) + ", LR: " + formatLogLearningRate(learningRate));
}
void RawLogWriter::loss(double mean, double median)
{
    event("Loss mean, median: " + formatLogLoss(mean) + ", " + formatLogLoss(median));
}
void RawLogWriter::accuracy(double accuracy) { event("Test accuracy: " + formatLogAccuracy(accuracy)); }

namespace {
// Calls visit(event, next) for each whole line of a raw log's text, in order: its event (the
// text after the timestamp and its space, "" for a shorter line) and the offset just past its
// line ending. A last line without an ending was cut by a kill and is not visited. Stops when
// visit returns false.
template <class Visit>
void forEachWholeLine(const std::string& text, Visit visit)
{
    std::size_t begin = 0;
    while (begin < text.size()) {
        const std::size_t end = text.find('\n', begin);
        if (end == std::string::npos)
            return;
        const std::string_view line(text.data() + begin, end - begin);
        if (!visit(line.size() > 15 ? line.substr(15) : std::string_view(), end + 1))
            return;
        begin = end + 1;
    }
}
} // namespace

int completeEpochsInRawLog(const std::string& path)
{
    int complete = 0;
    forEachWholeLine(detail::readWholeFile(path), [&](std::string_view event, std::size_t) {
        complete += startsWith(event, "Test accuracy: ") ? 1 : 0;
        return true;
    });
    return complete;
}

void requireRawLogScheme(const std::string& path, const Scheme& scheme)
{
    constexpr std::string_view kSchemeEvent = "Network scheme: ";
    long line = 0;
    forEachWholeLine(detail::readWholeFile(path), [&](std::string_view event, std::size_t) {
        ++line;
        if (!startsWith(event, kSchemeEvent))
            return true;
        if (parseSchemeJson(std::string(event.substr(kSchemeEvent.size())), path, line) != scheme)
            throw ParseError(path, line,
                             "expected the scheme of the run being resumed, found another one (the log of another "
                             "model?); move the log away to train the model afresh.");
        return false;
    });
}

void truncateRawLog(const std::string& path, int completeEpochs)
{
    const std::string text = detail::readWholeFile(path);
    std::size_t keep = 0;
    int complete = 0;
    bool found = false;
    forEachWholeLine(text, [&](std::string_view event, std::size_t next) {
        if (completeEpochs == 0 && startsWith(event, "Epoch ")) {
            found = true;
            return false;
        }
        keep = next;
        if (startsWith(event, "Test accuracy: ") && ++complete == completeEpochs) {
            found = true;
            return false;
        }
        return true;
    });
    if (!found && completeEpochs > 0)
        throw ParseError(path, 0,
                         "expected at least " + std::to_string(completeEpochs) +
                             " complete epochs to resume from (as the checkpoint says), found " +
                             std::to_string(complete) + ".");
    if (keep == text.size())
        return;
    writeFileAtomically(path, [&](std::ostream& out) { out.write(text.data(), static_cast<std::streamsize>(keep)); });
}

} // namespace naap::core
