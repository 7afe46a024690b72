#pragma once
// The per-call recording control of the call panel: a compact "Record" toggle (a red dot; off by
// default) and a red "REC" mark shown beside the peer's name while the call is being recorded.
// Starting asks the PhoneController to record the shown call to a new WAV file in the recordings
// folder (phone::recordingPath); the mark and the toggle follow the call's snapshot
// (CallSnapshot::recordingFile), not the click. GUI thread.
#include "ui/phone_names.h"

#include <QList>
#include <QToolButton>

class QLabel;

namespace iax::phone {
class PhoneController;
}

namespace iax::ui {

class CallListModel;

class CallRecordControl : public QToolButton {
    Q_OBJECT
public:
    /// The toggle; its REC mark is made as a child of `markParent` (the caller lays it out).
    CallRecordControl(PhoneController* controller, QWidget* markParent, QWidget* parent = nullptr);

    /// Follows call `callId` of `model` (-1 = none: hidden).
    void setCall(const CallListModel* model, int callId);
    /// Where new recordings go ("" = phone::defaultRecordingsFolder()), as Ogg Opus with `opus`
    /// (else WAV).
    void setRecordingsFolder(const QString& folder, bool opus = false)
    {
        m_folder = folder;
        m_opus = opus;
    }
    /// The "REC" mark (hidden while not recording).
    QLabel* mark() const { return m_mark; }
    /// True while the "REC" mark shows (the call is answered and being recorded).
    bool recordingShown() const;

private:
    void refresh();
    void toggle(bool on);

    PhoneController* m_controller;
    const CallListModel* m_model = nullptr;
    int m_callId = -1;
    QString m_folder;
    bool m_opus = false;
    QLabel* m_mark;
    QList<QMetaObject::Connection> m_connections;
};

} // namespace iax::ui
