#include "ui/account_calls_box.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QSpinBox>

namespace iax::ui {

AccountCallsBox::AccountCallsBox(QWidget* parent)
    : QGroupBox(tr("Incoming calls and voicemail"), parent)
{
    setObjectName(QStringLiteral("accountCallsBox"));
    m_dnd = new QCheckBox(tr("Do not disturb (refuse incoming calls as busy)"), this);
    m_dnd->setObjectName(QStringLiteral("doNotDisturb"));
    m_autoAnswerFromPbx = new QCheckBox(tr("Honour the PBX's auto-answer request (intercom, paging)"), this);
    m_autoAnswerFromPbx->setObjectName(QStringLiteral("autoAnswerFromPbx"));
    m_autoAnswerFromPbx->setToolTip(tr("Answers at once when the server this account is registered to asks for it "
                                       "(Asterisk: Dial(IAX2/peer/exten/a)). Requests from anyone else are ignored."));
    m_autoAnswerAfter = new QSpinBox(this);
    m_autoAnswerAfter->setObjectName(QStringLiteral("autoAnswerAfter"));
    m_autoAnswerAfter->setRange(0, 600);
    m_autoAnswerAfter->setSuffix(tr(" s"));
    m_autoAnswerAfter->setSpecialValueText(tr("never"));
    m_autoAnswerAfter->setToolTip(tr("Answers a ringing call by itself after this many seconds (never: 0)."));
    m_voicemail = new QLineEdit(this);
    m_voicemail->setObjectName(QStringLiteral("voicemailExtension"));
    m_voicemail->setPlaceholderText(tr("e.g. *97 (empty: no Voicemail button)"));
    auto* form = new QFormLayout(this);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->addRow(QString(), m_dnd);
    form->addRow(QString(), m_autoAnswerFromPbx);
    form->addRow(tr("Auto-answer after:"), m_autoAnswerAfter);
    form->addRow(tr("Voicemail extension:"), m_voicemail);
}

void AccountCallsBox::load(const AccountSettings& a)
{
    m_dnd->setChecked(a.doNotDisturb);
    m_autoAnswerFromPbx->setChecked(a.autoAnswerFromPbx);
    m_autoAnswerAfter->setValue(a.autoAnswerAfterSeconds);
    m_voicemail->setText(a.voicemailExtension);
}

void AccountCallsBox::save(AccountSettings& a) const
{
    a.doNotDisturb = m_dnd->isChecked();
    a.autoAnswerFromPbx = m_autoAnswerFromPbx->isChecked();
    a.autoAnswerAfterSeconds = m_autoAnswerAfter->value();
    a.voicemailExtension = m_voicemail->text().trimmed();
}

} // namespace iax::ui
