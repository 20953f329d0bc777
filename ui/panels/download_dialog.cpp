// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "panels/download_dialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QStringList>
#include <QVBoxLayout>

#include "jobs/download_job.h"

namespace naap::ui {

DownloadDialog::DownloadDialog(QWidget* parent)
    : QDialog(parent), m_job(new DownloadJob(this)), m_targetDir(DownloadJob::defaultTargetDir())
{
    setWindowTitle(tr("Download NAAP-440"));

    auto* intro = new QLabel(tr("Fetches the public NAAP-440 tables and schemes (T. Hakim, arXiv:2209.06626, "
                                "MIT License) and checks each file against its published SHA-256."),
                             this);
    intro->setWordWrap(true);

    m_baseEdit = new QLineEdit(DownloadJob::defaultNaap440Base().toString(), this);
    m_baseEdit->setToolTip(tr("The folder URL the files are fetched from; change it to use a mirror."));
    m_baseEdit->setMinimumWidth(m_baseEdit->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 60);

    QStringList names;
    for (const DownloadItem& item : DownloadJob::naap440Items())
        names << item.fileName;
    auto* filesLabel = new QLabel(names.join(QStringLiteral(", ")), this);

    m_targetLabel = new QLabel(QDir::toNativeSeparators(m_targetDir), this);
    m_targetLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_targetLabel->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Source URL:"), m_baseEdit);
    form->addRow(tr("Files:"), filesLabel);
    form->addRow(tr("Target folder:"), m_targetLabel);

    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setTextVisible(false);
    m_fileLabel = new QLabel(this);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setMinimumHeight(m_message->fontMetrics().lineSpacing() * 3); // room for a long sentence
    m_message->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    auto* buttons = new QDialogButtonBox(this);
    m_startButton = buttons->addButton(tr("Start"), QDialogButtonBox::AcceptRole);
    m_cancelButton = buttons->addButton(QDialogButtonBox::Cancel);
    m_closeButton = buttons->addButton(QDialogButtonBox::Close);
    m_startButton->setDefault(true);
    // The box's accepted/rejected would close the dialog; route each button explicitly.
    connect(m_startButton, &QPushButton::clicked, this, &DownloadDialog::start);
    connect(m_cancelButton, &QPushButton::clicked, this, &DownloadDialog::cancel);
    connect(m_closeButton, &QPushButton::clicked, this, &DownloadDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_fileLabel);
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addWidget(buttons);

    connect(m_job, &DownloadJob::fileStarted, this, &DownloadDialog::onFileStarted);
    connect(m_job, &DownloadJob::progress, this, &DownloadDialog::onProgress);
    connect(m_job, &DownloadJob::finished, this, &DownloadDialog::onFinished);
    updateButtons();
}

DownloadDialog::~DownloadDialog() = default; // m_job, a child, aborts and discards

void DownloadDialog::setBaseUrl(const QUrl& base)
{
    m_baseEdit->setText(base.toString());
}

QUrl DownloadDialog::baseUrl() const
{
    return QUrl::fromUserInput(m_baseEdit->text().trimmed());
}

void DownloadDialog::setTargetDir(const QString& dir)
{
    if (isRunning())
        return;
    m_targetDir = dir;
    m_targetLabel->setText(QDir::toNativeSeparators(dir));
}

bool DownloadDialog::isRunning() const
{
    return m_job->isRunning();
}

QString DownloadDialog::message() const
{
    return m_message->text();
}

void DownloadDialog::start()
{
    if (isRunning())
        return;
    const QUrl base = baseUrl();
    if (!base.isValid() || base.scheme().isEmpty() || base.host().isEmpty()) {
        showMessage(tr("The source URL \"%1\" is not a valid web address.").arg(m_baseEdit->text().trimmed()), true);
        return;
    }
    showMessage(QString(), false);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_job->setItems(DownloadJob::naap440Items(base));
    m_job->setTargetDir(m_targetDir);
    m_job->start();
    updateButtons();
}

void DownloadDialog::cancel()
{
    m_job->cancel();
}

void DownloadDialog::reject()
{
    m_job->cancel(); // closing never leaves a half-written download behind
    QDialog::reject();
}

void DownloadDialog::onFileStarted(int index, int count, const QString& file)
{
    m_fileCaption = tr("%1 (file %2 of %3)").arg(file).arg(index + 1).arg(count);
    m_fileLabel->setText(m_fileCaption);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
}

void DownloadDialog::onProgress(qint64 received, qint64 total, const QString& file)
{
    Q_UNUSED(file);
    const QLocale locale;
    if (total > 0) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(static_cast<int>(qBound(qint64(0), received * 1000 / total, qint64(1000))));
        m_fileLabel->setText(tr("%1: %2 of %3")
                                 .arg(m_fileCaption, locale.formattedDataSize(received),
                                      locale.formattedDataSize(total)));
    } else {
        m_progress->setRange(0, 0); // busy indicator: the size is unknown
        m_fileLabel->setText(tr("%1: %2").arg(m_fileCaption, locale.formattedDataSize(received)));
    }
}

void DownloadDialog::onFinished(bool ok, const QString& error)
{
    m_progress->setRange(0, 1000);
    QString text;
    if (ok) {
        m_progress->setValue(1000);
        m_fileLabel->clear();
        text = tr("Downloaded NAAP-440 to %1.").arg(QDir::toNativeSeparators(m_targetDir));
    } else {
        m_progress->setValue(0);
        m_fileLabel->clear(); // the message names the file
        text = error;
    }
    showMessage(text, !ok);
    updateButtons();
    if (ok)
        Q_EMIT datasetDownloaded(m_targetDir);
    Q_EMIT downloadFinished(ok, text);
}

void DownloadDialog::showMessage(const QString& text, bool error)
{
    m_message->setText(text);
    // Dark red for failures, dark green for success: readable on light and dark-ish themes.
    m_message->setStyleSheet(text.isEmpty() ? QString()
                                            : error ? QStringLiteral("color: #b03a2e;")
                                                    : QStringLiteral("color: #1e7b34;"));
}

void DownloadDialog::updateButtons()
{
    const bool running = isRunning();
    m_startButton->setEnabled(!running);
    m_baseEdit->setEnabled(!running);
    m_cancelButton->setEnabled(running);
}

} // namespace naap::ui
