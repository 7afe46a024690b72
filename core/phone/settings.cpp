#include "core/phone/settings.h"

namespace iax::phone {

const AccountSettings* Settings::account(const QString& id) const
{
    for (const auto& a : accounts) {
        if (a.id == id)
            return &a;
    }
    return nullptr;
}

QString toString(AuthMethod m)
{
    return m == AuthMethod::Rsa ? QStringLiteral("rsa") : QStringLiteral("md5");
}

QString toString(EncryptionPolicy p)
{
    switch (p) {
    case EncryptionPolicy::Off:
        return QStringLiteral("off");
    case EncryptionPolicy::Opportunistic:
        return QStringLiteral("opportunistic");
    case EncryptionPolicy::Required:
        return QStringLiteral("required");
    }
    return QStringLiteral("opportunistic");
}

AuthMethod authMethodFromString(const QString& s, AuthMethod fallback)
{
    if (s == QLatin1String("md5"))
        return AuthMethod::Md5;
    if (s == QLatin1String("rsa"))
        return AuthMethod::Rsa;
    return fallback;
}

EncryptionPolicy encryptionPolicyFromString(const QString& s, EncryptionPolicy fallback)
{
    if (s == QLatin1String("off"))
        return EncryptionPolicy::Off;
    if (s == QLatin1String("opportunistic"))
        return EncryptionPolicy::Opportunistic;
    if (s == QLatin1String("required"))
        return EncryptionPolicy::Required;
    return fallback;
}

QStringList knownCodecs()
{
    return { QStringLiteral("opus"), QStringLiteral("alaw"), QStringLiteral("ulaw") };
}

bool sameRegistration(const AccountSettings& a, const AccountSettings& b)
{
    AccountSettings x = a;
    x.doNotDisturb = b.doNotDisturb;
    x.autoAnswerFromPbx = b.autoAnswerFromPbx;
    x.autoAnswerAfterSeconds = b.autoAnswerAfterSeconds;
    x.voicemailExtension = b.voicemailExtension;
    return x == b;
}

} // namespace iax::phone
