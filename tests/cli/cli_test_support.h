// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Helpers of tst_cli: run the `naap` binary, read files, split simple CSV text.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QProcess>
#include <QStringList>

#include "test_paths.h"

namespace naap::test {

struct CliResult {
    int exitCode = -1;
    bool crashed = false;
    QByteArray out;
    QByteArray err;
};

inline CliResult runCli(const QStringList& args, int timeoutMs = 300000)
{
    QProcess p;
    p.setStandardInputFile(QProcess::nullDevice());
    p.start(naap::test::cliPath(), args);
    CliResult r;
    if (!p.waitForStarted() || !p.waitForFinished(timeoutMs)) {
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
