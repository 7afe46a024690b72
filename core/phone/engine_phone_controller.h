#pragma once
// The production PhoneController: the IAX2 Engine on its own engine/media thread
// (net::EngineThread over a UDP socket), one media per answered call made by the front end's
// CallAudio (call_audio.h; the desktop app's is the sound card through PortAudio), and a
// CallTracker that turns the engine's events into the snapshots the GUI shows (Encrypted only when
// both directions are proven). Lives on the GUI thread; every command is queued to the engine
// thread, every signal is emitted on the GUI thread. Failures come back through commandFailed() as
// a sentence.
#include "core/phone/call_audio.h"
#include "core/phone/call_tracker.h"
#include "core/phone/phone_controller.h"

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QSslCertificate>
#include <QTimer>

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <vector>

namespace iax::core {
class RsaKey;
struct UserConfig;
} // namespace iax::core
namespace iax::net {
class EngineThread;
class EngineHost;
struct KeyLookupReport;
struct NetworkStatus;
} // namespace iax::net

namespace iax::phone {

class EnginePhoneController : public PhoneController {
    Q_OBJECT
public:
    struct Options {
        /// Makes each answered call's media (the front end's: the sound card, silence, a fake);
        /// the controller becomes its only user. nullptr = calls have no media.
        std::shared_ptr<CallAudio> callAudio;
        QHostAddress bindAddress = QHostAddress::AnyIPv4;
        quint16 bindPort = 0; ///< 0 = ephemeral (a registration tells the server where we are)
        /// Our Ed25519 identity in end-to-end calls (loadOrCreateIdentity()); nullptr = none.
        std::shared_ptr<const core::Ed25519Identity> identity;
        int removeDelayMs = 4000; ///< a terminal call stays visible this long before callRemoved
        bool echoCancellation = true;
        bool echoCancellationOnHeadsets = false; ///< AudioSettings::echoCancellationOnHeadsets
        bool noiseSuppression = true;
        int frameMs = 20; ///< our Opus frame (10 or 20 ms) for calls answered from now on
        /// Incoming RSA calls: the trusted-key store (the Trusted keys settings page shows the same
        /// directory); "" = core::defaultKeyDirectory().
        QString keyDirectory;
        /// CA certificates trusted for key servers in addition to the system's (tests).
        QList<QSslCertificate> keyServerCaCertificates;
        std::chrono::seconds keyMaxAge { std::chrono::hours(24) }; ///< re-fetch pinned keys after this
        /// A key-server fetch gives up after this; the call waits for it this long plus 3 s (keep the
        /// sum below the caller's give-up: Asterisk waits about 10 s for AUTHREQ).
        std::chrono::milliseconds keyFetchTimeout { 5000 };
        /// New settings of a registered account: its new registration waits for the REGREL of the
        /// old one (a server may process a simultaneous release last) at most this long.
        int releaseWaitMs = 2000;
    };

    explicit EnginePhoneController(Options options, QObject* parent = nullptr);
    ~EnginePhoneController() override;

    /// Binds the UDP socket. GUI thread. False with a sentence in *error (e.g. port in use).
    bool start(QString* error);
    /// The bound UDP port (0 before start()).
    quint16 localPort() const;

    void setAccount(const AccountSettings& account, const AccountSecrets& secrets) override;
    void removeAccount(const QString& accountId) override;
    void registerAccount(const QString& accountId) override;
    void unregisterAccount(const QString& accountId) override;
    int dial(const QString& accountId, const QString& number) override;
    int dialEncrypted(const QString& accountId, const QString& number) override;
    int dialEndToEnd(const QString& accountId, const QString& number, const QString& pinnedIdentity) override;
    void answer(int callId) override;
    void reject(int callId) override;
    void hangup(int callId) override;
    void hold(int callId, bool on) override;
    void mute(int callId, bool on) override;
    void sendDtmf(int callId, QChar digit) override;
    void setDevices(const QString& inputId, const QString& outputId) override;
    /// Queued to the engine thread; goes into each later call's CallMediaRequest.
    void setDevicePreferences(const QStringList& inputs, const QStringList& outputs) override;
    void setAudioProcessing(bool echoCancellation, bool noiseSuppression) override;
    void setEchoCancellationOnHeadsets(bool on) override;
    void setFrameMs(int ms) override;
    void shutdown(int timeoutMs) override;
    void setRecording(int callId, const QString& path) override; // engine_phone_controller_recording.cpp
    void transfer(int callId, const QString& target) override;
    void sendText(int callId, const QString& text) override;
    /// Global do not disturb (GeneralSettings::doNotDisturb): every incoming call is refused as
    /// busy (phone::decideIncoming), whatever its account says. GUI thread.
    void setDoNotDisturb(bool on) override { m_globalDnd = on; }
    bool doNotDisturb() const { return m_globalDnd; }
    /// How often the live statistics of answered calls are fetched (CallSnapshot::quality and the
    /// encryption counters; default 1000 ms). GUI thread.
    void setStatsInterval(int ms);

private:
    /// dial() and dialEncrypted(): with the account's policy, or "required" when `required`.
    /// `endToEnd`: the call also requires the end-to-end mode (DialRequest::e2eRequired).
    int placeCall(const QString& accountId, const QString& number, bool required, bool endToEnd = false,
        const QString& pinnedIdentity = {});
    struct Account {
        AccountSettings settings;
        AccountSecrets secrets;
        std::shared_ptr<const core::RsaKey> outkey;
        std::vector<std::shared_ptr<const core::RsaKey>> inkeys;
        quint32 reg = 0; ///< live registration (0 = none)
        QString address; ///< numeric address of settings.host ("" = not resolved yet)
        QString lookupError; ///< why the host name did not resolve
        bool lookingUp = false; ///< an asynchronous lookup of settings.host is running
        bool registerWhenResolved = false;
        bool registerAfterRelease = false; ///< register once the old registration's REGREL ended
        RegistrationState regState = RegistrationState::Offline; ///< of `reg`, as the engine last said
    };
    struct MediaState; // engine/media thread only

    net::EngineHost& host();
    /// How the engine accepts a call for account `a` (its secret, keys, policy, codecs, rotation).
    static core::UserConfig userOf(const Account& a);
    void pushUsers();
    /// Starts resolving the account's host without blocking (numeric hosts need no lookup).
    void startLookup(const QString& accountId);
    /// The account's numeric server address. While the lookup runs: with `mayBlock` a blocking
    /// lookup, else false with *error empty (try again when it ends). False with a sentence in
    /// *error when the host does not resolve or the port is invalid.
    bool resolve(Account& a, std::string* peerHost, QString* error, bool mayBlock);
    void onEngineEvent(const core::EngineEvent& event);
    /// Engine thread's registration event: ends releases, keeps Account::regState, reports a
    /// missing secret. True when the event is handled (the tracker must not see it).
    bool onRegistrationEvent(const core::RegistrationStateChanged& event);
    /// Sends REGREL for the account's registration and remembers it until it ends (releaseEnded).
    void releaseRegistration(Account& a, const QString& accountId);
    /// The REGREL of `reg` was acknowledged, given up, or waited for long enough: a registration
    /// waiting for it starts; the shutdown may finish.
    void releaseEnded(quint32 reg);
    bool releasing(const QString& accountId) const;
    void finishShutdown();
    void onCallEnded(int id);
    /// Gives the host the key lookup the RSA accounts need (store + key-server template) when it changed.
    void updateKeyLookup();
    void onKeyLookup(const net::KeyLookupReport& report);
    /// The host's reaction to a network change, as a networkStatus sentence (Changed says
    /// nothing: Reconnecting follows at once). engine_phone_controller_network.cpp.
    void onNetworkStatus(const net::NetworkStatus& status);
    QString accountForUser(const QString& username) const;
    /// An engine event before the tracker sees it: an incoming call rings, is answered at once, or
    /// is refused as busy (phone::decideIncoming with its account's settings). True for the events
    /// of a refused call: nobody is shown that call. engine_phone_controller_incoming.cpp.
    bool screenEvent(const core::EngineEvent& event);
    /// Starts fetching every live call's engine statistics and media playout delay each interval
    /// for the tracker (engine_phone_controller_stats.cpp).
    void startStatsPolling();
    void pollStats();
    /// The features' side of an engine event, before the tracker sees it (a transfer settled by
    /// the end of its call, a received TEXT). engine_phone_controller_features.cpp.
    void featureEvent(const core::EngineEvent& event);
    /// After the tracker saw an event: an auto-answered call is marked as such.
    void afterTracked(const core::EngineEvent& event);
    /// Answers ringing call `id` without the user after `seconds` (the account's auto-answer).
    void answerLater(int id, int seconds);
    /// True when the account of `c` requires encryption and `c` is not Encrypted (yet): DTMF, text
    /// and a transfer are refused until it is.
    bool encryptionMissing(const CallSnapshot& c) const;

    Options m_opt;
    CallTracker m_tracker;
    bool m_globalDnd = false;
    std::set<int> m_refused; ///< incoming calls refused by do not disturb (their events are dropped)
    std::set<int> m_autoAnswering; ///< answered without the user; marked once the tracker has them
    std::set<int> m_hungUpHere; ///< calls the user hung up (a pending transfer then failed)
    std::map<QString, Account> m_accounts;
    std::shared_ptr<MediaState> m_media;
    bool m_keyLookupSet = false;
    QString m_keyServerInUse; ///< template given to the host ("" = store only)
    QString m_keyLookupProblem; ///< last reported configuration problem (reported once)
    std::map<quint32, QString> m_releases; ///< REGRELs in flight → their account id
    bool m_shuttingDown = false;
    bool m_shutdownFinished = false;
    QTimer* m_statsTimer = nullptr;
    std::unique_ptr<net::EngineThread> m_engine; // last: its thread stops first
};

} // namespace iax::phone
