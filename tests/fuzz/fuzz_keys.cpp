// libFuzzer target: the key-management parsers that read untrusted text: PEM public and private
// keys (key-server bodies, pasted keys), the pin database pins.json, key-server URL templates and
// key names (names come from callers' USERNAME IEs). Byte 0 selects the parser, the rest is its input.
// Invariant: nothing crashes; a key that parses has a sane size; accepted names are file-safe.
#include "fuzz_common.h"

#include "core/keys/key_server_client.h"
#include "core/keys/public_key_store.h"
#include "core/protocol/auth.h"

#include <QFile>
#include <QTemporaryDir>

#include <cstdlib>
#include <string_view>

namespace iax::fuzz {

int keys(const std::uint8_t* data, std::size_t size)
{
    using namespace iax::core;
    ByteReader in(data, size);
    const std::uint8_t which = in.u8() % 4;
    const auto rest = in.rest();
    const std::string_view text(reinterpret_cast<const char*>(rest.data()), rest.size());
    const QByteArray bytes(text.data(), qsizetype(text.size()));

    switch (which) {
    case 0:
        (void)RsaKey::publicFromPem(text);
        break;
    case 1:
        (void)RsaKey::privateFromPem(text, "fuzz-passphrase");
        break;
    case 2: {
        static QTemporaryDir dir;
        if (!dir.isValid())
            std::abort();
        QFile f(dir.filePath(QStringLiteral("pins.json")));
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
            std::abort();
        f.close();
        PublicKeyStore store(dir.path());
        for (const auto& info : store.list())
            (void)store.pin(info.name);
        (void)store.pin(QStringLiteral("alice"));
        (void)store.load(QStringLiteral("alice"));
        break;
    }
    default: {
        const QString s = QString::fromUtf8(bytes);
        (void)KeyServerClient::validateTemplate(s, true);
        (void)KeyServerClient::validateTemplate(s, false);
        if (PublicKeyStore::isValidName(s)) {
            IAX_FUZZ_CHECK(!s.contains(QLatin1Char('/')) && !s.startsWith(QLatin1Char('.')) && s.size() <= 64,
                "a key name that is not file-safe was accepted");
        }
        break;
    }
    }
    return 0;
}

} // namespace iax::fuzz

IAX_FUZZ_TARGET(keys)
