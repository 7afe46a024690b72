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
        QStringList parts;
        parts << (d.cipher.isEmpty() ? QStringLiteral("AES-128") : d.cipher);
        if (!d.auth.isEmpty())
            parts << shortAuth(d.auth);
        look.text = tr("Encrypted (%1)").arg(parts.join(QStringLiteral(", ")));
        look.iconName = QStringLiteral("padlock-closed");
        look.color = QColor(0x2e, 0x9d, 0x57);
        look.toolTip = tr("Both directions are encrypted and proven. Click for details.");
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
