#pragma once
// Plain value types of everything the user can configure. No I/O here: SettingsStore persists the
// plain values, SecretStore the secrets (AccountSettings::secret and ::keyPassphrase are filled in
// from the SecretStore on load and never written by a SettingsStore).
#include "core/phone/e2e_trust.h"
#include "core/protocol/engine_types.h"

#include <QChar>
#include <QList>
#include <QString>
#include <QStringList>

namespace iax::phone {

/// How an account authenticates (RSA still needs the shared secret for AES).
enum class AuthMethod { Md5, Rsa };
/// The engine's encryption policy (core::EncryptionPolicy): off: never offer; opportunistic: offer,
/// proceed visibly unencrypted if declined; required: refuse/hang up any call that is not
/// encrypted, before voice or DTMF.
using core::EncryptionPolicy;

/// One IAX2 account.
struct AccountSettings {
    QString id; ///< stable key (generated once); also the SecretStore key prefix
    QString name; ///< shown to the user
    QString host;
    int port = 4569;
    QString username;
    QString secret; ///< SECRET: lives in the SecretStore only
    AuthMethod auth = AuthMethod::Md5;
    QString privateKeyFile; ///< RSA private key (PEM) for auth = Rsa
    QString keyPassphrase; ///< SECRET: passphrase of privateKeyFile
    QStringList trustedPublicKeys; ///< public key files accepted for incoming RSA calls
    EncryptionPolicy encryption = EncryptionPolicy::Opportunistic;
    bool keyRotation = true;
    int keyRotationIntervalSeconds = 0; ///< 0 = as Asterisk: first voice frame, then 120–300 s
    QStringList codecs { QStringLiteral("opus"), QStringLiteral("alaw"), QStringLiteral("ulaw") };
    bool secureDialEnabled = false;
    QString secureDialExtension; ///< encrypted DTMF-onward extension
    QChar secureDialTerminator = QLatin1Char('#');
    int secureDialPauseMs = 250; ///< pause between digits
    QString keyServerUrl; ///< e.g. https://keys.example.net/{name}.pub (empty = none)
    bool allowMd5Fallback = false; ///< RSA unavailable → MD5+AES for that call
    /// Do not disturb: incoming calls of this account are refused as busy (REJECT, cause 17), so
    /// the PBX sends the caller to its busy path (voicemail).
    bool doNotDisturb = false;
    /// Answer at once when this account's registrar asks for it (AUTOANSWER IE; intercom, paging).
    /// Off by default: only a server trusted with the account's secret can set it.
    bool autoAnswerFromPbx = false;
    /// Keepalive behind NAT (issue 19): re-register at most this often, seconds (0 = only the
    /// refresh at 3/4 of what the server grants). 25 s stays under typical NAT UDP timeouts (30 s).
    int keepaliveSeconds = 25;
    /// Answer an incoming call of this account by itself after this many seconds of ringing
    /// (0 = never). The call says it was answered automatically.
    int autoAnswerAfterSeconds = 0;
    /// The account's voicemail extension (e.g. "*97"): the window's Voicemail button dials it
    /// ("" = no button).
    QString voicemailExtension;

    friend bool operator==(const AccountSettings&, const AccountSettings&) = default;
};

/// Sound devices and processing (device ids from AudioDeviceProvider; empty = default).
struct AudioSettings {
    QString inputDevice;
    QString outputDevice;
    QString ringerDevice;
    /// Microphones / speakers chosen before, most recent first: where a call falls back, in this
    /// order, when the chosen device is missing (then the system default); device_preferences.h.
    QStringList inputHistory, outputHistory;
    /// Ringer devices chosen before, most recent first: the ringtone plays on the first of the
    /// ringer device and these that is there (then the system default).
    QStringList ringerHistory;
    bool echoCancellation = true;
    /// With echoCancellation: run the canceller on a device whose name says headset too (by default
    /// it runs only where an echo path may exist; audio/echo_policy.h). For "headsets" that are
    /// speakerphones or leak into the microphone.
    bool echoCancellationOnHeadsets = false;
    bool noiseSuppression = true;
    /// Our Opus frame duration, ms: 20, or 10 for lower latency (more packets); G.711 stays 20.
    int frameMs = 20;

    friend bool operator==(const AudioSettings&, const AudioSettings&) = default;
};

/// Desktop behaviour.
struct GeneralSettings {
    bool startMinimised = false; ///< start hidden in the tray (ignored when there is no tray)
    bool notifications = true;
    QString ringtone; ///< sound file; empty = built-in tone
    /// iax2: links (browser, command line, a second instance) call at once instead of asking
    /// first. Off by default: any web page could otherwise make the account call a premium number.
    bool dialLinksDirectly = false;
    /// Do not disturb for every account (each account also has its own).
    bool doNotDisturb = false;
    /// Where call recordings go ("" = phone::defaultRecordingsFolder()). Recording is off by
    /// default and started per call.
    QString recordingsFolder;
    /// Recordings as Ogg Opus (*.opus, compressed) instead of 16-bit WAV (*.wav, the default).
    bool recordOpus = false;

    friend bool operator==(const GeneralSettings&, const GeneralSettings&) = default;
};

/// Everything together.
struct Settings {
    QList<AccountSettings> accounts;
    AudioSettings audio;
    GeneralSettings general;
    /// Peers of the end-to-end mode: seen in it, words confirmed (e2e_trust.h).
    QList<E2ePeerTrust> e2ePeers;

    /// The account with `id`, or nullptr.
    const AccountSettings* account(const QString& id) const;

    friend bool operator==(const Settings&, const Settings&) = default;
};

/// True when `a` and `b` differ at most in what the registration does not carry (do not disturb,
/// auto-answer, the voicemail extension): such a change needs no new registration.
bool sameRegistration(const AccountSettings& a, const AccountSettings& b);

/// Stable lowercase names used in files and combo data ("md5", "opportunistic" …).
QString toString(AuthMethod m);
QString toString(EncryptionPolicy p);
/// Parses the names above; unknown text gives `fallback`.
AuthMethod authMethodFromString(const QString& s, AuthMethod fallback);
EncryptionPolicy encryptionPolicyFromString(const QString& s, EncryptionPolicy fallback);
/// The codecs the app knows, in default preference order.
QStringList knownCodecs();

} // namespace iax::phone
