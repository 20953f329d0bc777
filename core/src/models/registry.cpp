// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/models/registry.h"

#include <algorithm>

#include "naap/core/error.h"
#include "naap/core/models/adaboost_regressor.h"
#include "naap/core/models/decision_tree_regressor.h"
#include "naap/core/models/gradient_boosting_regressor.h"
#include "naap/core/models/knn_regressor.h"
#include "naap/core/models/linear_regressor.h"
#include "naap/core/models/random_forest_regressor.h"
#include "naap/core/models/svr_regressor.h"

namespace naap::core {

namespace {

constexpr int kEnsembleSizes[] = {25, 50, 100, 200};

RegressorInfo single(std::string name, bool deterministic,
                     std::function<std::unique_ptr<Regressor>()> create, bool inPaper = true)
{
    RegressorInfo info;
    info.family = name;
    info.name = std::move(name);
    info.members = 0;
    info.inPaper = inPaper;
    info.deterministic = deterministic;
    info.create = std::move(create);
    return info;
}

template <typename Model, typename Params>
void addEnsemble(std::vector<RegressorInfo>& table, const std::string& family)
{
    for (int n : kEnsembleSizes) {
        RegressorInfo info;
        info.name = family + " (N=" + std::to_string(n) + ")";
        info.family = family;
        info.members = n;
        info.deterministic = false;
        info.create = [n] {
            Params params;
            params.nEstimators = n;
            return std::make_unique<Model>(params);
        };
        table.push_back(std::move(info));
    }
}

std::unique_ptr<Regressor> linear(TargetTransform transform, double power = 1.0)
{
    return std::make_unique<LinearRegressor>(LinearRegressionParams{transform, power});
}

std::unique_ptr<Regressor> svr(SvrKernel kernel)
{
    SvrParams params;
    params.kernel = kernel;
    return std::make_unique<SvrRegressor>(params);
}

std::vector<RegressorInfo> buildRegistry()
{
    std::vector<RegressorInfo> t;
    for (int k : {1, 3, 5, 7, 9})
        t.push_back(single(std::to_string(k) + "-NN", true,
                           [k] { return std::make_unique<KnnRegressor>(KnnParams{k}); }));
    t.push_back(single("Linear Regression", true, [] { return linear(TargetTransform::None); }));
    t.push_back(single("Linear Regression (D=0.5)", true,
                       [] { return linear(TargetTransform::Power, 0.5); }));
    t.push_back(single("Linear Regression (D=0.25)", true,
                       [] { return linear(TargetTransform::Power, 0.25); }));
    t.push_back(single("Decision Tree", false,
                       [] { return std::make_unique<DecisionTreeRegressor>(); }));
    addEnsemble<GradientBoostingRegressor, GradientBoostingParams>(t, "Gradient Boosting");
    addEnsemble<AdaBoostRegressor, AdaBoostParams>(t, "AdaBoost");
    t.push_back(single("SVR (RBF kernel)", true, [] { return svr(SvrKernel::Rbf); }));
    t.push_back(single("SVR (Polynomial kernel)", true,
                       [] { return svr(SvrKernel::Polynomial); }));
    t.push_back(single("SVR (Linear kernel)", true, [] { return svr(SvrKernel::Linear); }));
    addEnsemble<RandomForestRegressor, RandomForestParams>(t, "Random Forest");

    t.push_back(single("Linear Regression (D=2)", true,
                       [] { return linear(TargetTransform::Power, 2.0); }, false));
    t.push_back(single("Linear Regression (Exp)", true,
                       [] { return linear(TargetTransform::Exp); }, false));
    t.push_back(single("Linear Regression (Log)", true,
                       [] { return linear(TargetTransform::Log); }, false));
    t.push_back(single("Linear Regression (Sigmoid)", true,
                       [] { return linear(TargetTransform::Sigmoid); }, false));
    return t;
}

std::string trim(const std::string& s)
{
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

std::string validNames()
{
    std::string list = "all, paper, extended";
    for (const RegressorInfo& info : regressorRegistry())
        list += ", " + info.name;
    return list;
}

} // namespace

const std::vector<RegressorInfo>& regressorRegistry()
{
    static const std::vector<RegressorInfo> table = buildRegistry();
    return table;
}

const RegressorInfo* findRegressor(const std::string& name)
{
    const auto& table = regressorRegistry();
    auto it = std::find_if(table.begin(), table.end(),
                           [&](const RegressorInfo& info) { return info.name == name; });
    return it == table.end() ? nullptr : &*it;
}

std::unique_ptr<Regressor> createRegressor(const std::string& name)
{
    if (const RegressorInfo* info = findRegressor(name))
        return info->create();
    throw InvalidArgument("Unknown regressor \"" + name + "\"; expected one of: " + validNames()
                          + ".");
}

std::vector<std::string> parseModelList(const std::string& spec)
{
    // Keywords may stand in a list too ("paper;Linear Regression (Exp)"): the names that the
    // error message offers must all be accepted.
    std::vector<std::string> names;
    const auto add = [&](const std::string& name) {
        if (std::find(names.begin(), names.end(), name) == names.end())
            names.push_back(name);
    };
    std::size_t start = 0;
    while (start <= spec.size()) {
        std::size_t end = spec.find(';', start);
        if (end == std::string::npos)
            end = spec.size();
        const std::string name = trim(spec.substr(start, end - start));
        if (name == "all" || name == "paper" || name == "extended") {
            for (const RegressorInfo& info : regressorRegistry())
                if (name == "all" || (name == "paper") == info.inPaper)
                    add(info.name);
        } else if (!name.empty()) {
            if (!findRegressor(name))
                throw InvalidArgument("Unknown regressor \"" + name
                                      + "\" in the model list; expected all, paper, extended "
                                        "or names separated by ';' such as 5-NN; valid names: "
                                      + validNames() + ".");
            add(name);
        }
        start = end + 1;
    }
    if (names.empty())
        throw InvalidArgument("The model list \"" + spec + "\" names no regressor; expected all, "
                              "paper, extended or names separated by ';'.");
    return names;
}

} // namespace naap::core
