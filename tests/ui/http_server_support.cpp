// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "http_server_support.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

namespace naap::test {

namespace {

QString normalisedPath(const QString& path)
{
    return path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path;
}

} // namespace

HttpTestServer::HttpTestServer(QObject* parent)
    : QObject(parent), m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, [this] { onNewConnection(); });
}

HttpTestServer::~HttpTestServer() = default;

bool HttpTestServer::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 HttpTestServer::port() const
{
    return m_server->serverPort();
}

QUrl HttpTestServer::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port()));
}

QUrl HttpTestServer::url(const QString& path) const
{
    return baseUrl().resolved(QUrl(normalisedPath(path).mid(1)));
}

void HttpTestServer::serve(const QString& path, const QByteArray& body)
{
    m_files.insert(normalisedPath(path), body);
}

void HttpTestServer::setThrottle(int bytes, int intervalMs)
{
    m_throttleBytes = qMax(0, bytes);
    m_throttleMs = qMax(0, intervalMs);
}

void HttpTestServer::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void HttpTestServer::onReadyRead(QTcpSocket* socket)
{
    // The request so far lives in a dynamic property until its header is complete.
    QByteArray buffer = socket->property("naapRequest").toByteArray() + socket->readAll();
    if (socket->property("naapAnswered").toBool())
        return;
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        socket->setProperty("naapRequest", buffer);
        return;
    }
    socket->setProperty("naapAnswered", true);
    const QList<QByteArray> requestLine = buffer.left(buffer.indexOf("\r\n")).split(' ');
    QString path = requestLine.size() >= 2 ? QString::fromLatin1(requestLine.at(1)) : QStringLiteral("/");
    const qsizetype query = path.indexOf(QLatin1Char('?'));
    if (query >= 0)
        path.truncate(query);
    m_requests.append(path);
    respond(socket, path);
}

void HttpTestServer::respond(QTcpSocket* socket, const QString& path)
{
    const auto it = m_files.constFind(path);
    if (it == m_files.constEnd()) {
        const QByteArray body = "Not Found";
        socket->write("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        socket->disconnectFromHost();
        return;
    }
    QByteArray header = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n";
    header += m_chunked ? QByteArray("Transfer-Encoding: chunked\r\n")
                        : "Content-Length: " + QByteArray::number(it->size()) + "\r\n";
    header += "\r\n";
    socket->write(header);
    sendBody(socket, *it);
}

QByteArray HttpTestServer::frame(const QByteArray& piece) const
{
    if (!m_chunked)
        return piece;
    return QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
}

void HttpTestServer::sendBody(QTcpSocket* socket, const QByteArray& body)
{
    const QByteArray last = m_chunked ? QByteArray("0\r\n\r\n") : QByteArray();
    if (m_throttleBytes <= 0 || body.size() <= m_throttleBytes) {
        if (!body.isEmpty())
            socket->write(frame(body));
        socket->write(last);
        socket->disconnectFromHost();
        return;
    }
    // Slow: one piece per tick; the timer dies with the socket when the client aborts.
    auto* timer = new QTimer(socket);
    auto offset = std::make_shared<qsizetype>(0);
    connect(socket, &QTcpSocket::disconnected, this, [this, offset, body] {
        if (*offset < body.size())
            ++m_aborted;
    });
    connect(timer, &QTimer::timeout, socket, [this, socket, timer, offset, body, last] {
        if (socket->state() != QAbstractSocket::ConnectedState) {
            timer->stop();
            return;
        }
        const QByteArray piece = body.mid(*offset, m_throttleBytes);
        *offset += piece.size();
        socket->write(frame(piece));
        if (*offset >= body.size()) {
            timer->stop();
            socket->write(last);
            socket->disconnectFromHost();
        }
    });
    timer->start(m_throttleMs);
}

} // namespace naap::test
