#pragma once
// Small helpers shared by the widget tests (tests/tst_ui_*.cpp).
#include "core/phone/settings.h"

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QWidget>

namespace iax::test {

/// The child widget `name` of `w` (objectName); aborts the test binary when it is missing.
template<typename T> T* child(QWidget* w, const char* name)
{
    T* c = w->findChild<T*>(QLatin1String(name));
    if (!c)
        qFatal("no child %s", name);
    return c;
}

/// The whole content of `path` ("" when unreadable).
inline QByteArray fileBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// An RSA account `id` of `user` on 127.0.0.1 with a shared secret (for AES) and no key file.
inline phone::AccountSettings rsaAccount(const QString& id, const QString& user)
{
    phone::AccountSettings a;
    a.id = id;
    a.name = QStringLiteral("RSA %1").arg(user);
    a.host = QStringLiteral("127.0.0.1");
    a.username = user;
    a.secret = QStringLiteral("shared-secret-of-%1").arg(user);
    a.auth = phone::AuthMethod::Rsa;
    return a;
}

} // namespace iax::test
