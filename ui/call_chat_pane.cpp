#include "ui/call_chat_pane.h"

#include "core/phone/phone_controller.h"
#include "core/protocol/terminal_text.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace iax::ui {

CallChatPane::CallChatPane(PhoneController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
{
    setObjectName(QStringLiteral("callChat"));
    m_log = new QPlainTextEdit(this);
    m_log->setObjectName(QStringLiteral("chatLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(kMaxMessages);
    m_log->setFixedHeight(90);
    m_log->setAccessibleName(tr("Messages of this call"));
    m_input = new QLineEdit(this);
    m_input->setObjectName(QStringLiteral("chatInput"));
    m_input->setPlaceholderText(tr("Message"));
    m_input->setAccessibleName(tr("Message to send"));
    m_input->setMaxLength(255); // one TEXT frame
    m_send = new QPushButton(tr("Send"), this);
    m_send->setObjectName(QStringLiteral("chatSend"));
    auto* line = new QHBoxLayout;
    line->addWidget(m_input, 1);
    line->addWidget(m_send);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_log);
    layout->addLayout(line);
    connect(m_send, &QPushButton::clicked, this, &CallChatPane::send);
    connect(m_input, &QLineEdit::returnPressed, this, &CallChatPane::send);
    connect(m_controller, &PhoneController::textMessage, this, &CallChatPane::onMessage);
    connect(m_controller, &PhoneController::callRemoved, this, [this](int id) {
        if (id != m_callId)
            m_transcripts.remove(id);
    });
}

void CallChatPane::setCall(int callId)
{
    if (callId == m_callId)
        return;
    m_callId = callId;
    m_log->setPlainText(m_transcripts.value(callId).join(QLatin1Char('\n')));
    m_input->clear();
}

bool CallChatPane::hasMessages() const
{
    return !m_transcripts.value(m_callId).isEmpty();
}

QString CallChatPane::transcript() const
{
    return m_transcripts.value(m_callId).join(QLatin1Char('\n'));
}

void CallChatPane::focusInput()
{
    m_input->setFocus();
}

void CallChatPane::onMessage(int callId, bool outgoing, const QString& text)
{
    const QString safe = QString::fromStdString(core::escapeLinesForTerminal(text.toStdString())); // no disguised text
    const QString line = (outgoing ? tr("Me: %1") : tr("Them: %1")).arg(safe);
    QStringList& t = m_transcripts[callId];
    t << line;
    if (t.size() > kMaxMessages)
        t.removeFirst();
    if (callId != m_callId)
        return;
    m_log->appendPlainText(line);
    if (!outgoing)
        Q_EMIT messageShown();
}

void CallChatPane::send()
{
    const QString text = m_input->text();
    if (text.trimmed().isEmpty() || m_callId < 0)
        return;
    m_controller->sendText(m_callId, text);
    m_input->clear(); // shown once sent (textMessage), or the refusal in the status bar
}

} // namespace iax::ui
