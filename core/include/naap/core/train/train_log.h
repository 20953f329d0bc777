// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "naap/core/data/scheme.h"

namespace naap::core {

/// Numbers as the published raw logs print them (Python's str()): losses rounded to 5
/// decimals, then the shortest text that reads back the same ("1.5621", "2.0").
std::string formatLogLoss(double value);
/// Accuracy (correct / total) and learning rate: the shortest round-trip text, learning rates
/// first rounded to 12 significant digits so that 0.1 * 0.1 prints as 0.01.
std::string formatLogAccuracy(double value);
std::string formatLogLearningRate(double value);

/// The learning rate of 1-based `epoch` (PRODUCT.md §4): base · 0.1^((epoch − 1) mod 3).
double learningRateForEpoch(double base, int epoch);

/// Appends events to a raw training log (PRODUCT.md §2), each line prefixed by the local time
/// as yyyymmddHHMMSS and flushed at once, so a killed run leaves every finished line on disk.
/// Not thread-safe; one writer per file.
class RawLogWriter {
public:
    /// Opens `path` for appending (creating it). Throws IoError.
    explicit RawLogWriter(const std::string& path);
    ~RawLogWriter();
    RawLogWriter(const RawLogWriter&) = delete;
    RawLogWriter& operator=(const RawLogWriter&) = delete;

    void scheme(const Scheme& scheme);
    void device(const std::string& device);
    void counts(std::int64_t params, std::int64_t macs);
    void trainingSetReady();
    void readyToStart();
    void epoch(int epoch, double learningRate);
    void loss(double mean, double median);
    void accuracy(double accuracy);

    /// Writes one event line (timestamp added). Throws IoError when the write fails.
    void event(const std::string& text);
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
    std::FILE* m_file = nullptr;
};

/// The complete epochs (whole "Test accuracy" lines) of the log at `path`. Throws IoError when
/// it cannot be read.
int completeEpochsInRawLog(const std::string& path);

/// Throws ParseError naming the line when the log at `path` logs another scheme than `scheme`
/// (its first "Network scheme" line): resuming would append epochs of one network to the log
/// of another. A log without that line passes. Throws IoError when it cannot be read.
void requireRawLogScheme(const std::string& path, const Scheme& scheme);

/// Cuts the log at `path` back to its header and first `completeEpochs` complete epochs
/// (Epoch, Loss and Test accuracy lines), dropping anything after them: a resumed run then
/// continues it as if it had never stopped. Rewrites the file atomically. Throws ParseError
/// when the log holds fewer complete epochs, IoError when it cannot be read or written.
void truncateRawLog(const std::string& path, int completeEpochs);

} // namespace naap::core
