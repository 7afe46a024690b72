#include "core/keys/key_generation.h"

#include "core/keys/key_files.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <openssl/crypto.h>

namespace iax::core {

QString defaultKeyDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/iaxphone/keys");
}

Result<GeneratedKeyFiles> generateKeyPairFiles(
    const QString& directory, const QString& name, int bits, std::string& passphrase, bool replace)
{
    const auto wipe = [&passphrase] { OPENSSL_cleanse(passphrase.data(), passphrase.size()); };
    const QString dir = QDir(directory).absolutePath();
    if (!makePrivateDirs(dir)) { // 0700 when created here
        wipe();
        return makeError("dir", QStringLiteral("cannot create directory '%1'").arg(dir).toStdString());
    }
    GeneratedKeyFiles files;
    files.privateKeyPath = dir + "/" + name + ".key";
    files.publicKeyPath = dir + "/" + name + ".pub";
    for (const QString& p : { files.privateKeyPath, files.publicKeyPath }) {
        if (!QFileInfo(p).exists() && !QFileInfo(p).isSymLink())
            continue;
        if (!replace) {
            wipe();
            return makeError("exists", QStringLiteral("'%1' exists").arg(p).toStdString());
        }
        if (!QFile::remove(p)) {
            wipe();
            return makeError("replace", QStringLiteral("cannot replace '%1'").arg(p).toStdString());
        }
    }

    auto pair = generateRsaKeyPair(bits, passphrase);
    wipe();
    if (!pair)
        return pair.error();
    const Status wrote = writePrivateKeyFile(files.privateKeyPath, pair->privatePem);
    OPENSSL_cleanse(pair->privatePem.data(), pair->privatePem.size());
    if (!wrote)
        return wrote.error();
    if (const Status st = writePublicKeyFile(files.publicKeyPath, pair->publicPem); !st)
        return st.error();
    files.bits = pair->bits;
    files.fingerprint = pair->fingerprint;
    return files;
}

} // namespace iax::core
