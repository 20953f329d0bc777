// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <charconv>
#include <iostream>

#include "cli_args.h"
#include "commands.h"
#include "naap/core/data/cifar.h"

namespace naap::cli {

const char* const kSynthCifarHelp =
    "Usage: naap synth-cifar --out DIR --train-images N --test-images M [--seed S]\n"
    "\n"
    "Writes synthetic data in the CIFAR-10 binary format to DIR/cifar-10-batches-bin\n"
    "(data_batch_1..5.bin, test_batch.bin), for tests and for machines without CIFAR-10.\n"
    "Each class is a colour and stripe pattern with per-image shifts and noise, so a\n"
    "network can learn it. The folder also gets SYNTHETIC.txt, which marks the data and\n"
    "everything trained on it as synthetic. The same options give the same bytes.\n"
    "\n"
    "Options:\n"
    "  --out DIR            parent folder of cifar-10-batches-bin (created when missing)\n"
    "  --train-images N     training images, spread over the five data_batch files\n"
    "  --test-images M      test images (test_batch.bin)\n"
    "  --seed S             generator seed (default 20220819)\n"
    "  -h, --help           show this help\n";

int runSynthCifar(const std::vector<std::string>& args)
{
    const std::string command = "synth-cifar";
    const ParsedArgs parsed =
        parseArgs(command, args,
                  {{"out", true, kFolderValue}, {"train-images", true}, {"test-images", true}, {"seed", true}});
    const std::string out = parsed.required("out");
    // A cap well above CIFAR-10's 60,000 images that keeps a typo from filling the disk.
    constexpr long long kMaxImages = 1000000;
    core::SyntheticCifarParams params;
    params.trainImages = static_cast<std::size_t>(
        parseCount(command, "--train-images", parsed.required("train-images"), 1, kMaxImages));
    params.testImages =
        static_cast<std::size_t>(parseCount(command, "--test-images", parsed.required("test-images"), 1, kMaxImages));
    if (const auto seed = parsed.value("seed")) {
        const char* end = seed->data() + seed->size();
        const auto [at, error] = std::from_chars(seed->data(), end, params.seed);
        if (seed->empty() || error != std::errc() || at != end)
            throw UsageError(command, "The value of --seed must be a whole number from 0 to 2^64-1, not '" + *seed +
                                          "'.");
    }
    const std::string folder = core::writeSyntheticCifar(out, params);
    std::cout << "Wrote synthetic CIFAR-format data to " << folder << " (" << params.trainImages << " training and "
              << params.testImages << " test images, seed " << params.seed << "; marked by "
              << core::kSyntheticMarkerFile << ").\n";
    return kExitOk;
}

} // namespace naap::cli
