#pragma once
// The call features of the selected call (issue 18), under the CallPanel's buttons: blind
// Transfer…, attended transfer (Consult… then Complete transfer / Cancel, by the rule of
// phone::AttendedTransfer), its progress (requested / done / failed), the notice of an
// auto-answered call, and the Chat toggle with the call's CallChatPane. Reads the call from the
// CallListModel; sends commands to the PhoneController. GUI thread.
#include "core/phone/attended_transfer.h"
#include "ui/phone_names.h"

#include <QInputDialog>
#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;

namespace iax::phone {
class PhoneController;
}

namespace iax::ui {

class CallChatPane;
class CallListModel;

class CallFeaturesBar : public QWidget {
    Q_OBJECT
public:
    /// Neither is owned; both must outlive the bar.
    CallFeaturesBar(PhoneController* controller, const CallListModel* model, QWidget* parent = nullptr);

    /// Shows call `callId` (-1 = none).
    void setCall(int callId);
    /// The transfer line shown now ("" = hidden): progress of a blind transfer or the consultation.
    QString transferText() const;
    /// The auto-answer notice shown now ("" = hidden).
    QString noticeText() const;
    /// The attended transfer in progress (stage Idle when none).
    const AttendedTransfer& attended() const { return m_attended; }
    /// The open "transfer to which extension?" dialog (nullptr when none).
    QInputDialog* extensionDialog() const { return m_dialog; }
    CallChatPane* chat() const { return m_chat; }

private:
    /// Asks for the extension (blind: `consult` false), then transfers or starts consulting.
    void askExtension(bool consult);
    void startConsult(int first, const QString& number);
    void run(const AttendedTransfer::Steps& steps);
    void refresh();

    PhoneController* m_controller;
    const CallListModel* m_model;
    int m_callId = -1;
    AttendedTransfer m_attended;
    QPushButton* m_transfer;
    QPushButton* m_consult;
    QPushButton* m_complete;
    QPushButton* m_cancel;
    QPushButton* m_chatButton;
    QLabel* m_progress;
    QLabel* m_notice;
    CallChatPane* m_chat;
    QPointer<QInputDialog> m_dialog;
    QString m_refusal; ///< why the last consult/complete was refused (shown until the next action)
};

} // namespace iax::ui
