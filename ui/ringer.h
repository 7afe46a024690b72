#pragma once
// Hook through which the UI asks the audio layer to ring. The audio layer implements it; the UI
// only says when to start and stop. Called on the GUI thread; must not block.
#include <QString>
#include <QStringList>

namespace iax::ui {

class Ringer {
public:
    virtual ~Ringer() = default;
    /// Starts ringing for incoming call `callId` with `ringtone` (file path; empty = built-in tone)
    /// on the first of `devices` that is there (a preference list, see ringerPreferences(); empty
    /// or "" = the system default). Failures are the implementation's to log; the UI goes on.
    virtual void startRinging(int callId, const QString& ringtone, const QStringList& devices) = 0;
    /// Stops ringing for `callId` (answered, rejected, gone). Unknown ids are ignored.
    virtual void stopRinging(int callId) = 0;
};

} // namespace iax::ui
