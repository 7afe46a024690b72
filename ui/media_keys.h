#pragma once
// Headset and keyboard media keys (issue 19) through MPRIS on Linux: the window registers
// org.mpris.MediaPlayer2.iaxphone on the session bus, so the desktop (and headsets whose buttons
// send Play/Pause) reach the phone as they reach a music player. PlayPause answers a ringing
// incoming call, else hangs up the answered one; Stop hangs up the answered call. Both act as
// the call panel's buttons would (the call is selected, its Answer/Hang up button clicked).
// PlaybackStatus changes are announced (PropertiesChanged), as MPRIS asks of a player.
// GUI thread only. Without a session bus (or with the name taken) the phone runs as before and
// says so at debug level (logging category "iaxphone.mediakeys").
#include <QObject>
#include <QString>

namespace iax::ui {

class MainWindow;

class MediaKeys : public QObject {
    Q_OBJECT
public:
    /// The bus name this registers.
    static QString serviceName();

    /// Media keys for `window` (which outlives this); nothing is registered before start().
    explicit MediaKeys(MainWindow* window);
    ~MediaKeys() override;

    /// Registers the MPRIS service and object on the session bus. False (logged at debug
    /// level) when there is no session bus or another process holds the name.
    bool start();
    /// The Play/Pause key: answers the ringing incoming call, else hangs up the answered call.
    /// False when there is no such call (nothing happens).
    bool playPause();
    /// The Stop key: hangs up the answered call; false when there is none.
    bool stop();
    /// MPRIS PlaybackStatus: "Playing" while a call rings or is answered (so the desktop sends
    /// the keys here rather than to a paused music player), else "Stopped".
    QString playbackStatus() const;
    /// Raises the window (MPRIS Raise).
    void raiseWindow();

private:
    /// Sends org.freedesktop.DBus.Properties.PropertiesChanged for the Player's PlaybackStatus
    /// when it differs from the last one sent (the desktop routes the keys by it).
    void announcePlaybackStatus();

    QString m_lastStatus;
    MainWindow* m_window;
    bool m_registered = false;
};

} // namespace iax::ui
