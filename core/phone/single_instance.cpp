#include "core/phone/single_instance.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace iax::phone {

namespace {
constexpr int kMaxMessage = 4096; // a URI; anything longer is not ours
}

SingleInstance::SingleInstance(QString socketPath, QObject* parent)
    : QObject(parent)
    , m_path(std::move(socketPath))
{ }

SingleInstance::~SingleInstance() = default;

QString SingleInstance::defaultSocketPath(QString* error)
{
    // Not QStandardPaths::RuntimeLocation: without XDG_RUNTIME_DIR it falls back to directories
    // of its own and, when those are unsuitable, to nothing (the caller then used /tmp itself).
    return socketPathIn(qEnvironmentVariable("XDG_RUNTIME_DIR"), QDir::tempPath(), error);
}

bool SingleInstance::isPrivateDirectory(const QString& dir, QString* why)
{
    const auto fail = [&](const QString& reason) {
        if (why)
            *why = reason;
        return false;
    };
    struct stat st { };
    if (::lstat(QFile::encodeName(dir).constData(), &st) != 0)
        return fail(tr("%1 cannot be examined: %2").arg(dir, QString::fromLocal8Bit(std::strerror(errno))));
    if (S_ISLNK(st.st_mode))
        return fail(tr("%1 is a symbolic link").arg(dir));
    if (!S_ISDIR(st.st_mode))
        return fail(tr("%1 is not a directory").arg(dir));
    if (st.st_uid != ::geteuid())
        return fail(tr("%1 belongs to another user (uid %2)").arg(dir).arg(st.st_uid));
    if (st.st_mode & (S_IRWXG | S_IRWXO))
        return fail(
            tr("%1 can be used by other users (mode %2)").arg(dir).arg(st.st_mode & 07777, 4, 8, QLatin1Char('0')));
    return true;
}

QString SingleInstance::socketPathIn(const QString& runtimeDir, const QString& tempDir, QString* error)
{
    const QString name = QStringLiteral("/iaxphone.sock");
    QString whyRuntime;
    if (!runtimeDir.isEmpty() && isPrivateDirectory(runtimeDir, &whyRuntime))
        return runtimeDir + name;
    const QString own = tempDir + QStringLiteral("/iaxphone-%1").arg(::geteuid());
    // mkdir is atomic: either we create it (0700, ours) or it existed and must pass the check.
    if (::mkdir(QFile::encodeName(own).constData(), 0700) != 0 && errno != EEXIST) {
        if (error)
            *error = tr("The single-instance directory %1 cannot be created: %2")
                         .arg(own, QString::fromLocal8Bit(std::strerror(errno)));
        return {};
    }
    QString why;
    if (!isPrivateDirectory(own, &why)) {
        if (error)
            *error = tr("No private directory for the single-instance socket: %1%2 (remove it, or set "
                        "XDG_RUNTIME_DIR)")
                         .arg(whyRuntime.isEmpty() ? QString() : whyRuntime + tr("; "), why);
        return {};
    }
    return own + name;
}

bool SingleInstance::forward(const QString& message, int timeoutMs) const
{
    if (m_path.isEmpty())
        return false;
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
    if (m_path.isEmpty())
        return false;
    QLocalSocket s;
    s.connectToServer(m_path);
    const bool up = s.waitForConnected(timeoutMs);
    s.abort();
    return up;
}

bool SingleInstance::listen(QString* error)
{
    QString why;
    if (m_path.isEmpty() || !isPrivateDirectory(QFileInfo(m_path).absolutePath(), &why)) {
        if (error)
            *error = m_path.isEmpty()
                ? tr("There is no private directory for the single-instance socket.")
                : tr("The single-instance socket %1 is not in a private directory: %2").arg(m_path, why);
        return false;
    }
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

} // namespace iax::phone
