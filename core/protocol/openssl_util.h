#pragma once
// Owning pointers for OpenSSL objects and the text of OpenSSL's last error, for the files of
// core/protocol that call OpenSSL (auth.cpp, rsa_keygen.cpp). Any thread.
#include <openssl/bio.h>
#include <openssl/evp.h>

#include <memory>
#include <string>

namespace iax::core {

struct BioDeleter {
    void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

struct MdCtxDeleter {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

struct PkeyDeleter {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

struct PkeyCtxDeleter {
    void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter>;

/// The oldest error on this thread's OpenSSL error queue as text ("unknown OpenSSL error" when
/// the queue is empty); clears the queue.
std::string opensslError();

} // namespace iax::core
