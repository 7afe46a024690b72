#include "ui/media_keys.h"

#include "ui/call_keys.h"
#include "ui/call_list_model.h"
#include "ui/main_window.h"

#include <QDBusAbstractAdaptor>
#include <QDBusConnection>
#include <QDBusError>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QLoggingCategory>
#include <QStringList>
#include <QVariantMap>

namespace iax::ui {

namespace {
Q_LOGGING_CATEGORY(lcMediaKeys, "iaxphone.mediakeys")

const QString kObjectPath = QStringLiteral("/org/mpris/MediaPlayer2");

/// org.mpris.MediaPlayer2: who we are; Raise shows the window. The phone cannot be quit from here.
class MprisRoot : public QDBusAbstractAdaptor {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.mpris.MediaPlayer2")
    Q_PROPERTY(bool CanQuit READ canQuit)
    Q_PROPERTY(bool CanRaise READ canRaise)
    Q_PROPERTY(bool HasTrackList READ hasTrackList)
    Q_PROPERTY(QString Identity READ identity)
    Q_PROPERTY(QString DesktopEntry READ desktopEntry)
    Q_PROPERTY(QStringList SupportedUriSchemes READ supportedUriSchemes)
    Q_PROPERTY(QStringList SupportedMimeTypes READ supportedMimeTypes)
public:
    explicit MprisRoot(MediaKeys* keys)
        : QDBusAbstractAdaptor(keys)
        , m_keys(keys)
    { }
    bool canQuit() const { return false; }
    bool canRaise() const { return true; }
    bool hasTrackList() const { return false; }
    QString identity() const { return QStringLiteral("IAXPhone"); }
    QString desktopEntry() const { return QStringLiteral("iaxphone"); }
    QStringList supportedUriSchemes() const { return {}; }
    QStringList supportedMimeTypes() const { return {}; }

public Q_SLOTS:
    void Raise() { m_keys->raiseWindow(); }
    void Quit() { }

private:
    MediaKeys* m_keys;
};

/// org.mpris.MediaPlayer2.Player: PlayPause/Play/Pause answer or hang up (see media_keys.h),
/// Stop hangs up; seeking and tracks do not apply to a call.
class MprisPlayer : public QDBusAbstractAdaptor {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.mpris.MediaPlayer2.Player")
    Q_PROPERTY(QString PlaybackStatus READ playbackStatus)
    Q_PROPERTY(double Rate READ rate)
    Q_PROPERTY(double MinimumRate READ rate)
    Q_PROPERTY(double MaximumRate READ rate)
    Q_PROPERTY(QVariantMap Metadata READ metadata)
    Q_PROPERTY(double Volume READ volume)
    Q_PROPERTY(qlonglong Position READ position)
    Q_PROPERTY(bool CanGoNext READ no)
    Q_PROPERTY(bool CanGoPrevious READ no)
    Q_PROPERTY(bool CanPlay READ yes)
    Q_PROPERTY(bool CanPause READ yes)
    Q_PROPERTY(bool CanSeek READ no)
    Q_PROPERTY(bool CanControl READ yes)
public:
    explicit MprisPlayer(MediaKeys* keys)
        : QDBusAbstractAdaptor(keys)
        , m_keys(keys)
    { }
    QString playbackStatus() const { return m_keys->playbackStatus(); }
    double rate() const { return 1.0; }
    QVariantMap metadata() const
    {
        return { { QStringLiteral("mpris:trackid"),
            QVariant::fromValue(QDBusObjectPath(QStringLiteral("/org/mpris/MediaPlayer2/TrackList/NoTrack"))) } };
    }
    double volume() const { return 1.0; }
    qlonglong position() const { return 0; }
    bool yes() const { return true; }
    bool no() const { return false; }

public Q_SLOTS:
    void PlayPause() { m_keys->playPause(); }
    void Play() { m_keys->playPause(); }
    void Pause() { m_keys->playPause(); }
    void Stop() { m_keys->stop(); }
    void Next() { }
    void Previous() { }
    void Seek(qlonglong) { }
    void SetPosition(const QDBusObjectPath&, qlonglong) { }
    void OpenUri(const QString&) { }

private:
    MediaKeys* m_keys;
};
} // namespace

QString MediaKeys::serviceName()
{
    return QStringLiteral("org.mpris.MediaPlayer2.iaxphone");
}

MediaKeys::MediaKeys(MainWindow* window)
    : QObject(window)
    , m_window(window)
{
    new MprisRoot(this);
    new MprisPlayer(this);
    m_lastStatus = playbackStatus();
    // Any change of the call list may change PlaybackStatus (a call rings, is answered, ends).
    onCallListChange(*m_window, this, [this] { announcePlaybackStatus(); });
}

MediaKeys::~MediaKeys()
{
    if (!m_registered)
        return;
    QDBusConnection bus = QDBusConnection::sessionBus();
    bus.unregisterObject(kObjectPath);
    bus.unregisterService(serviceName());
}

bool MediaKeys::start()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        qCDebug(lcMediaKeys) << "no D-Bus session bus, so no media keys:" << bus.lastError().message();
        return false;
    }
    if (!bus.registerObject(kObjectPath, this)) {
        qCDebug(lcMediaKeys) << "the MPRIS object cannot be registered:" << bus.lastError().message();
        return false;
    }
    if (!bus.registerService(serviceName())) {
        qCDebug(lcMediaKeys) << "the bus name" << serviceName() << "is taken:" << bus.lastError().message();
        bus.unregisterObject(kObjectPath);
        return false;
    }
    m_registered = true;
    qCDebug(lcMediaKeys) << "media keys through MPRIS as" << serviceName();
    return true;
}

bool MediaKeys::playPause()
{
    const int ringing = findWindowCall(*m_window, phone::CallState::Ringing, int(phone::CallDirection::Incoming));
    if (ringing >= 0)
        return clickCallButton(*m_window, ringing, "answerButton");
    return stop();
}

bool MediaKeys::stop()
{
    return clickCallButton(*m_window, findWindowCall(*m_window, phone::CallState::Answered), "hangupButton");
}

QString MediaKeys::playbackStatus() const
{
    const bool busy = findWindowCall(*m_window, phone::CallState::Ringing, int(phone::CallDirection::Incoming)) >= 0
        || findWindowCall(*m_window, phone::CallState::Answered) >= 0;
    return busy ? QStringLiteral("Playing") : QStringLiteral("Stopped");
}

void MediaKeys::announcePlaybackStatus()
{
    const QString status = playbackStatus();
    if (status == m_lastStatus)
        return;
    m_lastStatus = status;
    if (!m_registered)
        return;
    QDBusMessage changed = QDBusMessage::createSignal(
        kObjectPath, QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("PropertiesChanged"));
    changed << QStringLiteral("org.mpris.MediaPlayer2.Player")
            << QVariantMap { { QStringLiteral("PlaybackStatus"), status } } << QStringList();
    if (!QDBusConnection::sessionBus().send(changed))
        qCDebug(lcMediaKeys) << "PropertiesChanged not sent:" << QDBusConnection::sessionBus().lastError().message();
}

void MediaKeys::raiseWindow()
{
    m_window->showNormal();
    m_window->raise();
    m_window->activateWindow();
}

} // namespace iax::ui

#include "media_keys.moc"
