// iaxphone: the desktop softphone. Wiring only: command line, single instance, translations,
// settings + keychain, call history, the production PhoneController and the main window.
#include "app/backend_logging.h"
#include "app/process_hardening.h"
#include "core/phone/call_history.h"
#include "core/phone/contact_book.h"
#include "core/phone/device_preferences.h"
#include "core/phone/e2e_identity_keychain.h"
#include "core/phone/engine_phone_controller.h"
#include "core/phone/iax_uri.h"
#include "core/phone/keychain_secret_store.h"
#include "core/phone/qsettings_store.h"
#include "core/phone/settings_persistence.h"
#include "core/phone/single_instance.h"
#include "ui/device_call_audio.h"
#include "ui/headset_buttons.h"
#include "ui/keychain_wait_dialog.h"
#include "ui/main_window.h"
#include "ui/media_keys.h"
#include "ui/port_audio_sounds.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTimer>
#include <QTranslator>

#include <cstdio>
#include <memory>
#include <optional>

namespace {

void loadTranslations(QApplication& app)
{
    auto* qt = new QTranslator(&app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    auto* own = new QTranslator(&app);
    if (own->load(QLocale(), QStringLiteral("iaxphone"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(own);
}

int fail(const QString& message)
{
    std::fprintf(stderr, "iaxphone: %s\n", qPrintable(message));
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    iax::app::disableCoreDumps("iaxphone"); // before any secret is read
    if (iax::app::wantsHardeningStatus(argc, argv)) {
        iax::app::printHardeningStatus();
        return 0;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("iaxphone"));
    QApplication::setApplicationDisplayName(QStringLiteral("IAXPhone"));
    QApplication::setOrganizationName(QStringLiteral("iaxphone"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    iax::app::logAudioBackendAtDebugLevel();
    QApplication::setDesktopFileName(QStringLiteral("iaxphone"));
    QApplication::setQuitOnLastWindowClosed(false); // the tray keeps running; Quit ends it
    loadTranslations(app);

    QCommandLineParser p;
    p.setApplicationDescription(QApplication::translate("main", "IAXPhone — an encrypted IAX2 softphone."));
    p.addHelpOption();
    p.addVersionOption();
    p.addPositionalArgument(QStringLiteral("uri"),
        QApplication::translate("main", "iax2:[user@]host[:port][/extension] to call (also iax:)."),
        QStringLiteral("[uri]"));
    const QCommandLineOption audio(QStringLiteral("audio"),
        QApplication::translate("main", "Call audio: portaudio (the sound card, default) or none (silence)."),
        QStringLiteral("mode"), QStringLiteral("portaudio"));
    const QCommandLineOption settingsFile(QStringLiteral("settings"),
        QApplication::translate("main", "Settings file (default: the user's iaxphone.ini). Secrets are never in it."),
        QStringLiteral("file"));
    const QCommandLineOption historyFile(QStringLiteral("history"),
        QApplication::translate("main", "Call history file (default: the user's history.json)."),
        QStringLiteral("file"));
    const QCommandLineOption echoTest(QStringLiteral("local-echo-test"),
        QApplication::translate("main",
            "Adds the account \"Local echo test (encrypted)\" for iax2:user@host:port[/extension] (encryption "
            "required); its secret is read from the environment variable IAXPHONE_SECRET and kept in memory."),
        QStringLiteral("uri"));
    const QCommandLineOption bind(QStringLiteral("bind"),
        QApplication::translate("main", "Local UDP address[:port] (default 0.0.0.0 and an ephemeral port)."),
        QStringLiteral("address"));
    p.addOptions({ audio, settingsFile, historyFile, echoTest, bind });
    p.process(app);

    const QStringList args = p.positionalArguments();
    if (args.size() > 1)
        return fail(QApplication::translate("main", "give at most one URI (see --help)"));
    const QString uri = args.value(0);
    QString error;
    if (!uri.isEmpty() && !iax::phone::parseIaxUri(uri, &error))
        return fail(QApplication::translate("main", "%1: %2").arg(uri, error));

    iax::phone::EnginePhoneController::Options options;
    const QString mode = p.value(audio).toLower();
    if (mode != QLatin1String("none") && mode != QLatin1String("portaudio"))
        return fail(QApplication::translate("main", "--audio must be portaudio or none, not \"%1\"").arg(mode));
    const bool soundCard = mode == QLatin1String("portaudio");
    options.callAudio = std::make_shared<iax::ui::DeviceCallAudio>(soundCard);
    if (p.isSet(bind)) {
        const auto b = iax::phone::parseBindAddress(p.value(bind), 0, &error);
        if (!b)
            return fail(QStringLiteral("--bind: ") + error);
        options.bindAddress = b->first;
        options.bindPort = b->second;
    }

    // Local echo test account: validated before anything else starts.
    std::optional<iax::ui::AccountSettings> testAccount;
    QString testExtension;
    if (p.isSet(echoTest)) {
        const auto u = iax::phone::parseIaxUri(p.value(echoTest), &error);
        if (!u)
            return fail(QStringLiteral("--local-echo-test: ") + error);
        const QString secret = qEnvironmentVariable("IAXPHONE_SECRET");
        if (secret.isEmpty())
            return fail(QApplication::translate("main", "--local-echo-test needs the secret in IAXPHONE_SECRET"));
        qunsetenv("IAXPHONE_SECRET"); // not inherited by anything we start
        iax::ui::AccountSettings a;
        a.id = QStringLiteral("local-echo-test");
        a.name = QApplication::translate("main", "Local echo test (encrypted)");
        a.host = u->host;
        a.port = u->port;
        a.username = u->user.isEmpty() ? QStringLiteral("alice") : u->user;
        a.secret = secret;
        a.encryption = iax::ui::EncryptionPolicy::Required;
        testAccount = a;
        testExtension = u->extension;
    }

    // Single instance: a running iaxphone takes the URI and raises its window.
    // Its socket lives in a directory only this user can enter; without one there is no single instance.
    QString socketError;
    iax::phone::SingleInstance instance(iax::phone::SingleInstance::defaultSocketPath(&socketError));
    // With --local-echo-test this process is a separate session (its account lives in its memory):
    // it never hands over, and never takes the socket from a running instance.
    if (!testAccount && instance.forward(uri)) {
        std::printf("iaxphone: handed %s to the running instance\n", uri.isEmpty() ? "the request" : qPrintable(uri));
        return 0;
    }
    if ((!testAccount || !instance.isRunning()) && !instance.listen(&error))
        std::fprintf(stderr, "iaxphone: %s (a second instance will start its own window)\n",
            qPrintable(socketError.isEmpty() ? error : socketError));

    iax::ui::QSettingsStore store(
        p.isSet(settingsFile) ? p.value(settingsFile) : iax::ui::QSettingsStore::defaultPath());
    // A keychain that keeps us waiting longer than a second is usually asking the user for the
    // keyring's password: say so, wait for the user (up to 3 min), and let them go on without it.
    iax::ui::KeychainWaitDialog keychainWait;
    iax::ui::KeychainSecretStore secrets(QStringLiteral("iaxphone"), 8000);
    secrets.setWaitNotice(&keychainWait, 1000, 180000);
    QString warning;
    iax::ui::Settings settings = iax::ui::loadSettings(store, secrets, &warning);
    if (testAccount) {
        settings.accounts.removeIf(
            [](const iax::ui::AccountSettings& a) { return a.id == QLatin1String("local-echo-test"); });
        settings.accounts.prepend(*testAccount);
    }
    iax::ui::CallHistory history(p.isSet(historyFile) ? p.value(historyFile) : iax::ui::CallHistory::defaultPath());
    iax::phone::ContactBook contacts(iax::phone::ContactBook::defaultPath());

    QString identityError; // without a keychain the phone runs without an identity (docs/E2E.md)
    options.identity = iax::phone::loadOrCreateIdentity(secrets, &identityError);
    if (!identityError.isEmpty())
        std::fprintf(stderr, "iaxphone: %s\n", qPrintable(identityError));
    options.echoCancellation = settings.audio.echoCancellation;
    options.echoCancellationOnHeadsets = settings.audio.echoCancellationOnHeadsets;
    options.noiseSuppression = settings.audio.noiseSuppression;
    options.frameMs = settings.audio.frameMs;
    iax::phone::EnginePhoneController controller(options);
    if (!controller.start(&error)) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "IAXPhone"),
            QApplication::translate("main", "IAXPhone cannot start: %1").arg(error));
        return 1;
    }
    controller.setDevices(settings.audio.inputDevice, settings.audio.outputDevice);
    controller.setDevicePreferences(
        iax::phone::devicePreferences(settings.audio.inputDevice, settings.audio.inputHistory),
        iax::phone::devicePreferences(settings.audio.outputDevice, settings.audio.outputHistory));

    // Ringtone, device lists, mic meter and test tone (not with --audio none).
    std::unique_ptr<iax::ui::PortAudioSounds> sounds;
    if (soundCard)
        sounds = std::make_unique<iax::ui::PortAudioSounds>();

    secrets.retry(); // a user who went on without the keychain at start is asked again when saving

    iax::ui::MainWindowDeps deps;
    deps.controller = &controller;
    deps.settingsStore = &store;
    deps.secretStore = &secrets;
    deps.history = &history;
    deps.contacts = &contacts;
    deps.ringer = sounds.get();
    deps.devices = sounds.get();
    deps.keys.identityFingerprint = iax::phone::identityFingerprintText(options.identity);
    iax::ui::MainWindow window(deps, settings);
    (new iax::ui::MediaKeys(&window))->start(); // headset and keyboard media keys (MPRIS); owned by the window
    (new iax::ui::HeadsetButtons(&window))->start(); // HID telephony headsets (hidapi); owned by the window
    if (sounds)
        QObject::connect(sounds.get(), &iax::ui::PortAudioSounds::problem, &window,
            [&window](const QString& why) { window.statusBar()->showMessage(why, 10000); });
    QObject::connect(&instance, &iax::phone::SingleInstance::messageReceived, &window, [&window](const QString& m) {
        if (m.isEmpty()) {
            window.showNormal();
            window.raise();
            window.activateWindow();
        } else {
            window.openLink(m); // asks before calling unless the user allowed links to dial directly
        }
    });
    const bool toTray = settings.general.startMinimised && window.trayIcon();
    if (!toTray)
        window.show();
    if (!window.trayIcon())
        QApplication::setQuitOnLastWindowClosed(true); // no tray: closing the window quits
    if (!warning.isEmpty())
        window.statusBar()->showMessage(warning, 15000);
    if (!history.loadError().isEmpty())
        window.statusBar()->showMessage(history.loadError(), 15000);
    if (!contacts.loadError().isEmpty())
        window.statusBar()->showMessage(contacts.loadError(), 15000);
    if (!testExtension.isEmpty())
        window.dialField()->setText(testExtension);
    if (!uri.isEmpty())
        QTimer::singleShot(0, &window, [&window, uri] { window.openLink(uri); });
    return QApplication::exec();
}
