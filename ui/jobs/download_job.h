// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;
class QSaveFile;

namespace naap::ui {

/// One file to fetch: where from, the name it gets in the target folder and its expected
/// SHA-256 as lowercase hex (empty: not checked).
struct DownloadItem {
    QUrl url;
    QString fileName;
    QByteArray sha256Hex;
};

/// Downloads a list of files into a folder, one after another, asynchronously (no
/// waiting on the GUI thread). Each file streams into a QSaveFile while its SHA-256 is
/// computed; the files are committed only when every one arrived complete and matched
/// its hash, so a failed or cancelled download leaves the folder as it was.
/// finished() is emitted exactly once per start().
class DownloadJob : public QObject {
    Q_OBJECT

public:
    explicit DownloadJob(QObject* parent = nullptr);
    DownloadJob(QList<DownloadItem> items, QString targetDir, QObject* parent = nullptr);
    ~DownloadJob() override;

    void setItems(QList<DownloadItem> items);
    QList<DownloadItem> items() const { return m_items; }
    void setTargetDir(const QString& dir);
    QString targetDir() const { return m_targetDir; }
    /// Seconds without data after which a transfer fails (default 60).
    void setTransferTimeout(int seconds);

    bool isRunning() const { return m_running; }

    /// The public NAAP-440 files (naap440.csv, naap440v2.csv, generated_schemes.json) under
    /// `base` with their published SHA-256 (shared/datasets/naap440/SOURCE.md).
    static QList<DownloadItem> naap440Items(const QUrl& base = defaultNaap440Base());
    /// https://raw.githubusercontent.com/talcs/NAAP-440/main/
    static QUrl defaultNaap440Base();
    /// The per-user data folder, core::userDataDir().
    static QString defaultTargetDir();

public Q_SLOTS:
    /// Starts downloading; does nothing while running.
    void start();
    /// Aborts the transfer; finished(false, ...) follows and nothing is written.
    void cancel();

Q_SIGNALS:
    /// A new file started: 0-based `index` of `count`.
    void fileStarted(int index, int count, const QString& file);
    /// Bytes of the current file so far; `total` is -1 when the server did not say.
    void progress(qint64 received, qint64 total, const QString& file);
    /// Once per start(): `ok`, or `error` as one sentence (naming the file).
    void finished(bool ok, const QString& error);

private:
    void startFile();
    void onReadyRead();
    void onReplyFinished();
    void fail(const QString& error);
    void discardAll();

    QNetworkAccessManager* m_network;
    QList<DownloadItem> m_items;
    QString m_targetDir;
    int m_timeoutMs = 60000;
    bool m_running = false;
    bool m_cancelled = false;
    int m_index = 0;
    QNetworkReply* m_reply = nullptr;
    std::vector<std::unique_ptr<QSaveFile>> m_files; ///< one per completed or current item
    QCryptographicHash m_hash{QCryptographicHash::Sha256};
};

} // namespace naap::ui
