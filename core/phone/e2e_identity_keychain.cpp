// The user's Ed25519 identity in the keychain (see e2e_identity_keychain.h).
#include "core/phone/e2e_identity_keychain.h"

#include "core/keys/identity_key.h"

#include <QCoreApplication>

namespace iax::phone {

namespace {
// The translation context of this file's messages.
class IdentityText {
    Q_DECLARE_TR_FUNCTIONS(iax::phone::IdentityText)
};
} // namespace

std::shared_ptr<const core::Ed25519Identity> loadOrCreateIdentity(SecretStore& secrets, QString* error)
{
    QString why;
    if (auto stored = secrets.read(identitySecretKey(), &why)) {
        auto id = core::identityFromText(*stored);
        stored->fill(QLatin1Char('0')); // the copy of the seed's text
        if (!id) {
            if (error)
                *error = IdentityText::tr("The identity key in the keychain is damaged; end-to-end calls go on "
                                          "without an identity.");
            return nullptr;
        }
        return std::make_shared<const core::Ed25519Identity>(std::move(id).value());
    }
    if (!why.isEmpty()) {
        if (error)
            *error = IdentityText::tr("The identity key cannot be read from the keychain: %1").arg(why);
        return nullptr;
    }
    auto id = core::generateIdentity();
    if (!id) {
        if (error)
            *error = QString::fromStdString(id.error().reason);
        return nullptr;
    }
    QString text = core::identityToText(*id);
    const bool written = secrets.write(identitySecretKey(), text, &why);
    text.fill(QLatin1Char('0'));
    if (!written) {
        if (error)
            *error = IdentityText::tr("The new identity key cannot be stored in the keychain: %1").arg(why);
        return nullptr;
    }
    return std::make_shared<const core::Ed25519Identity>(std::move(id).value());
}

QString identityFingerprintText(const std::shared_ptr<const core::Ed25519Identity>& identity)
{
    return identity ? QString::fromStdString(core::identityFingerprint(identity->pub)) : QString();
}

} // namespace iax::phone
