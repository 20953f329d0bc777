// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace naap::core {

/// CIFAR-10 binary format (PRODUCT.md §2): each record is 1 label byte (0..9) and 3072 pixel
/// bytes, the R, G and B planes of a 32x32 image, each row-major.
inline constexpr int kCifarImageSide = 32;
inline constexpr int kCifarChannels = 3;
inline constexpr std::size_t kCifarImageBytes = 3072;
inline constexpr std::size_t kCifarRecordBytes = 1 + kCifarImageBytes;
inline constexpr int kCifarClasses = 10;
inline constexpr int kCifarTrainFiles = 5;
/// Images in each of the six files of the public CIFAR-10 (generated data may hold fewer).
inline constexpr std::size_t kCifar10RecordsPerFile = 10000;
/// The folder name inside the public archive, and the marker file of generated data.
inline constexpr const char* kCifarBatchesFolder = "cifar-10-batches-bin";
inline constexpr const char* kSyntheticMarkerFile = "SYNTHETIC.txt";

/// Images of one split: `labels[i]` in 0..9, `pixels` holds size() * 3072 bytes in file order
/// (image i at offset i * 3072, planes R, G, B).
struct CifarSplit {
    std::vector<std::uint8_t> labels;
    std::vector<std::uint8_t> pixels;
    std::size_t size() const { return labels.size(); }
};

/// A CIFAR-format data set as read from disk.
struct CifarData {
    std::string folder;     ///< the cifar-10-batches-bin folder that was read
    CifarSplit train;       ///< data_batch_1..5.bin, in that order
    CifarSplit test;        ///< test_batch.bin
    bool synthetic = false; ///< the folder holds SYNTHETIC.txt (written by writeSyntheticCifar)
};

/// The cifar-10-batches-bin folder for `dir`: `dir` itself when it holds data_batch_1.bin,
/// else `dir`/cifar-10-batches-bin. Does not check that the files exist.
std::string cifarBatchesFolder(const std::string& dir);

/// Reads one batch file and appends its records to `split`. Throws IoError for a missing or
/// unreadable file and ParseError (naming the file and record) for a size that is not a
/// multiple of 3073 bytes or a label above 9.
void readCifarBatchFile(const std::string& path, CifarSplit& split);

/// Reads the six batch files of `dir` (see cifarBatchesFolder). Throws like readCifarBatchFile,
/// and IoError when a split holds no images at all.
CifarData readCifar(const std::string& dir);

/// Why `dir`/cifar-10-batches-bin is not the complete public CIFAR-10, one clause naming
/// each batch file that is missing or not 10000 records long ("expected ..., but
/// data_batch_2.bin is missing"), or "" when all six files are there in full. Sizes only:
/// the contents are not read.
std::string incompleteCifar10Reason(const std::string& dir);

/// True when the batches folder of `dir` carries the synthetic-data marker.
bool isSyntheticCifar(const std::string& dir);

struct SyntheticCifarParams {
    std::size_t trainImages = 512;  ///< spread over the five data_batch files
    std::size_t testImages = 256;
    std::uint64_t seed = 20220819;
};

/// Writes CIFAR-format data with learnable structure (each class a colour and stripe pattern,
/// plus per-image shifts and noise) to `outDir`/cifar-10-batches-bin: the six batch files and
/// SYNTHETIC.txt. The same params give the same bytes on every platform. Files are written
/// atomically; returns the batches folder. Throws IoError / InvalidArgument.
std::string writeSyntheticCifar(const std::string& outDir, const SyntheticCifarParams& params);

} // namespace naap::core
