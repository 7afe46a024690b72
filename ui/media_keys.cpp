#include "ui/media_keys.h"

#include "core/phone/call_snapshot.h"
#include "ui/call_list_model.h"
#include "ui/call_panel.h"
#include "ui/main_window.h"

#include <QAbstractButton>
#include <QDBusAbstractAdaptor>
#include <QDBusConnection>
#include <QDBusError>
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

int MediaKeys::findCall(int state, int direction) const
{
    const CallListModel* model = m_window->callModel();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex i = model->index(row);
        if (i.data(CallListModel::StateRole).toInt() == state
            && (direction < 0 || i.data(CallListModel::DirectionRole).toInt() == direction))
            return i.data(CallListModel::CallIdRole).toInt();
    }
    return -1;
}

bool MediaKeys::clickFor(int callId, const char* name)
{
    if (callId < 0)
        return false;
    m_window->selectCall(callId);
    auto* button = m_window->callPanel()->findChild<QAbstractButton*>(QLatin1String(name));
    if (!button || button->isHidden() || !button->isEnabled())
        return false;
    button->click();
    return true;
}

bool MediaKeys::playPause()
{
    const int ringing = findCall(int(phone::CallState::Ringing), int(phone::CallDirection::Incoming));
    if (ringing >= 0)
        return clickFor(ringing, "answerButton");
    return stop();
}

bool MediaKeys::stop()
{
    return clickFor(findCall(int(phone::CallState::Answered), -1), "hangupButton");
}

QString MediaKeys::playbackStatus() const
{
    const bool busy = findCall(int(phone::CallState::Ringing), int(phone::CallDirection::Incoming)) >= 0
        || findCall(int(phone::CallState::Answered), -1) >= 0;
    return busy ? QStringLiteral("Playing") : QStringLiteral("Stopped");
}

void MediaKeys::raiseWindow()
{
    m_window->showNormal();
    m_window->raise();
    m_window->activateWindow();
}

} // namespace iax::ui

#include "media_keys.moc"
