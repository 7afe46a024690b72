#pragma once
// A small per-call chat (issue 18): the TEXT frames of the shown call, sent and received, and a
// line to send one. Received text is shown as plain text only (a QPlainTextEdit never renders
// rich text), with the characters a peer could use to disguise it (controls, bidirectional
// overrides) written as visible escapes by core::escapeLinesForTerminal. Keeps every call's
// transcript while the window runs. GUI thread.
#include "ui/phone_names.h"

#include <QHash>
#include <QStringList>
#include <QWidget>

class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace iax::phone {
class PhoneController;
}

namespace iax::ui {

class CallChatPane : public QWidget {
    Q_OBJECT
public:
    /// Follows `controller`'s textMessage and sends through it (not owned; must outlive the pane).
    explicit CallChatPane(PhoneController* controller, QWidget* parent = nullptr);

    /// Shows the transcript of call `callId` (-1 = none).
    void setCall(int callId);
    /// True when the shown call has messages.
    bool hasMessages() const;
    /// The shown call's transcript, one message a line ("Me: …", "Them: …").
    QString transcript() const;
    /// Puts the keyboard focus on the message line.
    void focusInput();
    QLineEdit* input() const { return m_input; }
    QPushButton* sendButton() const { return m_send; }
    QPlainTextEdit* log() const { return m_log; }

    /// Messages kept per call (the oldest go first).
    static constexpr int kMaxMessages = 500;

Q_SIGNALS:
    /// A received message of the shown call was added (the bar opens the pane).
    void messageShown();

private:
    void onMessage(int callId, bool outgoing, const QString& text);
    void send();

    PhoneController* m_controller;
    int m_callId = -1;
    QHash<int, QStringList> m_transcripts;
    QPlainTextEdit* m_log;
    QLineEdit* m_input;
    QPushButton* m_send;
};

} // namespace iax::ui
