#include "ui/e2e_details_section.h"

namespace iax::ui {

QStringList E2eDetailsSection::protects()
{
    return {
        tr("Integrity: every frame after the handshake is authenticated (AES-128-GCM); an altered, replayed "
           "or forged frame is dropped and counted, never played."),
        tr("Forward secrecy: the keys come from a fresh exchange (X25519) for this call and step every few "
           "minutes; a recording cannot be decrypted later, not even with the shared secret."),
        tr("The four words: both phones show the same words unless someone sits in the middle. Read them to "
           "each other; if they differ, hang up."),
    };
}

QStringList E2eDetailsSection::stillShows()
{
    return {
        tr("Call numbers (source and destination call ids) in every frame."),
        tr("Frame sizes and timing: when and how much each side talks."),
        tr("IP addresses and ports of both phones."),
        tr("The start of the call (NEW: the number dialled, the caller ID) and the challenge, as with AES-128."),
    };
}

QString E2eDetailsSection::html(const phone::EncryptionDetails& d)
{
    if (d.mode != QLatin1String("e2e"))
        return {};
    QString h = QStringLiteral("<p><b>%1</b></p>").arg(tr("End-to-end encryption").toHtmlEscaped());
    if (!d.sas.isEmpty())
        h += QStringLiteral("<p>%1 <b style='font-size:large'>%2</b></p>")
                 .arg(tr("Words to compare:").toHtmlEscaped(), d.sas.toHtmlEscaped());
    if (!d.peerIdentity.isEmpty())
        h += QStringLiteral("<p>%1 <code>%2</code></p>")
                 .arg(tr("Their identity key:").toHtmlEscaped(), d.peerIdentity.toHtmlEscaped());
    auto list = [&h](const QString& title, const QStringList& items) {
        h += QStringLiteral("<p>%1</p><ul>").arg(title.toHtmlEscaped());
        for (const auto& s : items)
            h += QStringLiteral("<li>%1</li>").arg(s.toHtmlEscaped());
        h += QStringLiteral("</ul>");
    };
    list(tr("It protects:"), protects());
    list(tr("It does not hide:"), stillShows());
    return h;
}

QString E2eDetailsSection::plain(const phone::EncryptionDetails& d)
{
    if (d.mode != QLatin1String("e2e"))
        return {};
    QString p = tr("End-to-end encryption") + QLatin1Char('\n');
    if (!d.sas.isEmpty())
        p += tr("Words to compare:") + QLatin1Char(' ') + d.sas + QLatin1Char('\n');
    if (!d.peerIdentity.isEmpty())
        p += tr("Their identity key:") + QLatin1Char(' ') + d.peerIdentity + QLatin1Char('\n');
    p += tr("It protects:") + QLatin1Char('\n');
    for (const auto& s : protects())
        p += QStringLiteral("- ") + s + QLatin1Char('\n');
    p += tr("It does not hide:") + QLatin1Char('\n');
    for (const auto& s : stillShows())
        p += QStringLiteral("- ") + s + QLatin1Char('\n');
    return p;
}

} // namespace iax::ui
