// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Helpers of tst_cli: run the `naap` binary, read files, split simple CSV text.
#pragma once

#include <QByteArray>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTimer>

#include "test_paths.h"

namespace naap::test {

/// One small valid scheme (three layers, 12 to 16 wide): quick to train on tiny synthetic data.
inline const QByteArray kTinySchemes =
    R"([[{"kernel_size": 3, "width": 12, "stride": 2, "residual": false}, )"
    R"({"kernel_size": 3, "width": 16, "stride": 2, "residual": false}, )"
    R"({"kernel_size": 1, "width": 16, "stride": 1, "residual": false}]])";

struct CliResult {
    int exitCode = -1;
    bool crashed = false;
    QByteArray out;
    QByteArray err;
};

/// Starts `program args` on `p` (already set up: environment, folder, redirections) and
/// collects its exit and output. The wait runs an event loop, so a server living in the test
/// process (tst_cli_fetch) keeps answering meanwhile.
inline CliResult runProcess(QProcess& p, const QString& program, const QStringList& args,
                            int timeoutMs = 300000)
{
    p.setStandardInputFile(QProcess::nullDevice());
    p.start(program, args);
    CliResult r;
    if (!p.waitForStarted()) {
        r.crashed = true;
        return r;
    }
    QEventLoop loop;
    QObject::connect(&p, &QProcess::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (p.state() != QProcess::NotRunning)
        loop.exec();
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished();
        r.crashed = true;
        return r;
    }
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

/// Runs `naap args` and collects its exit and output. `workingDir`: the process's current
/// folder ("" = the test's).
inline CliResult runCli(const QStringList& args, int timeoutMs = 300000,
                        const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
                        const QString& workingDir = QString())
{
    QProcess p;
    p.setProcessEnvironment(env);
    if (!workingDir.isEmpty())
        p.setWorkingDirectory(workingDir);
    return runProcess(p, naap::test::cliPath(), args, timeoutMs);
}

/// A CSV as a header and rows of fields (no quoting in these files; CRLF or LF).
struct Csv {
    QStringList header;
    QList<QStringList> rows;
    int column(const QString& name) const { return header.indexOf(name); }
};

inline Csv parseCsv(const QByteArray& text)
{
    Csv csv;
    const QList<QByteArray> lines = text.split('\n');
    for (const QByteArray& raw : lines) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty())
            continue;
        if (csv.header.isEmpty())
            csv.header = line.split(',');
        else
            csv.rows.append(line.split(','));
    }
    return csv;
}

inline QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace naap::test
