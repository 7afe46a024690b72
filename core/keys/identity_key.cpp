// The user's Ed25519 identity: generation, text form, file (see identity_key.h).
#include "core/keys/identity_key.h"

#include "core/keys/key_files.h"
#include "core/protocol/openssl_util.h"
#include "core/protocol/secure_wipe.h"

#include <QByteArray>
#include <QFile>

namespace iax::core {

Result<Ed25519Identity> generateIdentity()
{
    PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
    Secret32 seed;
    std::size_t len = seed.bytes.size();
    if (!key || EVP_PKEY_get_raw_private_key(key.get(), seed.bytes.data(), &len) != 1 || len != seed.bytes.size())
        return Error { "ed25519", "cannot generate an Ed25519 identity: " + opensslError() };
    return Ed25519Identity::fromSeed(seed.bytes);
}

QString identityToText(const Ed25519Identity& id)
{
    QByteArray raw(reinterpret_cast<const char*>(id.seed.bytes.data()), int(id.seed.bytes.size()));
    const QString text = QString::fromLatin1(raw.toBase64());
    secureWipe(raw.data(), std::size_t(raw.size()));
    return text;
}

Result<Ed25519Identity> identityFromText(const QString& text)
{
    const auto decoded
        = QByteArray::fromBase64Encoding(text.trimmed().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() != 32)
        return Error { "identity-format", "not an identity key (the base64 of 32 bytes)" };
    Secret32 seed;
    std::copy(decoded.decoded.begin(), decoded.decoded.end(), seed.bytes.begin());
    QByteArray wipe = decoded.decoded;
    secureWipe(wipe.data(), std::size_t(wipe.size()));
    return Ed25519Identity::fromSeed(seed.bytes);
}

Result<Ed25519Identity> loadOrCreateIdentityFile(const QString& path)
{
    QFile f(path);
    if (f.exists()) {
        if (!f.open(QIODevice::ReadOnly))
            return Error { "io", "cannot read the identity file " + path.toStdString() };
        QByteArray line = f.readLine(256);
        auto id = identityFromText(QString::fromLatin1(line));
        secureWipe(line.data(), std::size_t(line.size()));
        if (!id)
            return Error { id.error().code, path.toStdString() + ": " + id.error().reason };
        return id;
    }
    auto id = generateIdentity();
    if (!id)
        return id.error();
    std::string text = identityToText(*id).toStdString() + "\n";
    const auto written = writePrivateKeyFile(path, text);
    secureWipe(text);
    if (!written)
        return written.error();
    return id;
}

} // namespace iax::core
