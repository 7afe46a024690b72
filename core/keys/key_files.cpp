#include "core/keys/key_files.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace iax::core {

Status writePrivateKeyFile(const QString& path, const std::string& pem)
{
    const QFileInfo info(path);
    if (info.exists() || info.isSymLink())
        return makeError("exists", "'" + path.toStdString() + "' exists");
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return makeError("io", "cannot create '" + path.toStdString() + "': " + f.errorString().toStdString());
    const bool ok = f.write(pem.data(), qint64(pem.size())) == qint64(pem.size()) && f.flush();
    f.close();
    if (!ok || !QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        QFile::remove(path);
        return makeError("io", "cannot write '" + path.toStdString() + "'");
    }
    return Ok {};
}

Status writePublicKeyFile(const QString& path, const std::string& pem)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(pem.data(), qint64(pem.size())) != qint64(pem.size()) || !f.commit())
        return makeError("io", "cannot write '" + path.toStdString() + "'");
    return Ok {};
}

bool makePrivateDirs(const QString& dir)
{
    const QString path = QDir::cleanPath(QDir(dir).absolutePath());
    QStringList missing; // innermost last
    for (QString p = path; !QFileInfo::exists(p); p = QFileInfo(p).path()) {
        if (p == QFileInfo(p).path())
            break; // the root itself
        missing.prepend(p);
    }
    if (!QFileInfo(path).isDir() && missing.isEmpty())
        return false; // exists but is not a directory
    constexpr auto kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;
    for (const QString& p : missing) {
        // mkdir's mode is subject to the umask, which can only narrow 0700; set it again anyway.
        if (!QDir().mkdir(p, kOwnerOnly) && !QFileInfo(p).isDir())
            return false;
        QFile::setPermissions(p, kOwnerOnly);
    }
    return QFileInfo(path).isDir();
}

Status writePrivateFile(const QString& path, const QByteArray& data)
{
    QSaveFile f(path);
    // The temporary file is created before anything is written: narrowed to 0600 there, the
    // rename keeps that mode.
    if (!f.open(QIODevice::WriteOnly) || !f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || f.write(data) != data.size() || !f.commit())
        return makeError("io", "cannot write '" + path.toStdString() + "': " + f.errorString().toStdString());
    return Ok {};
}

} // namespace iax::core
