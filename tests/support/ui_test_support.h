#pragma once
// Small helpers shared by the widget tests (tests/tst_ui_*.cpp).
#include "core/phone/call_snapshot.h"
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

/// Call `id` of `accountId` to the secure dial extension "dtmf": answered 65 s ago, alaw,
/// encrypted (AES-128, MD5), muted — the in-call screenshots' call.
inline phone::CallSnapshot encryptedMutedCall(int id, const QString& accountId)
{
    phone::CallSnapshot a;
    a.id = id;
    a.accountId = accountId;
    a.number = a.peer = QStringLiteral("dtmf");
    a.state = phone::CallState::Answered;
    a.answeredAt = QDateTime::currentDateTimeUtc().addSecs(-65);
    a.codec = QStringLiteral("alaw");
    a.encryption = phone::EncryptionState::Encrypted;
    a.details.cipher = QStringLiteral("AES-128");
    a.details.auth = QStringLiteral("md5");
    a.muted = true;
    return a;
}

/// An MD5 account `id` of `user` with `secret` at 127.0.0.1:`port`, encryption `policy`.
inline phone::AccountSettings localAccount(const QString& id, const QString& user, const QString& secret,
    quint16 port = 4569, phone::EncryptionPolicy policy = phone::EncryptionPolicy::Opportunistic)
{
    phone::AccountSettings a;
    a.id = id;
    a.name = id;
    a.host = QStringLiteral("127.0.0.1");
    a.port = port;
    a.username = user;
    a.secret = secret;
    a.encryption = policy;
    return a;
}

} // namespace iax::test
