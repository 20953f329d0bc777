// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The torch-free half of the trainer: checks that need no LibTorch, and the loader of the
// LibTorch module (see trainer_backend.h for why it is a module).
#include "naap/core/train/trainer.h"

#include <cstdint>
#include <cstdlib>
#include <dlfcn.h>
#include <filesystem>
#include <set>

#include "naap/core/log.h"
#include "naap/core/train/train_log.h"
#include "naap/core/util/atomic_file.h"
#include "train/trainer_backend.h"

namespace naap::core {

namespace detail {

namespace {

namespace fs = std::filesystem;

struct LoadResult {
    TrainerBackend* backend = nullptr;
    std::string error; ///< empty with no backend: this build has no trainer
};

#ifdef NAAP_TORCH_MODULE_FILE
// NAAP_TORCH_MODULE names the module outright; else beside the executable, then the install
// layout (<prefix>/bin/naap and <prefix>/<libdir>/naap/), then the build tree.
std::vector<std::string> moduleCandidates()
{
    std::vector<std::string> paths;
    if (const char* env = std::getenv("NAAP_TORCH_MODULE"); env != nullptr && *env != '\0')
        return {env};
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        paths.push_back((exe.parent_path() / NAAP_TORCH_MODULE_FILE).string());
        const fs::path prefix = exe.parent_path().parent_path();
        paths.push_back((prefix / NAAP_TORCH_MODULE_INSTALL_DIR / NAAP_TORCH_MODULE_FILE).string());
    }
    paths.push_back(NAAP_TORCH_MODULE_BUILD_PATH);
    return paths;
}

LoadResult loadBackend()
{
    const std::vector<std::string> candidates = moduleCandidates();
    for (const std::string& path : candidates) {
        std::error_code ec;
        if (!fs::exists(path, ec))
            continue;
        // Never closed: LibTorch cannot be unloaded safely, and the backend lives to the end.
        void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr)
            return {nullptr, "Cannot load the LibTorch trainer module " + path + ": " + ::dlerror() + "."};
        auto entry = reinterpret_cast<TrainerBackendEntry>(::dlsym(handle, kTrainerBackendEntry));
        if (entry == nullptr)
            return {nullptr, "The file " + path + " is not the LibTorch trainer module (it lacks " +
                                 kTrainerBackendEntry + ")."};
        LogFunction forward = &naap::core::log;
        if (TrainerBackend* backend = entry(kTrainerBackendAbi, forward))
            return {backend, {}};
        return {nullptr, "The LibTorch trainer module " + path + " belongs to another version of NAAP Workbench."};
    }
    std::string looked;
    for (const std::string& path : candidates)
        looked += (looked.empty() ? "" : ", ") + path;
    return {nullptr, "Cannot find the LibTorch trainer module (looked for " + looked +
                         "); set NAAP_TORCH_MODULE to its path."};
}
#else
LoadResult loadBackend() { return {}; }
#endif

const LoadResult& loadedBackend()
{
    static const LoadResult result = loadBackend(); // thread-safe, once
    return result;
}

// Checks every job before any training, so a campaign never stops half-way on a bad id.
void checkJobs(const std::vector<TrainJob>& jobs, const TrainOptions& options)
{
    std::set<int> seen;
    for (const TrainJob& job : jobs) {
        const std::string id = std::to_string(job.modelId);
        if (job.modelId < 1)
            throw InvalidArgument("A training job needs a ModelId of 1 or more, not " + id + ".");
        if (!seen.insert(job.modelId).second)
            throw InvalidArgument("ModelId " + id + " is listed twice.");
        if (const auto problems = validateScheme(job.scheme); !problems.empty())
            throw InvalidArgument("The scheme of ModelId " + id + " is invalid: " + problems.front());
        const fs::path out(options.outDir);
        const fs::path log = out / ("scheme_" + id + ".txt");
        const fs::path checkpoint = out / ("scheme_" + id + ".ckpt");
        if (options.resume) {
            // Without its checkpoint the model would start over and overwrite the epochs its log
            // holds. One complete epoch is not at stake: a kill between epoch 1's test line and
            // its first checkpoint leaves exactly that, and starting over (the recipe is seeded)
            // logs the same epoch again.
            std::error_code ec;
            if (fs::exists(log, ec) && fs::exists(checkpoint, ec))
                requireRawLogScheme(log.string(), job.scheme);
            if (fs::exists(log, ec) && !fs::exists(checkpoint, ec)) {
                const int epochs = completeEpochsInRawLog(log.string());
                if (epochs > 1)
                    throw IoError("Cannot resume ModelId " + id + ": its log " + log.string() + " holds " +
                                  std::to_string(epochs) + (epochs == 1 ? " complete epoch" : " complete epochs") +
                                  " but its checkpoint " + checkpoint.string() +
                                  " is missing (move the log away to train the model afresh).");
            }
            continue;
        }
        for (const fs::path& path : {log, checkpoint}) {
            std::error_code ec;
            if (fs::exists(path, ec))
                throw IoError("Cannot start ModelId " + id + ": " + path.string() +
                              " already exists (resume the run, or choose another output folder).");
        }
    }
}

} // namespace

TrainerBackend& trainerBackend()
{
    const LoadResult& loaded = loadedBackend();
    if (loaded.backend != nullptr)
        return *loaded.backend;
    if (loaded.error.empty())
        throw TrainerNotBuilt();
    throw Error(loaded.error);
}

} // namespace detail

bool trainerAvailable() { return detail::loadedBackend().backend != nullptr; }

void requireTrainer() { detail::trainerBackend(); }

std::string resolveTrainDevice(const std::string& request) { return detail::trainerBackend().resolveDevice(request); }

std::int64_t networkParameterCount(const Scheme& scheme)
{
    if (const auto problems = validateScheme(scheme); !problems.empty())
        throw InvalidArgument("networkParameterCount: " + problems.front());
    return detail::trainerBackend().parameterCount(scheme);
}

struct Trainer::Impl {
    TrainOptions options;
    bool synthetic = false;
    std::string dataFolder;
    std::unique_ptr<detail::TrainerSession> session;
};

Trainer::Trainer(const CifarData& data, const TrainOptions& options) : m_impl(std::make_unique<Impl>())
{
    if (const auto problems = validateTrainOptions(options); !problems.empty())
        throw InvalidArgument(problems.front());
    if (data.train.size() == 0 || data.test.size() == 0)
        throw InvalidArgument("Training needs at least one training and one test image.");
    m_impl->options = options;
    m_impl->synthetic = data.synthetic;
    m_impl->dataFolder = data.folder;
    m_impl->session = detail::trainerBackend().open(data, options);
}

Trainer::~Trainer() = default;

const std::string& Trainer::device() const { return m_impl->session->device(); }

TrainReport Trainer::train(const std::vector<TrainJob>& jobs, const TrainControl& control)
{
    const TrainOptions& options = m_impl->options;
    detail::checkJobs(jobs, options);
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(options.outDir, ec);
    if (ec)
        throw IoError("Cannot create the output folder " + options.outDir + ": " + ec.message() + ".");
    if (m_impl->synthetic)
        writeFileAtomically((fs::path(options.outDir) / kSyntheticMarkerFile).string(), [&](std::ostream& out) {
            out << "These training logs come from synthetic CIFAR-format data (" << m_impl->dataFolder
                << "), not from CIFAR-10.\n";
        });
    return m_impl->session->train(jobs, control);
}

} // namespace naap::core
