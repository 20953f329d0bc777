// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

class QTcpServer;
class QTcpSocket;

namespace naap::test {

/// A tiny HTTP/1.1 server on 127.0.0.1 for download tests, running on the test's event
/// loop: GET of a served path answers 200 with its bytes (Content-Length, or chunked
/// transfer encoding on request), anything else 404. Optionally sends slowly, in pieces
/// on a timer, so a test can cancel mid-transfer. Each connection is closed after its
/// response.
class HttpTestServer : public QObject {
public:
    explicit HttpTestServer(QObject* parent = nullptr);
    ~HttpTestServer() override;

    /// Listens on 127.0.0.1 at a free port. False when it cannot.
    bool listen();
    quint16 port() const;
    /// http://127.0.0.1:PORT/
    QUrl baseUrl() const;
    QUrl url(const QString& path) const;

    /// Serves `body` at `path` ("/a/b.csv" or "a/b.csv").
    void serve(const QString& path, const QByteArray& body);
    /// Sends bodies in pieces of `bytes` every `intervalMs` (0 bytes: all at once).
    void setThrottle(int bytes, int intervalMs);
    /// Transfer-Encoding: chunked instead of Content-Length.
    void setChunkedEncoding(bool on) { m_chunked = on; }

    /// Paths requested so far, in order.
    QStringList requestedPaths() const { return m_requests; }
    /// Responses whose client went away before the body was sent completely.
    int abortedResponses() const { return m_aborted; }

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket* socket);
    void respond(QTcpSocket* socket, const QString& path);
    void sendBody(QTcpSocket* socket, const QByteArray& body);
    QByteArray frame(const QByteArray& piece) const;

    QTcpServer* m_server;
    QHash<QString, QByteArray> m_files;
    QStringList m_requests;
    int m_throttleBytes = 0;
    int m_throttleMs = 0;
    bool m_chunked = false;
    int m_aborted = 0;
};

} // namespace naap::test
