// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/models/svr_regressor.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <vector>

#include <svm.h>

#include "models/detail/smo_solver.h"
#include "naap/core/error.h"

namespace naap::core {

/// What prediction needs of a trained libsvm model, copied out so that libsvm's
/// structures live only during fit() and predict() is plain, thread-safe Eigen.
struct SvrRegressor::Model {
    Matrix supportVectors; ///< nSV × n_features
    Vector dualCoef;       ///< alpha − alpha*, one per support vector
    double rho = 0.0;      ///< prediction = Σ dualCoef·K(sv, x) − rho
    double gamma = 0.0;    ///< the resolved gamma (after "scale")
};

namespace {

void silentPrint(const char*) {}

// libsvm 3.24's svm_train is re-entrant (no static state; rand() is used only for
// probability estimates and cross-validation, which we never ask for) except for the
// global print hook, which is therefore installed once, before any training.
void silenceLibsvm()
{
    static std::once_flag once;
    std::call_once(once, [] { svm_set_print_string_function(&silentPrint); });
}

int libsvmKernel(SvrKernel k)
{
    switch (k) {
    case SvrKernel::Rbf: return RBF;
    case SvrKernel::Polynomial: return POLY;
    case SvrKernel::Linear: return LINEAR;
    }
    return RBF;
}

// scikit-learn's gamma="scale": 1 / (n_features · X.var()) over all elements of X
// (population variance), and 1 when X is constant.
double scaleGamma(const Matrix& X)
{
    const double n = static_cast<double>(X.size());
    const double mean = X.sum() / n;
    const double var = (X.array() - mean).square().sum() / n;
    return var != 0.0 ? 1.0 / (static_cast<double>(X.cols()) * var) : 1.0;
}

detail::SmoKernel::Type smoKernel(SvrKernel k)
{
    switch (k) {
    case SvrKernel::Rbf: return detail::SmoKernel::Type::Rbf;
    case SvrKernel::Polynomial: return detail::SmoKernel::Type::Polynomial;
    case SvrKernel::Linear: return detail::SmoKernel::Type::Linear;
    }
    return detail::SmoKernel::Type::Rbf;
}

struct ModelDeleter {
    void operator()(svm_model* m) const { svm_free_and_destroy_model(&m); }
};

} // namespace

SvrRegressor::SvrRegressor(SvrParams params) : m_params(params) {}
SvrRegressor::~SvrRegressor() = default;

std::string SvrRegressor::name() const
{
    switch (m_params.kernel) {
    case SvrKernel::Rbf: return "SVR (RBF kernel)";
    case SvrKernel::Polynomial: return "SVR (Polynomial kernel)";
    case SvrKernel::Linear: return "SVR (Linear kernel)";
    }
    return "SVR";
}

bool SvrRegressor::isFitted() const
{
    return m_model != nullptr;
}

void SvrRegressor::fit(const Matrix& X, const Vector& y, const FitControl& control)
{
    m_model.reset();
    const std::string who = name();
    checkFitInput(who, X, y);
    if (m_params.gamma < 0.0)
        throw InvalidArgument(who + ": gamma must be positive (or 0 for \"scale\"), got "
                              + std::to_string(m_params.gamma) + ".");
    control.checkCancelled();

    const int n = static_cast<int>(X.rows());
    const int p = static_cast<int>(X.cols());
    std::vector<double> targets(y.data(), y.data() + n);
    svm_problem problem{n, targets.data(), nullptr}; // the check reads no rows for SVR

    svm_parameter param{};
    param.svm_type = EPSILON_SVR;
    param.kernel_type = libsvmKernel(m_params.kernel);
    param.degree = m_params.degree;
    param.gamma = m_params.gamma > 0.0 ? m_params.gamma : scaleGamma(X);
    param.coef0 = m_params.coef0;
    param.cache_size = m_params.cacheMb;
    param.eps = m_params.tolerance;
    param.C = m_params.C;
    param.p = m_params.epsilon;
    param.shrinking = m_params.shrinking ? 1 : 0;
    param.probability = 0;
    if (const char* problem_text = svm_check_parameter(&problem, &param))
        throw InvalidArgument(who + ": invalid parameters (libsvm: " + problem_text + ").");

    auto model = std::make_unique<Model>();
    if (detail::denseSmoKernelBytes(n) <= detail::kDenseSmoMaxKernelBytes) {
        // libsvm's own solver, step for step, on a kernel matrix held whole.
        const detail::SmoKernel kernel{smoKernel(m_params.kernel), param.gamma, param.coef0,
                                       param.degree};
        const detail::SvrDualSolution dual = detail::solveEpsilonSvr(
            X, y, kernel, param.C, param.p, param.eps, param.shrinking != 0);
        control.checkCancelled();
        const auto nSv = static_cast<Eigen::Index>(
            std::count_if(dual.coef.begin(), dual.coef.end(), [](double c) { return c != 0.0; }));
        model->supportVectors.resize(nSv, p);
        model->dualCoef.resize(nSv);
        Eigen::Index s = 0;
        for (int i = 0; i < n; ++i) {
            if (dual.coef[static_cast<std::size_t>(i)] == 0.0) // libsvm: fabs(alpha) > 0
                continue;
            model->supportVectors.row(s) = X.row(i);
            model->dualCoef[s++] = dual.coef[static_cast<std::size_t>(i)];
        }
        model->rho = dual.rho;
        model->gamma = param.gamma;
        m_model = std::move(model);
        control.report(1.0);
        return;
    }

    // Too large to hold the kernel: libsvm itself, with its kernel cache. Every feature
    // is stored, zeros included, so kernel sums run in the same order as scikit-learn's
    // dense libsvm.
    silenceLibsvm();
    std::vector<svm_node> nodes(static_cast<std::size_t>(n) * (p + 1));
    std::vector<svm_node*> rows(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        svm_node* row = &nodes[static_cast<std::size_t>(i) * (p + 1)];
        for (int j = 0; j < p; ++j)
            row[j] = {j + 1, X(i, j)};
        row[p] = {-1, 0.0};
        rows[static_cast<std::size_t>(i)] = row;
    }
    problem.x = rows.data();

    std::unique_ptr<svm_model, ModelDeleter> trained(svm_train(&problem, &param));
    if (!trained)
        throw Error(who + ": libsvm failed to train on " + std::to_string(n) + " rows.");
    control.checkCancelled();

    const int nSv = trained->l;
    model->supportVectors.resize(nSv, p);
    model->dualCoef.resize(nSv);
    for (int s = 0; s < nSv; ++s) {
        model->supportVectors.row(s) = X.row(trained->sv_indices[s] - 1);
        model->dualCoef[s] = trained->sv_coef[0][s];
    }
    model->rho = trained->rho[0];
    model->gamma = param.gamma;
    m_model = std::move(model);
    control.report(1.0);
}

Vector SvrRegressor::predict(const Matrix& X) const
{
    checkPredictInput(name(), isFitted(), m_model ? m_model->supportVectors.cols() : 0, X);
    const Model& m = *m_model;
    switch (m_params.kernel) {
    case SvrKernel::Linear:
        return (X * (m.supportVectors.transpose() * m.dualCoef)).array() - m.rho;
    case SvrKernel::Polynomial: {
        const Matrix dots = X * m.supportVectors.transpose(); // n_rows × nSV
        const double degree = static_cast<double>(m_params.degree);
        const Matrix k = (m.gamma * dots.array() + m_params.coef0).pow(degree).matrix();
        return (k * m.dualCoef).array() - m.rho;
    }
    case SvrKernel::Rbf: {
        Vector out(X.rows());
        for (Eigen::Index q = 0; q < X.rows(); ++q) {
            const Vector d2 = (m.supportVectors.rowwise() - X.row(q)).rowwise().squaredNorm();
            out[q] = (-m.gamma * d2.array()).exp().matrix().dot(m.dualCoef) - m.rho;
        }
        return out;
    }
    }
    return Vector::Zero(X.rows());
}

std::unique_ptr<Regressor> SvrRegressor::clone() const
{
    return std::make_unique<SvrRegressor>(m_params);
}

} // namespace naap::core
