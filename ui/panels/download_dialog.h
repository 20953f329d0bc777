// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QDialog>
#include <QString>
#include <QUrl>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace naap::ui {

class DownloadJob;

/// "Download NAAP-440": fetches the public tables and schemes (DownloadJob::naap440Items)
/// from an editable base URL (for mirrors) into the per-user data folder, with progress,
/// cancel and a SHA-256 check of every file. Everything is asynchronous; closing while a
/// download runs cancels it and leaves the folder as it was.
class DownloadDialog : public QDialog {
    Q_OBJECT

public:
    explicit DownloadDialog(QWidget* parent = nullptr);
    ~DownloadDialog() override;

    void setBaseUrl(const QUrl& base);
    QUrl baseUrl() const;
    /// The folder the files go to (default DownloadJob::defaultTargetDir()).
    void setTargetDir(const QString& dir);
    QString targetDir() const { return m_targetDir; }

    bool isRunning() const;
    /// The sentence shown under the progress bar (success, failure or empty).
    QString message() const;

public Q_SLOTS:
    void start();
    void cancel();
    void reject() override;

Q_SIGNALS:
    /// Every file arrived and passed its check; `folder` holds naap440.csv.
    void datasetDownloaded(const QString& folder);
    /// The download ended: `ok`, and the message shown.
    void downloadFinished(bool ok, const QString& message);

private:
    void onFileStarted(int index, int count, const QString& file);
    void onProgress(qint64 received, qint64 total, const QString& file);
    void onFinished(bool ok, const QString& error);
    void showMessage(const QString& text, bool error);
    void updateButtons();

    DownloadJob* m_job;
    QString m_targetDir;
    QString m_fileCaption;
    QLineEdit* m_baseEdit;
    QLabel* m_targetLabel;
    QProgressBar* m_progress;
    QLabel* m_fileLabel;
    QLabel* m_message;
    QPushButton* m_startButton;
    QPushButton* m_cancelButton;
    QPushButton* m_closeButton;
};

} // namespace naap::ui
