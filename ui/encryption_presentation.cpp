#include "ui/encryption_presentation.h"

namespace iax::ui {

QString EncryptionPresentation::shortAuth(const QString& auth)
{
    const QString a = auth.trimmed().toLower();
    if (a.startsWith(QLatin1String("md5")))
        return a == QLatin1String("md5") ? QStringLiteral("MD5") : tr("MD5, RSA unavailable");
    if (a.startsWith(QLatin1String("rsa")))
        return QStringLiteral("RSA");
    return auth.trimmed().toUpper();
}

QString EncryptionPresentation::e2eDowngradeWarning()
{
    return tr("Warning: calls with this peer were end-to-end encrypted before; this one is not (only "
              "AES-128 to the next hop). Someone may have removed the end-to-end offer.");
}

QString EncryptionPresentation::e2eIdentityChangedWarning()
{
    return tr("Warning: identity changed. This peer signs with another identity key than the one you confirmed "
              "before. Compare the words: if they differ, someone is in the middle.");
}

EncryptionLook EncryptionPresentation::lookFor(EncryptionState state, const EncryptionDetails& d)
{
    EncryptionLook look;
    switch (state) {
    case EncryptionState::Off:
        look.text = tr("Not encrypted");
        look.iconName = QStringLiteral("padlock-open");
        look.color = QColor(0xd6, 0x45, 0x41);
        look.toolTip = d.downgradeWarning.isEmpty()
            ? tr("This call is not encrypted: voice and digits can be read on the network.")
            : d.downgradeWarning;
        break;
    case EncryptionState::Negotiating:
        look.text = tr("Negotiating");
        look.iconName = QStringLiteral("spinner");
        look.color = QColor(0x2f, 0x6f, 0xdf);
        look.toolTip = tr("Encryption is being set up; it is not proven in both directions yet.");
        break;
    case EncryptionState::Encrypted: {
        if (d.mode == QLatin1String("e2e")) { // above hop-by-hop AES-128 (docs/E2E.md)
            look.text = d.e2eTrust == phone::E2eTrustStatus::Verified ? tr("End-to-end, verified")
                                                                      : tr("End-to-end encrypted");
            look.iconName = QStringLiteral("padlock-closed");
            look.color = QColor(0x1b, 0x7a, 0x3e);
            look.toolTip = d.sas.isEmpty()
                ? tr("Encrypted end to end with forward secrecy. Click for details.")
                : tr("Encrypted end to end with forward secrecy. Read the words \u201c%1\u201d to the other "
                     "person: if theirs differ, someone is in the middle. Click for details.")
                      .arg(d.sas);
            if (d.e2eTrust == phone::E2eTrustStatus::IdentityChanged) { // issue 20: red, the pin differs
                look.text = tr("End-to-end, identity changed");
                look.color = QColor(0xc6, 0x28, 0x28);
                look.toolTip = e2eIdentityChangedWarning();
            }
            break;
        }
        QStringList parts;
        parts << (d.cipher.isEmpty() ? QStringLiteral("AES-128") : d.cipher);
        if (!d.auth.isEmpty())
            parts << shortAuth(d.auth);
        look.text = tr("Encrypted (%1)").arg(parts.join(QStringLiteral(", ")));
        look.iconName = QStringLiteral("padlock-closed");
        look.color = QColor(0x2e, 0x9d, 0x57);
        look.toolTip = tr("Both directions are encrypted and proven. Click for details.");
        if (d.e2eTrust == phone::E2eTrustStatus::Downgrade) { // issue 20: red, not green
            look.color = QColor(0xc6, 0x28, 0x28);
            look.toolTip = e2eDowngradeWarning();
        }
        break;
    }
    case EncryptionState::Failed:
        look.text = tr("Encryption failed");
        look.iconName = QStringLiteral("padlock-broken");
        look.color = QColor(0x9b, 0x2c, 0x2c);
        look.toolTip = d.failureReason.isEmpty() ? tr("Encryption failed.") : d.failureReason;
        break;
    }
    look.iconPath = QStringLiteral(":/icons/%1.svg").arg(look.iconName);
    return look;
}

} // namespace iax::ui
