#pragma once
// RSA private (and public) keys of any size for tests, made with plain OpenSSL (the product's keygen makes
// 1024-bit keys only): as PEM text, or written to a file. Link OpenSSL::Crypto.
#include <QFile>
#include <QString>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <string>

namespace iax::test {

/// PEM of a fresh RSA key of `bits`: PKCS#8 private key, or with `publicOnly` the
/// SubjectPublicKeyInfo "PUBLIC KEY" ("" when OpenSSL fails).
inline std::string rsaKeyPem(int bits, bool publicOnly)
{
    EVP_PKEY* key = EVP_RSA_gen(unsigned(bits));
    BIO* bio = BIO_new(BIO_s_mem());
    std::string pem;
    const bool written = key && bio
        && (publicOnly ? PEM_write_bio_PUBKEY(bio, key)
                       : PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr))
            == 1;
    if (written) {
        char* data = nullptr;
        const long len = BIO_get_mem_data(bio, &data);
        pem.assign(data, std::size_t(len));
    }
    BIO_free(bio);
    EVP_PKEY_free(key);
    return pem;
}

/// PKCS#8 PEM of a fresh RSA private key of `bits` ("" when OpenSSL fails).
inline std::string rsaPrivateKeyPem(int bits)
{
    return rsaKeyPem(bits, false);
}

/// PEM "PUBLIC KEY" of a fresh RSA key of `bits` ("" when OpenSSL fails).
inline std::string rsaPublicKeyPem(int bits)
{
    return rsaKeyPem(bits, true);
}

/// Writes rsaPrivateKeyPem(bits) to `path`. False when generating or writing fails.
inline bool writeRsaPrivateKey(const QString& path, int bits)
{
    const std::string pem = rsaPrivateKeyPem(bits);
    QFile f(path);
    return !pem.empty() && f.open(QIODevice::WriteOnly)
        && f.write(pem.data(), qint64(pem.size())) == qint64(pem.size());
}

} // namespace iax::test
