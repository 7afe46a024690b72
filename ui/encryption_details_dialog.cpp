#include "ui/encryption_details_dialog.h"

#include "ui/e2e_details_section.h"
#include "ui/encryption_presentation.h"
#include "ui/icons.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace iax::ui {

EncryptionDetailsDialog::EncryptionDetailsDialog(
    EncryptionState state, const EncryptionDetails& details, const QString& number, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Call encryption"));
    setObjectName(QStringLiteral("encryptionDetailsDialog"));
    auto* layout = new QVBoxLayout(this);
    m_body = new QLabel(this);
    m_body->setTextFormat(Qt::RichText);
    m_body->setWordWrap(true);
    m_body->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_body->setMinimumWidth(420);
    layout->addWidget(m_body);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    setValues(state, details, number);
}

QStringList EncryptionDetailsDialog::notHidden(const EncryptionDetails& d, const QString& number, EncryptionState state)
{
    QStringList out;
    if (state != EncryptionState::Encrypted)
        out << tr("Nothing of this call is protected by encryption right now.");
    if (d.secureDialUsed)
        out << tr("Only the secure dial extension travelled in clear in NEW; the destination number "
                  "was sent as encrypted DTMF.");
    else
        out << tr("The number you dialled (%1) travels in clear in the NEW frame that starts the call, "
                  "unless secure dial is used.")
                   .arg(number.isEmpty() ? tr("unknown") : number);
    out << tr("Call numbers (source/destination call ids) stay in clear in every frame.");
    out << tr("Packet sizes and timing are visible: an observer sees when and how much you talk.");
    out << tr("Your and the server's IP addresses and ports are visible.");
    return out;
}

QList<EncryptionDetailsDialog::Row> EncryptionDetailsDialog::rows(
    const EncryptionLook& look, const EncryptionDetails& d)
{
    const QString dash = QStringLiteral("—");
    QList<Row> rows {
        { tr("State"), look.text, tr("What the padlock says: encrypted only once both directions are proven.") },
        { tr("Cipher"), d.cipher.isEmpty() ? dash : d.cipher, tr("The cipher of the voice and signalling frames.") },
        { tr("Authentication"), d.auth.isEmpty() ? dash : d.auth, tr("How the call was authenticated.") },
        { tr("Peer authenticated"), d.authDetails.isEmpty() ? dash : d.authDetails,
            tr("How the other side proved who it is.") },
        // "Key rotation" is what we start; the key changes count both sides, so a peer that rotates
        // while we do not is "off" beside "0 / 1" without a contradiction.
        { tr("Key rotation started by us"), d.keyRotation ? tr("on") : tr("off"),
            d.keyRotation ? tr("We change the key we send with every few minutes.")
                          : tr("We do not start key changes (turned off, or the peer has not shown that it "
                               "supports them). The peer may still change its own key.") },
        { tr("Key changes by us / by the peer"), tr("%1 / %2").arg(d.rekeysSent).arg(d.rekeysReceived),
            tr("How often each side replaced the key it sends with (RTKEY) during this call.") },
        { tr("Frames encrypted / decrypted"), tr("%1 / %2").arg(d.framesEncrypted).arg(d.framesDecrypted),
            tr("Frames of this call we encrypted and sent / received and decrypted so far.") },
        { tr("Decrypt failures"), QString::number(d.decryptFailures),
            tr("Frames from the peer that did not decrypt and were dropped.") },
        { tr("Destination sent by secure dial"), d.secureDialUsed ? tr("yes") : tr("no"),
            tr("Whether the number you dialled went as encrypted digits after the call was set up.") },
    };
    if (!d.downgradeWarning.isEmpty())
        rows.append({ tr("Warning"), d.downgradeWarning, {} });
    if (!d.failureReason.isEmpty())
        rows.append({ tr("Failure"), d.failureReason, {} });
    return rows;
}

void EncryptionDetailsDialog::setValues(EncryptionState state, const EncryptionDetails& d, const QString& number)
{
    const EncryptionLook look = EncryptionPresentation::lookFor(state, d);
    QString html = QStringLiteral("<p style='font-size:large'><b style='color:%1'>%2</b></p><table cellspacing='4'>")
                       .arg(look.color.name(), look.text.toHtmlEscaped());
    m_plain.clear();
    for (const Row& r : rows(look, d)) {
        html += QStringLiteral("<tr><td style='color:#555'>%1</td><td><b>%2</b></td></tr>")
                    .arg(r.label.toHtmlEscaped(), r.value.toHtmlEscaped());
        m_plain += r.label + QStringLiteral(": ") + r.value + QLatin1Char('\n');
        if (!r.meaning.isEmpty()) {
            html += QStringLiteral("<tr><td></td><td style='color:#6b7280; font-size:small'>%1</td></tr>")
                        .arg(r.meaning.toHtmlEscaped());
            m_plain += QStringLiteral("  ") + r.meaning + QLatin1Char('\n');
        }
    }
    html += QStringLiteral("</table><p style='color:#6b7280; font-size:small'>%1</p>")
                .arg(tr("The counters are refreshed every second while the call lasts.").toHtmlEscaped());
    html += QStringLiteral("<p><b>%1</b></p><ul>").arg(tr("What encryption does not hide").toHtmlEscaped());
    m_plain += tr("What encryption does not hide") + QLatin1Char('\n');
    for (const auto& s : notHidden(d, number, state)) {
        html += QStringLiteral("<li>%1</li>").arg(s.toHtmlEscaped());
        m_plain += QStringLiteral("- ") + s + QLatin1Char('\n');
    }
    html += QStringLiteral("</ul>");
    html += E2eDetailsSection::html(d); // issue 20: end-to-end mode
    m_plain += E2eDetailsSection::plain(d);
    m_body->setText(html);
}

QString EncryptionDetailsDialog::plainText() const
{
    return m_plain;
}

} // namespace iax::ui
