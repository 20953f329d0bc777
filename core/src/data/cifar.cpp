// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/data/cifar.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>

#include "naap/core/error.h"
#include "naap/core/util/atomic_file.h"
#include "naap/core/util/rng.h"

namespace naap::core {

namespace {

namespace fs = std::filesystem;

std::string trainFileName(int index) { return "data_batch_" + std::to_string(index) + ".bin"; }
constexpr const char* kTestFileName = "test_batch.bin";

bool pathExists(const fs::path& p)
{
    std::error_code ec;
    return fs::exists(p, ec);
}

// Ten classes as (stripe pattern, colour group) pairs: telling them apart needs both the colour
// and the spatial structure, so a network has something to learn beyond the mean colour.
constexpr int kPatterns = 5;
constexpr std::array<std::array<double, 3>, 2> kGroupColours{{{200, 95, 60}, {60, 115, 200}}};

double stripe(int pattern, int x, int y, int phase)
{
    constexpr double kPeriod = 8.0;
    constexpr double kTwoPi = 6.283185307179586;
    int t = 0;
    switch (pattern) {
    case 0: t = y; break;
    case 1: t = x; break;
    case 2: t = x + y; break;
    case 3: t = x - y + 64; break;
    default: return (((x + phase) / 4 + (y + phase) / 4) % 2) == 0 ? 1.0 : -1.0;
    }
    return std::sin(kTwoPi * (t + phase) / kPeriod);
}

// One image of class `label` into `out` (3072 bytes, planes R, G, B).
void drawImage(int label, Rng& rng, std::uint8_t* out)
{
    const int pattern = label % kPatterns;
    const auto& colour = kGroupColours[static_cast<std::size_t>(label / kPatterns)];
    const int phase = static_cast<int>(rng.below(8));
    const double contrast = 40.0 + 30.0 * rng.uniform();
    std::array<double, 3> base{};
    for (std::size_t c = 0; c < 3; ++c)
        base[c] = colour[c] + 50.0 * (rng.uniform() - 0.5);
    for (int c = 0; c < kCifarChannels; ++c) {
        for (int y = 0; y < kCifarImageSide; ++y) {
            for (int x = 0; x < kCifarImageSide; ++x) {
                const double noise = 60.0 * (rng.uniform() + rng.uniform() - 1.0);
                const double v = base[static_cast<std::size_t>(c)] + contrast * stripe(pattern, x, y, phase) + noise;
                out[(c * kCifarImageSide + y) * kCifarImageSide + x] =
                    static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
            }
        }
    }
}

void writeRecords(const fs::path& path, std::size_t count, Rng& rng)
{
    writeFileAtomically(path.string(), [&](std::ostream& out) {
        std::vector<std::uint8_t> record(kCifarRecordBytes);
        for (std::size_t i = 0; i < count; ++i) {
            const int label = static_cast<int>(rng.below(kCifarClasses));
            record[0] = static_cast<std::uint8_t>(label);
            drawImage(label, rng, record.data() + 1);
            out.write(reinterpret_cast<const char*>(record.data()), static_cast<std::streamsize>(record.size()));
        }
    });
}

} // namespace

std::string cifarBatchesFolder(const std::string& dir)
{
    const fs::path d(dir);
    if (pathExists(d / trainFileName(1)))
        return d.string();
    return (d / kCifarBatchesFolder).string();
}

void readCifarBatchFile(const std::string& path, CifarSplit& split)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw IoError("Cannot read CIFAR-10 data: " + path + " does not exist.");
    if (fs::is_directory(path, ec))
        throw IoError("Cannot read CIFAR-10 data: " + path + " is a folder, not a batch file.");
    const auto size = fs::file_size(path, ec);
    if (ec)
        throw IoError("Cannot read CIFAR-10 data: " + path + ": " + ec.message() + ".");
    if (size % kCifarRecordBytes != 0)
        throw ParseError(path, 0,
                         "the size " + std::to_string(size) + " bytes is not a multiple of the " +
                             std::to_string(kCifarRecordBytes) +
                             "-byte CIFAR-10 record (the file is truncated or not a CIFAR-10 batch file).");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw IoError("Cannot read CIFAR-10 data: " + path + " cannot be opened.");
    const std::size_t records = size / kCifarRecordBytes;
    const std::size_t first = split.size();
    split.labels.resize(first + records);
    split.pixels.resize((first + records) * kCifarImageBytes);
    for (std::size_t r = 0; r < records; ++r) {
        char label = 0;
        in.read(&label, 1);
        in.read(reinterpret_cast<char*>(split.pixels.data() + (first + r) * kCifarImageBytes),
                static_cast<std::streamsize>(kCifarImageBytes));
        if (!in)
            throw IoError("Cannot read CIFAR-10 data: " + path + " could not be read to its end.");
        const auto value = static_cast<unsigned char>(label);
        if (value >= kCifarClasses)
            throw ParseError(path, 0,
                             "record " + std::to_string(r + 1) + " has label " + std::to_string(value) +
                                 ", expected 0 to 9 (not a CIFAR-10 batch file).");
        split.labels[first + r] = value;
    }
}

CifarData readCifar(const std::string& dir)
{
    CifarData data;
    data.folder = cifarBatchesFolder(dir);
    std::error_code ec;
    if (!fs::is_directory(data.folder, ec))
        throw IoError("Cannot read CIFAR-10 data: " + data.folder +
                      " does not exist (expected data_batch_1..5.bin and test_batch.bin there).");
    const fs::path folder(data.folder);
    for (int i = 1; i <= kCifarTrainFiles; ++i)
        readCifarBatchFile((folder / trainFileName(i)).string(), data.train);
    readCifarBatchFile((folder / kTestFileName).string(), data.test);
    if (data.train.size() == 0 || data.test.size() == 0)
        throw IoError("Cannot use the CIFAR-10 data in " + data.folder + ": the " +
                      (data.train.size() == 0 ? "training" : "test") + " files hold no images.");
    data.synthetic = pathExists(folder / kSyntheticMarkerFile);
    return data;
}

std::string incompleteCifar10Reason(const std::string& dir)
{
    constexpr std::uintmax_t kFileBytes = kCifar10RecordsPerFile * kCifarRecordBytes;
    const fs::path folder = fs::path(dir) / kCifarBatchesFolder;
    const std::string expected = std::string("expected ") + kCifarBatchesFolder +
                                 " with data_batch_1..5.bin and test_batch.bin of " +
                                 std::to_string(kCifar10RecordsPerFile) + " records (" +
                                 std::to_string(kFileBytes) + " bytes) each, but ";
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        return expected + "there is no " + kCifarBatchesFolder + " folder";
    std::vector<std::string> missing;
    std::vector<std::string> wrongSize;
    for (int i = 1; i <= kCifarTrainFiles + 1; ++i) {
        const std::string name = i <= kCifarTrainFiles ? trainFileName(i) : kTestFileName;
        const fs::path file = folder / name;
        if (!fs::is_regular_file(file, ec)) {
            missing.push_back(name);
            continue;
        }
        const std::uintmax_t size = fs::file_size(file, ec);
        if (ec || size != kFileBytes)
            wrongSize.push_back(name + " has " + (ec ? std::string("an unknown size") : std::to_string(size) + " bytes"));
    }
    if (missing.empty() && wrongSize.empty())
        return {};
    auto list = [](const std::vector<std::string>& items) {
        std::string s;
        for (std::size_t i = 0; i < items.size(); ++i)
            s += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
        return s;
    };
    std::string why;
    if (!missing.empty())
        why = list(missing) + (missing.size() == 1 ? " is" : " are") + " missing";
    if (!wrongSize.empty())
        why += (why.empty() ? "" : ", and ") + list(wrongSize);
    return expected + why;
}

bool isSyntheticCifar(const std::string& dir)
{
    return pathExists(fs::path(cifarBatchesFolder(dir)) / kSyntheticMarkerFile);
}

std::string writeSyntheticCifar(const std::string& outDir, const SyntheticCifarParams& params)
{
    if (params.trainImages == 0 || params.testImages == 0)
        throw InvalidArgument("Synthetic CIFAR data needs at least one training and one test image.");
    const fs::path folder = fs::path(outDir) / kCifarBatchesFolder;
    // Never overwrite real CIFAR-10 files with generated ones.
    if (pathExists(folder / trainFileName(1)) && !pathExists(folder / kSyntheticMarkerFile))
        throw IoError("Cannot write synthetic data to " + folder.string() +
                      ": it already holds CIFAR-10 files that are not synthetic.");
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec)
        throw IoError("Cannot create the folder " + folder.string() + ": " + ec.message() + ".");

    // The marker goes first, so a half-written folder can never pass for real data.
    writeFileAtomically((folder / kSyntheticMarkerFile).string(), [&](std::ostream& out) {
        out << "Synthetic CIFAR-format data written by NAAP Workbench (naap synth-cifar): "
            << params.trainImages << " training and " << params.testImages << " test images, seed " << params.seed
            << ".\nIt is not CIFAR-10: accuracies measured on it say nothing about CIFAR-10.\n";
    });
    for (int i = 1; i <= kCifarTrainFiles; ++i) {
        const std::size_t begin = params.trainImages * static_cast<std::size_t>(i - 1) / kCifarTrainFiles;
        const std::size_t end = params.trainImages * static_cast<std::size_t>(i) / kCifarTrainFiles;
        Rng rng = Rng::derive(params.seed, static_cast<std::uint64_t>(i));
        writeRecords(folder / trainFileName(i), end - begin, rng);
    }
    Rng testRng = Rng::derive(params.seed, 0);
    writeRecords(folder / kTestFileName, params.testImages, testRng);
    return folder.string();
}

} // namespace naap::core
