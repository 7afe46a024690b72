// Headset and keyboard media keys through MPRIS (issue 19), under dbus-run-session (a private
// session bus) and offscreen: the main window with the production EnginePhoneController is rung
// by a PBX (the Engine on a QUdpSocket in this process); a second bus connection, as the desktop's
// media-key handler would, calls org.mpris.MediaPlayer2.Player PlayPause (answers the ringing
// call, then hangs it up) and Stop (hangs up), and hears PlaybackStatus change
// (PropertiesChanged). Without a session bus the window starts anyway and says why at debug
// level (checked in a child process whose bus address leads nowhere).
#include "core/phone/call_snapshot.h"
#include "core/phone/engine_phone_controller.h"
#include "support/desk_window.h"
#include "support/udp_engine.h"
#include "ui/call_list_model.h"
#include "ui/device_call_audio.h"
#include "ui/main_window.h"
#include "ui/media_keys.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCall>
#include <QDBusVariant>
#include <QProcess>
#include <QTest>
#include <QVariantMap>

using namespace iax;
using namespace iax::ui;

namespace {
const char* const kSecret = "desk-secret-for-media-keys";

/// Settings with the one account "desk" at `pbx`.
Settings deskSettings(test::UdpEngine& pbx)
{
    Settings s;
    s.accounts << test::deskAccount(pbx.port(), kSecret);
    return s;
}

/// What the desktop's media-key handler does: a method call from another bus connection.
QDBusPendingCall callPlayer(const QString& method)
{
    QDBusConnection bus
        = QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("media-key-handler"));
    return bus.asyncCall(QDBusMessage::createMethodCall(MediaKeys::serviceName(),
        QStringLiteral("/org/mpris/MediaPlayer2"), QStringLiteral("org.mpris.MediaPlayer2.Player"), method));
}

/// The player's PlaybackStatus as another bus connection reads it ("" on error).
QString playbackStatus()
{
    QDBusConnection bus
        = QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("media-key-handler"));
    QDBusMessage m = QDBusMessage::createMethodCall(MediaKeys::serviceName(), QStringLiteral("/org/mpris/MediaPlayer2"),
        QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
    m << QStringLiteral("org.mpris.MediaPlayer2.Player") << QStringLiteral("PlaybackStatus");
    QDBusPendingCall call = bus.asyncCall(m);
    if (!QTest::qWaitFor([&] { return call.isFinished(); }, 5000)) // our own event loop answers it
        return {};
    const QDBusMessage reply = call.reply();
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty())
        return {};
    return reply.arguments().at(0).value<QDBusVariant>().variant().toString();
}

/// Records the player's PlaybackStatus announcements (org.freedesktop.DBus.Properties
/// PropertiesChanged) as another bus connection — a desktop's media-key handler — sees them.
class StatusWatcher : public QObject {
    Q_OBJECT
public:
    QStringList statuses;

    bool watch()
    {
        QDBusConnection bus
            = QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("mpris-watcher"));
        return bus.connect(MediaKeys::serviceName(), QStringLiteral("/org/mpris/MediaPlayer2"),
            QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("PropertiesChanged"), this,
            SLOT(changed(QString, QVariantMap, QStringList)));
    }

public Q_SLOTS:
    void changed(const QString& interface, const QVariantMap& properties, const QStringList&)
    {
        if (interface == QLatin1String("org.mpris.MediaPlayer2.Player")
            && properties.contains(QStringLiteral("PlaybackStatus")))
            statuses << properties.value(QStringLiteral("PlaybackStatus")).toString();
    }
};

/// Waits for a method call's reply; true when it succeeded.
bool finished(QDBusPendingCall call)
{
    return QTest::qWaitFor([&] { return call.isFinished(); }, 5000) && !call.isError();
}

/// True once the window's call list shows an answered call. The PBX sees our ANSWER before the
/// window hears back from its engine thread; a user presses the key again only once the window
/// says the call is answered (until then the key still answers the ringing call).
bool windowShowsAnswered(const MainWindow& w)
{
    return QTest::qWaitFor(
        [&] {
            const CallListModel* model = w.callModel();
            for (int row = 0; row < model->rowCount(); ++row)
                if (model->index(row).data(CallListModel::StateRole).toInt() == int(phone::CallState::Answered))
                    return true;
            return false;
        },
        10000);
}
} // namespace

class TstUiMediaKeys : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void playPauseAnswersAndHangsUpStopHangsUp()
    {
        if (qEnvironmentVariableIsSet("IAX_MEDIA_KEYS_CHILD"))
            QSKIP("the child process runs startsWithoutASessionBus only");
        QVERIFY2(QDBusConnection::sessionBus().isConnected(), "run under dbus-run-session (CTest does)");
        test::UdpEngine pbx(test::registrarOf("desk", kSecret));
        test::DeskWindow desk(deskSettings(pbx));
        QVERIFY(desk.started);
        MainWindow& w = *desk.window;
        auto* keys = new MediaKeys(&w);
        QVERIFY(keys->start());
        QTRY_VERIFY_WITH_TIMEOUT(pbx.engine().registeredContact("desk"), 15000);
        const core::PeerAddress contact = *pbx.engine().registeredContact("desk");
        QCOMPARE(playbackStatus(), QStringLiteral("Stopped"));
        QVERIFY(finished(callPlayer(QStringLiteral("PlayPause")))); // no call: nothing happens
        QCOMPARE(w.callModel()->rowCount(), 0);

        // A ringing call: Play/Pause answers it, and Play/Pause again hangs it up.
        const core::CallId first = pbx.engine().dial(test::pbxCallTo(contact, kSecret), pbx.now()).value();
        pbx.pump();
        QTRY_COMPARE_WITH_TIMEOUT(w.callModel()->rowCount(), 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(pbx.stateOf(first) == core::CallState::Ringing, 5000);
        QCOMPARE(playbackStatus(), QStringLiteral("Playing")); // the desktop sends the keys here
        QVERIFY(finished(callPlayer(QStringLiteral("PlayPause"))));
        QTRY_VERIFY_WITH_TIMEOUT(pbx.stateOf(first) == core::CallState::Answered, 10000);
        QVERIFY(windowShowsAnswered(w));
        QVERIFY(finished(callPlayer(QStringLiteral("PlayPause"))));
        QTRY_VERIFY_WITH_TIMEOUT(pbx.stateOf(first) == core::CallState::HungUp, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(w.callModel()->rowCount(), 0, 10000);

        // Stop leaves a ringing call alone and hangs up an answered one.
        const core::CallId second = pbx.engine().dial(test::pbxCallTo(contact, kSecret), pbx.now()).value();
        pbx.pump();
        QTRY_VERIFY_WITH_TIMEOUT(pbx.stateOf(second) == core::CallState::Ringing, 10000);
        QVERIFY(finished(callPlayer(QStringLiteral("Stop"))));
        QTest::qWait(300);
        QCOMPARE(pbx.stateOf(second), core::CallState::Ringing);
        QVERIFY(finished(callPlayer(QStringLiteral("Play"))));
        QTRY_VERIFY_WITH_TIMEOUT(pbx.stateOf(second) == core::CallState::Answered, 10000);
        QVERIFY(windowShowsAnswered(w));
        QVERIFY(finished(callPlayer(QStringLiteral("Stop"))));
        QTRY_VERIFY_WITH_TIMEOUT(pbx.stateOf(second) == core::CallState::HungUp, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(playbackStatus(), QStringLiteral("Stopped"), 10000);
    }

    void playbackStatusChangesAreAnnounced()
    {
        if (qEnvironmentVariableIsSet("IAX_MEDIA_KEYS_CHILD"))
            QSKIP("the child process runs startsWithoutASessionBus only");
        test::UdpEngine pbx(test::registrarOf("desk", kSecret));
        test::DeskWindow desk(deskSettings(pbx));
        QVERIFY(desk.started);
        auto* keys = new MediaKeys(desk.window.get());
        QVERIFY(keys->start());
        StatusWatcher watcher;
        QVERIFY(watcher.watch());
        QTRY_VERIFY_WITH_TIMEOUT(pbx.engine().registeredContact("desk"), 15000);
        const core::PeerAddress contact = *pbx.engine().registeredContact("desk");

        // Ringing: Playing; answered: still Playing (no announcement); hung up: Stopped.
        const core::CallId id = pbx.engine().dial(test::pbxCallTo(contact, kSecret), pbx.now()).value();
        pbx.pump();
        QTRY_COMPARE_WITH_TIMEOUT(watcher.statuses, QStringList { QStringLiteral("Playing") }, 10000);
        QVERIFY(finished(callPlayer(QStringLiteral("PlayPause"))));
        QTRY_VERIFY_WITH_TIMEOUT(pbx.stateOf(id) == core::CallState::Answered, 10000);
        QVERIFY(windowShowsAnswered(*desk.window));
        QVERIFY(finished(callPlayer(QStringLiteral("PlayPause"))));
        QTRY_VERIFY_WITH_TIMEOUT(pbx.stateOf(id) == core::CallState::HungUp, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(
            watcher.statuses, (QStringList { QStringLiteral("Playing"), QStringLiteral("Stopped") }), 10000);
        QCOMPARE(playbackStatus(), QStringLiteral("Stopped")); // what a Get says agrees
    }

    void startsWithoutASessionBus()
    {
        if (!qEnvironmentVariableIsSet("IAX_MEDIA_KEYS_CHILD")) {
            // Re-run this function in a child process whose session bus address leads nowhere.
            QProcess child;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("IAX_MEDIA_KEYS_CHILD"), QStringLiteral("1"));
            env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/bus"));
            env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("iaxphone.mediakeys.debug=true"));
            child.setProcessEnvironment(env);
            child.start(QCoreApplication::applicationFilePath(), { QStringLiteral("startsWithoutASessionBus") });
            QVERIFY(child.waitForFinished(60000));
            const QString out = QString::fromLocal8Bit(child.readAllStandardOutput() + child.readAllStandardError());
            QVERIFY2(child.exitCode() == 0, qPrintable(out));
            QVERIFY2(out.contains(QLatin1String("no D-Bus session bus")), qPrintable(out));
            return;
        }
        test::UdpEngine pbx(test::registrarOf("desk", kSecret));
        test::DeskWindow desk(deskSettings(pbx));
        QVERIFY(desk.started);
        auto* keys = new MediaKeys(desk.window.get());
        QVERIFY(!keys->start());
        QVERIFY(QTest::qWaitForWindowExposed(desk.window.get()));
        QTRY_VERIFY_WITH_TIMEOUT(pbx.engine().registeredContact("desk"), 15000); // the phone works
    }
};

QTEST_MAIN(TstUiMediaKeys)
#include "tst_ui_media_keys.moc"
