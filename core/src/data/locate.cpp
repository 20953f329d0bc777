// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/data/locate.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "naap/core/error.h"

#ifndef NAAP_SOURCE_DIR
#define NAAP_SOURCE_DIR ""
#endif

namespace naap::core {

namespace {

namespace fs = std::filesystem;

constexpr const char* kRelativeSharedDir = "../shared/datasets/naap440";

std::string env(const char* name)
{
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

std::string normalized(const fs::path& p)
{
    std::error_code ec;
    const fs::path abs = fs::absolute(p, ec);
    return (ec ? p : abs).lexically_normal().string();
}

bool isFile(const std::string& p)
{
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

bool isFolder(const std::string& p)
{
    std::error_code ec;
    return fs::is_directory(p, ec);
}

std::string joinPlaces(const std::vector<std::string>& places)
{
    std::string s;
    for (std::size_t i = 0; i < places.size(); ++i) {
        if (i > 0)
            s += i + 1 == places.size() ? " and " : ", ";
        s += places[i];
    }
    return s;
}

} // namespace

std::string userDataDir()
{
    std::string base = env("XDG_DATA_HOME");
    if (base.empty() || !fs::path(base).is_absolute()) {
        const std::string home = env("HOME");
        if (home.empty())
            return {};
        base = (fs::path(home) / ".local" / "share").string();
    }
    return (fs::path(base) / "naap-workbench" / "naap440").string();
}

std::vector<std::string> datasetSearchPath(const std::string& explicitPath)
{
    std::vector<std::string> candidates;
    auto add = [&](const std::string& p) {
        if (p.empty())
            return;
        const std::string n = normalized(p);
        if (std::find(candidates.begin(), candidates.end(), n) == candidates.end())
            candidates.push_back(n);
    };
    add(explicitPath);
    add(env("NAAP_DATA_DIR"));
    add(userDataDir());
    if (std::string(NAAP_SOURCE_DIR).size() > 0)
        add((fs::path(NAAP_SOURCE_DIR) / kRelativeSharedDir).string());
    add(kRelativeSharedDir);
    return candidates;
}

std::optional<std::string> findDatasetFile(const std::string& fileName, const std::string& explicitPath)
{
    for (const std::string& dir : datasetSearchPath(explicitPath)) {
        const std::string candidate = (fs::path(dir) / fileName).string();
        if (isFile(candidate))
            return candidate;
    }
    return std::nullopt;
}

std::string resolveDatasetPath(const std::string& argument)
{
    if (argument.empty() || argument == "v1" || argument == "v2") {
        const std::string name = argument == "v2" ? "naap440v2.csv" : "naap440.csv";
        if (auto found = findDatasetFile(name))
            return *found;
        throw IoError("Cannot find " + name + ": looked in " + joinPlaces(datasetSearchPath()) +
                      "; pass --dataset PATH or set NAAP_DATA_DIR.");
    }
    if (isFile(argument))
        return argument;
    if (isFolder(argument)) {
        for (const char* name : {"naap440.csv", "naap440v2.csv"}) {
            const std::string candidate = (fs::path(argument) / name).string();
            if (isFile(candidate))
                return candidate;
        }
        throw IoError("Cannot find a dataset in " + argument + ": expected naap440.csv or naap440v2.csv in it.");
    }
    throw IoError("Cannot open " + argument + ": no such file or folder.");
}

} // namespace naap::core
