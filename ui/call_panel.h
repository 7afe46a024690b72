#pragma once
// The selected call: who, state, the encryption indicator, the warning/refusal banner, secure
// dial progress, its key note, and the per-call buttons (answer, reject, hang up, hold, mute, DTMF
// keypad, device switch). Reads everything of the call from the CallListModel; sends commands to
// the PhoneController. GUI thread.
#include "core/phone/call_snapshot.h"
#include "ui/phone_names.h"
#include <QWidget>

class QLabel;
class QPushButton;
class QToolButton;

namespace iax::phone {
class PhoneController;
}

namespace iax::ui {

class AudioDeviceProvider;
class CallFeaturesBar;
class CallListModel;
class CallQualityIndicator;
class CallRecordControl;
class DtmfPopup;
class EncryptionIndicator;

class CallPanel : public QWidget {
    Q_OBJECT
public:
    /// `devices` may be nullptr (no device menu).
    CallPanel(PhoneController* controller, const CallListModel* model, AudioDeviceProvider* devices,
        QWidget* parent = nullptr);

    /// Shows call `callId` (-1 = none).
    void setCall(int callId);
    int callId() const { return m_callId; }
    /// Sends `digit` as DTMF to the shown call when it is answered (the controller plays the
    /// feedback tone); false, and nothing sent, otherwise. The main dial pad offers its keys here.
    bool sendDigit(QChar digit);
    /// The key note shown now ("" = none).
    QString keyNoteText() const;
    /// The devices the device menu marks as current.
    void setCurrentDevices(const QString& inputId, const QString& outputId);
    EncryptionIndicator* indicator() const { return m_indicator; }
    /// The quality icon of the shown call.
    CallQualityIndicator* qualityIndicator() const { return m_quality; }
    /// The Record toggle of the shown call (its REC mark sits beside the peer's name).
    CallRecordControl* recordControl() const { return m_record; }
    /// Transfer, consult, chat and the auto-answer notice of the shown call (issue 18).
    CallFeaturesBar* features() const { return m_features; }
    /// The banner text shown now ("" = hidden).
    QString bannerText() const;
    /// The end-to-end SAS lines shown now ("Compare these words …:\nw1 w2 w3 w4", or the red
    /// downgrade warning; "" = hidden).
    QString sasText() const;
    /// The technical detail shown under the banner after "Details" ("" = hidden).
    QString detailText() const;

Q_SIGNALS:
    /// The user chose to answer or reject incoming call `callId` (emitted before the command is
    /// sent): the ringtone stops at once.
    void incomingHandled(int callId);
    /// The user dismissed failed call `callId` (its row may go).
    void dismissRequested(int callId);
    /// The user pressed "Confirm words" for end-to-end call `callId` (E2eTrustKeeper stores it).
    void wordsConfirmed(int callId);
    /// What the panel shows changed (its height for a width may have too).
    void contentChanged();

private:
    void refresh();
    void buildDeviceMenu();
    /// The SAS line and "Confirm words" (or the red downgrade warning) of the shown call.
    void refreshWords(EncryptionState enc, CallState state);

    PhoneController* m_controller;
    const CallListModel* m_model;
    AudioDeviceProvider* m_devices;
    int m_callId = -1;
    QString m_inputId, m_outputId;
    QWidget* m_empty;
    QWidget* m_content;
    QLabel* m_peer;
    QLabel* m_state;
    EncryptionIndicator* m_indicator;
    CallQualityIndicator* m_quality;
    CallRecordControl* m_record;
    QLabel* m_banner;
    QLabel* m_sas; // the SAS words of an end-to-end call, or the downgrade warning
    QPushButton* m_confirmWords;
    QToolButton* m_detailsButton;
    QLabel* m_detail;
    QLabel* m_secureIcon;
    QLabel* m_secure;
    QLabel* m_keyNote;
    QPushButton* m_answer;
    QPushButton* m_reject;
    QPushButton* m_hangup;
    QPushButton* m_hold;
    QPushButton* m_mute;
    QPushButton* m_keypad;
    QPushButton* m_dismiss;
    int m_hangingUp = -1; ///< the call whose Hang up was clicked (its buttons go at once)
    QToolButton* m_deviceButton;
    DtmfPopup* m_dtmf; ///< the in-call keypad (Keypad button)
    CallFeaturesBar* m_features;
};

} // namespace iax::ui
