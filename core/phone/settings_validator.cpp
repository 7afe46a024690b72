#include "core/phone/settings_validator.h"

#include "core/phone/engine_config_builder.h"
#include "core/protocol/auth.h"
#include "core/protocol/information_element.h"
#include "core/protocol/rsa_keygen.h"

#include <QFileInfo>
#include <QHostAddress>
#include <QRegularExpression>
#include <QSet>

#include <openssl/crypto.h>

namespace iax::phone {

namespace {

bool fitsIe(const QString& s)
{
    return std::size_t(s.toUtf8().size()) <= core::kMaxIeData;
}

// C0, DEL, C1 and any kind of space.
bool hasControlOrSpace(const QString& s)
{
    for (QChar c : s)
        if (c.category() == QChar::Other_Control || c.isSpace())
            return true;
    return false;
}

// Why the account's private key cannot sign IAX2 challenges ("" when it can, or when it does not
// load: a wrong passphrase is reported where the key is used).
QString keySizeProblem(const AccountSettings& a)
{
    std::string pass = a.keyPassphrase.toStdString();
    const auto key = loadSigningKey(a.privateKeyFile, pass);
    OPENSSL_cleanse(pass.data(), pass.size());
    if (key || key.error().code != "rsa-key-too-large")
        return {};
    return QString::fromStdString(key.error().reason);
}

} // namespace

bool SettingsValidator::isValidHost(const QString& host)
{
    if (host.isEmpty() || host.size() > 253)
        return false;
    QHostAddress addr;
    if (addr.setAddress(host))
        return true;
    static const QRegularExpression label(QStringLiteral("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"));
    const auto labels = host.split(QLatin1Char('.'));
    bool allNumeric = true;
    for (const auto& l : labels) {
        if (!label.match(l).hasMatch())
            return false;
        bool isNum = false;
        l.toInt(&isNum);
        allNumeric = allNumeric && isNum;
    }
    return !allNumeric; // "300.1.1.1" is neither an address nor a name
}

QStringList SettingsValidator::validateAccount(const AccountSettings& a)
{
    QStringList errors;
    if (a.name.trimmed().isEmpty())
        errors << tr("The account needs a name.");
    if (a.host.trimmed().isEmpty())
        errors << tr("Enter the server's host name or address."); // not '"" is not a valid host name'
    else if (!isValidHost(a.host.trimmed()))
        errors << tr("\"%1\" is not a valid host name or IP address.").arg(a.host);
    if (a.port < 1 || a.port > 65535)
        errors << tr("The port must be between 1 and 65535 (IAX2 uses 4569).");
    if (a.username.trimmed().isEmpty())
        errors << tr("The user name is missing.");
    else if (!fitsIe(a.username))
        errors << tr("The user name is %1 bytes long; IAX2 carries at most %2.")
                      .arg(a.username.toUtf8().size())
                      .arg(core::kMaxIeData);
    else if (hasControlOrSpace(a.username))
        errors << tr("The user name may not contain spaces or control characters.");
    const bool encrypt = a.encryption != EncryptionPolicy::Off;
    if (a.auth == AuthMethod::Md5 && encrypt && a.secret.isEmpty())
        errors << tr("Encryption needs the shared secret: the AES key is derived from it.");
    if (a.auth == AuthMethod::Rsa) {
        if (encrypt && a.secret.isEmpty())
            errors << tr("RSA+AES needs the shared secret too: RSA only authenticates, the AES key "
                         "is derived from the secret.");
        if (a.privateKeyFile.isEmpty())
            errors << tr("RSA authentication needs a private key file.");
        else if (!QFileInfo(a.privateKeyFile).isReadable())
            errors << tr("The private key file \"%1\" cannot be read.").arg(a.privateKeyFile);
        else if (const QString why = keySizeProblem(a); !why.isEmpty())
            errors << tr("The private key \"%1\" cannot be used: %2.").arg(a.privateKeyFile, why);
    }
    for (const auto& f : a.trustedPublicKeys) {
        if (!QFileInfo(f).isReadable())
            errors << tr("The public key file \"%1\" cannot be read.").arg(f);
    }
    if (a.keyRotationIntervalSeconds < 0 || a.keyRotationIntervalSeconds > 86400)
        errors << tr("The key rotation interval must be 0 (automatic) to 86400 seconds.");
    if (a.codecs.isEmpty())
        errors << tr("Enable at least one codec.");
    for (const auto& c : a.codecs) {
        if (!knownCodecs().contains(c))
            errors << tr("Unknown codec \"%1\".").arg(c);
    }
    static const QRegularExpression dialable(QStringLiteral("^[0-9A-Za-z*#+_.-]+$"));
    if (a.secureDialEnabled) {
        if (!dialable.match(a.secureDialExtension).hasMatch() || !fitsIe(a.secureDialExtension))
            errors << tr("Secure dial is on but the secure dial extension is missing or invalid.");
        if (a.encryption == EncryptionPolicy::Off)
            errors << tr("Secure dial needs encryption: set the encryption policy to opportunistic "
                         "or required.");
    }
    if (!QStringLiteral("#*").contains(a.secureDialTerminator) && !a.secureDialTerminator.isNull())
        errors << tr("The secure dial terminator must be # or * (or none).");
    if (a.secureDialPauseMs < 50 || a.secureDialPauseMs > 5000)
        errors << tr("The pause between secure dial digits must be 50 to 5000 ms.");
    if (!a.keyServerUrl.isEmpty()
        && (!a.keyServerUrl.startsWith(QLatin1String("https://")) || !a.keyServerUrl.contains(QLatin1String("{name}"))))
        errors << tr("The key server URL must start with https:// and contain {name}.");
    return errors;
}

QStringList SettingsValidator::validate(const Settings& s)
{
    QStringList errors;
    QSet<QString> names;
    for (const auto& a : s.accounts) {
        const QString label = a.name.trimmed().isEmpty() ? tr("(unnamed account)") : a.name;
        for (const auto& e : validateAccount(a))
            errors << tr("%1: %2").arg(label, e);
        if (names.contains(a.name))
            errors << tr("Two accounts are named \"%1\".").arg(a.name);
        names.insert(a.name);
    }
    if (!s.general.ringtone.isEmpty() && !QFileInfo(s.general.ringtone).isReadable())
        errors << tr("The ringtone file \"%1\" cannot be read.").arg(s.general.ringtone);
    return errors;
}

} // namespace iax::phone
