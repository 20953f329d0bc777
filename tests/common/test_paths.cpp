// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "test_paths.h"

#include <QDir>
#include <QFile>

#include "naap/core/data/locate.h"

namespace naap::test {

QString testDataDir() { return QStringLiteral(NAAP_TEST_DATA_DIR); }

QString naap440Dir()
{
    const auto found = naap::core::findDatasetFile("naap440.csv");
    if (!found)
        return {};
    return QFileInfo(QString::fromStdString(*found)).absolutePath();
}

QString cliPath() { return QStringLiteral(NAAP_CLI_PATH); }

QString writeFile(const QString& dir, const QString& name, const QByteArray& content)
{
    const QString path = QDir(dir).filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    f.write(content);
    return path;
}

} // namespace naap::test
