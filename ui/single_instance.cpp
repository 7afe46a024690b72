#include "ui/single_instance.h"

#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QStandardPaths>

namespace iax::ui {

namespace {
constexpr int kMaxMessage = 4096; // a URI; anything longer is not ours
}

SingleInstance::SingleInstance(QString socketPath, QObject* parent)
    : QObject(parent)
    , m_path(std::move(socketPath))
{ }

SingleInstance::~SingleInstance() = default;

QString SingleInstance::defaultSocketPath()
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (dir.isEmpty())
        dir = QDir::tempPath();
    return dir + QStringLiteral("/iaxphone.sock");
}

bool SingleInstance::forward(const QString& message, int timeoutMs) const
{
    QLocalSocket s;
    s.connectToServer(m_path);
    if (!s.waitForConnected(timeoutMs))
        return false;
    QByteArray data = message.toUtf8().left(kMaxMessage);
    data.append('\n');
    s.write(data);
    if (!s.waitForBytesWritten(timeoutMs))
        return false;
    // The primary answers "ok" once it has the message.
    if (!s.waitForReadyRead(timeoutMs))
        return false;
    return s.readAll().startsWith("ok");
}

bool SingleInstance::isRunning(int timeoutMs) const
{
    QLocalSocket s;
    s.connectToServer(m_path);
    const bool up = s.waitForConnected(timeoutMs);
    s.abort();
    return up;
}

bool SingleInstance::listen(QString* error)
{
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_path)) {
        // Nobody answered forward(): the socket is left from a crashed instance.
        QLocalServer::removeServer(m_path);
        if (!m_server->listen(m_path)) {
            if (error)
                *error = tr("The single-instance socket %1 cannot be created: %2").arg(m_path, m_server->errorString());
            return false;
        }
    }
    connect(m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket* c = m_server->nextPendingConnection()) {
            connect(c, &QLocalSocket::disconnected, c, &QObject::deleteLater);
            connect(c, &QLocalSocket::readyRead, this, [this, c] {
                if (c->bytesAvailable() > kMaxMessage + 1) {
                    c->abort(); // not a peer of ours
                    return;
                }
                if (!c->canReadLine())
                    return;
                const QString message = QString::fromUtf8(c->readLine()).trimmed();
                c->write("ok\n");
                c->flush();
                Q_EMIT messageReceived(message);
            });
        }
    });
    return true;
}

} // namespace iax::ui
