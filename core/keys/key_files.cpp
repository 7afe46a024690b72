#include "core/keys/key_files.h"

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

} // namespace iax::core
