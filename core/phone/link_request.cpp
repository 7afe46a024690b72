#include "core/phone/link_request.h"

#include "core/phone/iax_uri.h"

#include <QCoreApplication>

namespace iax::phone {

namespace {
QString tr(const char* text)
{
    // The context lupdate gives a namespace-level tr("…") here (tst_translations checks it).
    return QCoreApplication::translate("iax::phone", text);
}
} // namespace

std::optional<LinkRequest> resolveLink(const QString& text, const Settings& settings, QString* error)
{
    const auto fail = [&](const QString& why) -> std::optional<LinkRequest> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    QString parseError;
    const auto uri = parseIaxUri(text.trimmed(), &parseError);
    if (!uri)
        return fail(tr("Cannot open %1: %2").arg(text, parseError));
    for (const auto& a : settings.accounts) {
        if (a.host.compare(uri->host, Qt::CaseInsensitive) == 0 && a.port == uri->port
            && (uri->user.isEmpty() || uri->user == a.username)) {
            LinkRequest r;
            r.uri = text.trimmed();
            r.accountId = a.id;
            r.accountName = a.name;
            r.number = uri->extension.isEmpty() ? QStringLiteral("s") : uri->extension;
            r.encryption = a.encryption;
            return r;
        }
    }
    return fail(tr("No account for %1:%2. Add one in Settings to call %3.").arg(uri->host).arg(uri->port).arg(text));
}

QString linkConfirmationText(const LinkRequest& r)
{
    QString encryption;
    switch (r.encryption) {
    case EncryptionPolicy::Required:
        encryption = tr("The call will be encrypted (required: it fails rather than go unencrypted).");
        break;
    case EncryptionPolicy::Opportunistic:
        encryption = tr("The call will be encrypted only if the server agrees; otherwise it is NOT encrypted.");
        break;
    case EncryptionPolicy::Off:
        encryption = tr("The call will NOT be encrypted (encryption is off for this account).");
        break;
    }
    return tr("A link asks to call %1 with the account \"%2\".\n\n%3\n\nCall now?")
        .arg(r.number, r.accountName, encryption);
}

} // namespace iax::phone
