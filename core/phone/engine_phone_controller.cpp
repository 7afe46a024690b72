#include "core/phone/engine_phone_controller.h"

#include "core/net/engine_thread.h"
#include "core/phone/caller_keys.h"
#include "core/phone/engine_config_builder.h"
#include "core/phone/phone_media_access.h"

#include <QDateTime>
#include <QHostInfo>
#include <QTimer>

namespace iax::phone {

/// The media side shared by every call: the front end's CallAudio and what the user chose for it.
/// Created on the GUI thread before the engine thread uses it; afterwards touched on the
/// engine/media thread only (media factory, posted lambdas), and destroyed after that thread has
/// stopped.
struct EnginePhoneController::MediaState {
    std::shared_ptr<CallAudio> audio; // nullptr = no media
    std::string input, output; // requested ids ("" = default)
    std::vector<std::string> inputPreferences, outputPreferences; // fallback order
    bool echoCancellation = true;
    bool echoCancellationOnHeadsets = false;
    bool noiseSuppression = true;
    int frameMs = 20;
    std::function<void(const QString&)> report; // a sentence for the GUI (queued)
};

EnginePhoneController::EnginePhoneController(Options options, QObject* parent)
    : PhoneController(parent)
    , m_opt(std::move(options))
    , m_media(std::make_shared<MediaState>())
{
    m_media->audio = m_opt.callAudio;
    m_media->echoCancellation = m_opt.echoCancellation;
    m_media->echoCancellationOnHeadsets = m_opt.echoCancellationOnHeadsets;
    m_media->noiseSuppression = m_opt.noiseSuppression;
    m_media->frameMs = m_opt.frameMs;
    // Engine/media thread → GUI thread, by value; dropped if the controller is gone.
    m_media->report = [this](const QString& what) {
        QMetaObject::invokeMethod(
            this, [this, what] { Q_EMIT commandFailed(-1, what); }, Qt::QueuedConnection);
    };
    if (m_media->audio)
        m_media->audio->setEventSink([report = m_media->report](const std::string& what) {
            report(tr("Sound device: %1").arg(QString::fromStdString(what)));
        });

    m_tracker.setAccountForUser([this](const QString& user) { return accountForUser(user); });
    connect(&m_tracker, &CallTracker::callUpdated, this, &PhoneController::callUpdated);
    connect(&m_tracker, &CallTracker::incomingCall, this, &PhoneController::incomingCall);
    connect(&m_tracker, &CallTracker::registrationChanged, this, &PhoneController::registrationChanged);
    connect(&m_tracker, &CallTracker::callEnded, this, &EnginePhoneController::onCallEnded);

    // An incoming RSA call waits for the key server a little longer than one fetch may take.
    auto config = phone::engineConfig({}, m_opt.keyFetchTimeout);
    config.e2eIdentity = m_opt.identity; // docs/E2E.md, "Identity"
    m_engine = std::make_unique<net::EngineThread>(std::move(config));
    connect(&host(), &net::EngineHost::engineEvent, this, &EnginePhoneController::onEngineEvent, Qt::QueuedConnection);
    connect(
        &host(), &net::EngineHost::commandFailed, this,
        [this](core::CallId id, const QString& why) { Q_EMIT commandFailed(int(id), why); }, Qt::QueuedConnection);
    connect(
        &host(), &net::EngineHost::mediaError, this,
        [this](core::CallId id, const QString& why) { Q_EMIT commandFailed(int(id), tr("Call audio: %1").arg(why)); },
        Qt::QueuedConnection);

    connect(&host(), &net::EngineHost::keyLookup, this, &EnginePhoneController::onKeyLookup, Qt::QueuedConnection);
    startStatsPolling();
    connect(
        &host(), &net::EngineHost::networkStatus, this, &EnginePhoneController::onNetworkStatus, Qt::QueuedConnection);

    if (m_media->audio) {
        // Slow set-up now (PortAudio scans every host API, which takes a while), not when the
        // first call is answered and its audio should start at once.
        host().post([state = m_media](core::Engine&, core::Millis) { state->audio->prepare(); });
    }
    host().setMediaFactory([state = m_media](const net::MediaCallInfo& info) -> std::unique_ptr<net::CallMediaPort> {
        if (!state->audio)
            return nullptr;
        CallMediaRequest request;
        request.call = info;
        request.inputDevice = state->input;
        request.outputDevice = state->output;
        request.inputPreferences = state->inputPreferences;
        request.outputPreferences = state->outputPreferences;
        request.echoCancellation = state->echoCancellation;
        request.echoCancellationOnHeadsets = state->echoCancellationOnHeadsets;
        request.noiseSuppression = state->noiseSuppression;
        request.frameMs = state->frameMs;
        CallMediaResult made = state->audio->create(request);
        if (!made.deviceError.empty())
            state->report(tr("The sound device cannot be opened (%1); the call goes on without audio.")
                              .arg(QString::fromStdString(made.deviceError)));
        if (!made.media) {
            state->report(tr("No audio for this call: %1").arg(QString::fromStdString(made.error)));
            return nullptr;
        }
        return std::move(made.media);
    });
}

EnginePhoneController::~EnginePhoneController()
{
    if (m_engine)
        host().hangupAll(QStringLiteral("Normal Clearing"));
    m_engine.reset(); // joins the engine thread (closing media) before the media state goes
}

net::EngineHost& EnginePhoneController::host()
{
    return m_engine->host();
}

bool EnginePhoneController::start(QString* error)
{
    return host().bind(m_opt.bindAddress, m_opt.bindPort, error);
}

quint16 EnginePhoneController::localPort() const
{
    return m_engine->host().localPort();
}

QString EnginePhoneController::accountForUser(const QString& username) const
{
    for (const auto& [id, a] : m_accounts) {
        if (a.settings.username == username)
            return id;
    }
    return {};
}

namespace {
/// The address to call of a lookup's results: IPv4 first (the socket is IPv4 by default).
QString pickAddress(const QList<QHostAddress>& addresses)
{
    for (const QHostAddress& a : addresses) {
        if (a.protocol() == QAbstractSocket::IPv4Protocol)
            return a.toString();
    }
    return addresses.isEmpty() ? QString() : addresses.first().toString();
}
} // namespace

void EnginePhoneController::startLookup(const QString& accountId)
{
    Account& a = m_accounts[accountId];
    a.address.clear();
    a.lookupError.clear();
    a.lookingUp = false;
    QHostAddress literal;
    if (literal.setAddress(a.settings.host)) {
        bool isV4 = false;
        const quint32 v4 = literal.toIPv4Address(&isV4);
        a.address = isV4 ? QHostAddress(v4).toString() : literal.toString();
        return;
    }
    a.lookingUp = true;
    const QString host = a.settings.host;
    QHostInfo::lookupHost(host, this, [this, accountId, host](const QHostInfo& info) {
        const auto it = m_accounts.find(accountId);
        if (it == m_accounts.end() || it->second.settings.host != host)
            return; // removed or changed meanwhile (a newer lookup runs)
        Account& acc = it->second;
        acc.lookingUp = false;
        acc.address = info.error() == QHostInfo::NoError ? pickAddress(info.addresses()) : QString();
        if (acc.address.isEmpty())
            acc.lookupError = tr("Cannot find the server \"%1\": %2").arg(host, info.errorString());
        if (acc.registerWhenResolved) {
            acc.registerWhenResolved = false;
            registerAccount(accountId);
        }
    });
}

bool EnginePhoneController::resolve(Account& a, std::string* peerHost, QString* error, bool mayBlock)
{
    error->clear();
    if (a.settings.port < 1 || a.settings.port > 65535) {
        *error = tr("The port %1 is not valid.").arg(a.settings.port);
        return false;
    }
    if (a.lookingUp && mayBlock) {
        const QHostInfo info = QHostInfo::fromName(a.settings.host); // the user is waiting anyway
        a.address = info.error() == QHostInfo::NoError ? pickAddress(info.addresses()) : QString();
        if (a.address.isEmpty())
            a.lookupError = tr("Cannot find the server \"%1\": %2").arg(a.settings.host, info.errorString());
        a.lookingUp = false;
    }
    if (a.lookingUp)
        return false;
    if (a.address.isEmpty()) {
        *error = a.lookupError.isEmpty() ? tr("Cannot find the server \"%1\".").arg(a.settings.host) : a.lookupError;
        return false;
    }
    *peerHost = a.address.toStdString();
    return true;
}

core::UserConfig EnginePhoneController::userOf(const Account& a)
{
    return phone::userConfig(phone::engineAccount(a.settings, a.secrets.secret, a.outkey, a.inkeys));
}

void EnginePhoneController::pushUsers()
{
    std::vector<core::UserConfig> users;
    for (const auto& [id, a] : m_accounts) {
        users.push_back(userOf(a));
        m_tracker.setPolicyForAccount(id, a.settings.encryption);
        m_tracker.setAccountName(id, a.settings.name);
    }
    updateKeyLookup();
    host().setUsers(std::move(users));
}

void EnginePhoneController::updateKeyLookup()
{
    // One lookup per engine (EngineHost::setKeyLookup): the first RSA account (by id) naming a key
    // server supplies the template; the store is shared by all accounts.
    QString url;
    QString urlAccount;
    QStringList conflicts;
    for (const auto& [id, a] : m_accounts) {
        const AccountSettings& s = a.settings;
        if (s.auth != AuthMethod::Rsa || s.keyServerUrl.isEmpty())
            continue;
        if (url.isEmpty()) {
            url = s.keyServerUrl;
            urlAccount = s.name;
        } else if (s.keyServerUrl != url) {
            conflicts << s.name;
        }
    }
    core::KeyServerOptions server;
    server.urlTemplate = url;
    server.maxAge = m_opt.keyMaxAge;
    server.timeout = m_opt.keyFetchTimeout;
    server.extraCaCertificates = m_opt.keyServerCaCertificates;
    net::KeyLookupOptions o = callerKeyLookup(m_opt.keyDirectory, std::move(server));
    QString problem;
    if (!conflicts.isEmpty())
        problem = tr("Only one key server can be used at a time: incoming RSA calls use %1 (account %2); the key "
                     "server of %3 is not used.")
                      .arg(url, urlAccount, conflicts.join(QStringLiteral(", ")));
    if (m_keyLookupSet && url == m_keyServerInUse) {
        if (!problem.isEmpty() && problem != m_keyLookupProblem)
            Q_EMIT commandFailed(-1, problem);
        m_keyLookupProblem = problem;
        return;
    }
    QString error;
    if (!host().setKeyLookup(o, &error)) {
        problem = tr("The key server URL %1 (account %2) cannot be used: %3; callers' keys come from the trusted "
                     "keys only.")
                      .arg(url, urlAccount, error);
        o.server.urlTemplate.clear();
        host().setKeyLookup(o, &error);
    }
    m_keyLookupSet = true;
    m_keyServerInUse = url;
    if (!problem.isEmpty() && problem != m_keyLookupProblem)
        Q_EMIT commandFailed(-1, problem);
    m_keyLookupProblem = problem;
}

void EnginePhoneController::onKeyLookup(const net::KeyLookupReport& r)
{
    if (r.outcome == QLatin1String("refused")) {
        Q_EMIT securityWarning(r.call ? int(r.call) : -1,
            tr("The key server offered a DIFFERENT public key for \"%1\" than the one pinned (pinned SHA-256 %2, "
               "offered %3). The new key was refused and the pinned key stays in use. Someone may be impersonating "
               "this caller, or the caller replaced their key.")
                .arg(r.name, r.fingerprint, r.offeredFingerprint));
    } else if (r.outcome == QLatin1String("pinned")) {
        Q_EMIT keyNotice(r.call ? int(r.call) : -1,
            tr("Pinned %1's key on first use (SHA-256 %2) from %3. Check this fingerprint with %1 by another "
               "channel; a different key offered later will be refused.")
                .arg(r.name, r.fingerprint, r.url));
    } else if (r.outcome == QLatin1String("failed")) {
        Q_EMIT commandFailed(r.call ? int(r.call) : -1,
            tr("The public key of caller \"%1\" could not be fetched: %2").arg(r.name, r.message));
    }
}

void EnginePhoneController::setAccount(const AccountSettings& account, const AccountSecrets& secrets)
{
    Account& a = m_accounts[account.id];
    const bool changed = !sameRegistration(a.settings, account) || a.secrets.secret != secrets.secret
        || a.secrets.keyPassphrase != secrets.keyPassphrase;
    if (changed && a.reg) // re-registered with the new values by registerAccount, after the release
        releaseRegistration(a, account.id);
    const bool hostChanged = a.settings.host != account.host || (a.address.isEmpty() && !a.lookingUp);
    a.settings = account;
    a.secrets = secrets;
    if (hostChanged)
        startLookup(account.id);
    a.outkey.reset();
    a.inkeys.clear();
    if (account.auth == AuthMethod::Rsa && !account.privateKeyFile.isEmpty()) {
        auto k = phone::loadSigningKey(account.privateKeyFile, secrets.keyPassphrase.toStdString());
        if (k)
            a.outkey = std::move(k).value();
        else
            Q_EMIT commandFailed(-1,
                tr("%1: the private key %2 cannot be used: %3")
                    .arg(account.name, account.privateKeyFile, QString::fromStdString(k.error().reason)));
    }
    for (const QString& path : account.trustedPublicKeys) {
        auto k = phone::loadTrustedKey(path);
        if (k)
            a.inkeys.push_back(std::move(k).value());
        else
            Q_EMIT commandFailed(-1,
                tr("%1: the public key %2 cannot be used: %3")
                    .arg(account.name, path, QString::fromStdString(k.error().reason)));
    }
    pushUsers();
}

void EnginePhoneController::removeAccount(const QString& accountId)
{
    const auto it = m_accounts.find(accountId);
    if (it == m_accounts.end())
        return;
    if (it->second.reg) {
        host().unregister(it->second.reg);
        m_tracker.removeRegistration(it->second.reg);
    }
    m_accounts.erase(it);
    pushUsers();
    // Its calls end too (snapshots follow from the engine).
    for (const int id : m_tracker.liveCallsOf(accountId))
        host().hangup(core::CallId(id), QStringLiteral("Normal Clearing"));
    RegistrationSnapshot off;
    off.accountId = accountId;
    Q_EMIT registrationChanged(off);
}

void EnginePhoneController::registerAccount(const QString& accountId)
{
    const auto it = m_accounts.find(accountId);
    if (it == m_accounts.end()) {
        Q_EMIT commandFailed(-1, tr("There is no account with the id %1.").arg(accountId));
        return;
    }
    Account& a = it->second;
    if (a.reg || m_shuttingDown)
        return; // already registering or registered, or quitting
    RegistrationSnapshot snap;
    snap.accountId = accountId;
    if (releasing(accountId)) {
        // A server may process a REGREL sent with the new REGREQ last and drop us: register after it.
        a.registerAfterRelease = true;
        snap.state = RegistrationState::Registering;
        snap.reason = tr("Waiting for the server to release the previous registration…");
        Q_EMIT registrationChanged(snap);
        return;
    }
    QString error;
    core::RegistrationRequest r;
    if (!resolve(a, &r.server.host, &error, false)) {
        if (error.isEmpty()) { // the lookup is still running: register when it ends
            a.registerWhenResolved = true;
            snap.state = RegistrationState::Registering;
            snap.reason = tr("Looking up %1…").arg(a.settings.host);
        } else {
            snap.state = RegistrationState::Failed;
            snap.reason = error;
        }
        Q_EMIT registrationChanged(snap);
        return;
    }
    r.server.port = std::uint16_t(a.settings.port);
    // The server's own calls (a PBX ringing its phone names no user) are the account's: the
    // builder's registrar rule (MD5 with its secret, or its trusted keys; no key lookup).
    const core::PeerAddress server = r.server;
    r = phone::registrationRequest(phone::engineAccount(a.settings, a.secrets.secret, a.outkey, a.inkeys), server);
    a.reg = host().registerTo(std::move(r));
    a.regState = RegistrationState::Registering;
    m_tracker.addRegistration(a.reg, accountId);
    snap.state = RegistrationState::Registering;
    Q_EMIT registrationChanged(snap);
}

void EnginePhoneController::unregisterAccount(const QString& accountId)
{
    const auto it = m_accounts.find(accountId);
    if (it == m_accounts.end())
        return;
    if (it->second.registerWhenResolved || it->second.registerAfterRelease) { // not started: do not
        it->second.registerWhenResolved = false;
        it->second.registerAfterRelease = false;
        RegistrationSnapshot off;
        off.accountId = accountId;
        Q_EMIT registrationChanged(off);
    }
    if (!it->second.reg)
        return;
    // The REGREL's outcome arrives as Unregistered (→ Offline) through the tracker, which keeps
    // the id's mapping; a later registerAccount starts a new registration.
    host().unregister(it->second.reg);
    it->second.reg = 0;
    it->second.regState = RegistrationState::Offline;
}

int EnginePhoneController::dial(const QString& accountId, const QString& number)
{
    return placeCall(accountId, number, false);
}

int EnginePhoneController::dialEncrypted(const QString& accountId, const QString& number)
{
    return placeCall(accountId, number, true);
}

int EnginePhoneController::dialEndToEnd(const QString& accountId, const QString& number, const QString& pinnedIdentity)
{
    return placeCall(accountId, number, true, true, pinnedIdentity);
}

int EnginePhoneController::placeCall(
    const QString& accountId, const QString& number, bool required, bool endToEnd, const QString& pinnedIdentity)
{
    const auto it = m_accounts.find(accountId);
    if (it == m_accounts.end()) {
        Q_EMIT commandFailed(-1, tr("Choose an account before calling."));
        return -1;
    }
    const QString n = number.trimmed();
    if (n.isEmpty()) {
        Q_EMIT commandFailed(-1, tr("Enter a number to call."));
        return -1;
    }
    Account& a = it->second;
    core::DialRequest d;
    QString error;
    if (!resolve(a, &d.peer.host, &error, true)) {
        Q_EMIT commandFailed(-1, error);
        return -1;
    }
    d.peer.port = std::uint16_t(a.settings.port);
    const core::PeerAddress peer = d.peer;
    AccountSettings settings = a.settings;
    if (required)
        settings.encryption = EncryptionPolicy::Required;
    d = phone::dialRequest(phone::engineAccount(settings, a.secrets.secret, a.outkey, a.inkeys), peer, n, {},
        QDateTime::currentDateTime());
    d.e2eRequired = endToEnd; // refused before AUTHREP unless the peer agrees (core/protocol/call_e2e.cpp)
    d.e2ePinnedIdentity = pinnedIdentity.toStdString(); // … and signs with the pinned identity
    const auto id = host().dial(std::move(d));
    if (!id) {
        Q_EMIT commandFailed(-1, tr("Too many calls at once; hang up one first."));
        return -1;
    }
    m_tracker.addOutgoing(int(*id), accountId, n, settings.encryption);
    return int(*id);
}

void EnginePhoneController::answer(int callId)
{
    const CallSnapshot* c = m_tracker.call(callId);
    if (!c || m_tracker.isFinished(callId) || c->direction != CallDirection::Incoming)
        return;
    host().answer(core::CallId(callId));
}

void EnginePhoneController::reject(int callId)
{
    if (!m_tracker.call(callId) || m_tracker.isFinished(callId))
        return;
    host().reject(core::CallId(callId), QStringLiteral("Call Rejected"));
}

void EnginePhoneController::hangup(int callId)
{
    if (!m_tracker.call(callId) || m_tracker.isFinished(callId))
        return;
    m_hungUpHere.insert(callId);
    host().hangup(core::CallId(callId), QStringLiteral("Normal Clearing"));
}

void EnginePhoneController::hold(int callId, bool on)
{
    const CallSnapshot* c = m_tracker.call(callId);
    if (!c || m_tracker.isFinished(callId))
        return;
    if (c->state != CallState::Answered && c->state != CallState::Held) {
        Q_EMIT commandFailed(callId, tr("Only an answered call can be put on hold."));
        return;
    }
    const core::CallId id(callId);
    host().post([id, on, this](core::Engine& e, core::Millis now) {
        if (!e.hold(id, on, now))
            QMetaObject::invokeMethod(
                this, [this, id] { Q_EMIT commandFailed(int(id), tr("The call could not be put on hold.")); },
                Qt::QueuedConnection);
    });
    withPhoneMedia(host(), id, [on](PhoneCallMedia& m) { m.setHold(on); });
    m_tracker.setLocalHold(callId, on);
}

void EnginePhoneController::mute(int callId, bool on)
{
    if (!m_tracker.call(callId) || m_tracker.isFinished(callId))
        return;
    withPhoneMedia(host(), core::CallId(callId), [on](PhoneCallMedia& m) { m.setMuted(on); });
    m_tracker.setMuted(callId, on);
}

void EnginePhoneController::sendDtmf(int callId, QChar digit)
{
    const CallSnapshot* c = m_tracker.call(callId);
    if (!c || m_tracker.isFinished(callId))
        return;
    static const QString valid = QStringLiteral("0123456789*#ABCDabcd");
    if (!valid.contains(digit)) {
        Q_EMIT commandFailed(callId, tr("\"%1\" is not a DTMF digit (0-9, *, #, A-D).").arg(digit));
        return;
    }
    if (c->state != CallState::Answered) {
        Q_EMIT commandFailed(callId, tr("Digits can only be sent in an answered call."));
        return;
    }
    if (encryptionMissing(*c)) {
        Q_EMIT commandFailed(
            callId, tr("Digit not sent: this account requires encryption and the call is not encrypted yet."));
        return;
    }
    const char d = char(digit.toUpper().toLatin1());
    host().sendDtmf(core::CallId(callId), d);
    withPhoneMedia(host(), core::CallId(callId), [d](PhoneCallMedia& m) { m.playDtmf(d); }); // local key feedback
}

void EnginePhoneController::setDevices(const QString& inputId, const QString& outputId)
{
    host().post(
        [state = m_media, in = inputId.toStdString(), out = outputId.toStdString()](core::Engine&, core::Millis) {
            state->input = in;
            state->output = out;
            if (!state->audio)
                return;
            if (const std::string why = state->audio->switchDevices(in, out); !why.empty())
                state->report(tr("The sound device cannot be switched: %1; the previous one stays.")
                                  .arg(QString::fromStdString(why)));
        });
}

void EnginePhoneController::setDevicePreferences(const QStringList& inputs, const QStringList& outputs)
{
    auto toStd = [](const QStringList& l) {
        std::vector<std::string> v;
        for (const QString& s : l)
            v.push_back(s.toStdString());
        return v;
    };
    host().post([state = m_media, in = toStd(inputs), out = toStd(outputs)](core::Engine&, core::Millis) {
        state->inputPreferences = in;
        state->outputPreferences = out;
    });
}

void EnginePhoneController::setAudioProcessing(bool echoCancellation, bool noiseSuppression)
{
    host().post([state = m_media, echoCancellation, noiseSuppression](core::Engine&, core::Millis) {
        state->echoCancellation = echoCancellation;
        state->noiseSuppression = noiseSuppression;
    });
}

void EnginePhoneController::setEchoCancellationOnHeadsets(bool on)
{
    host().post([state = m_media, on](core::Engine&, core::Millis) { state->echoCancellationOnHeadsets = on; });
    // The calls in progress follow at once, with the echo setting they will then be answered with
    // (setAudioProcessing posted before this one has updated it on the same thread).
    for (const int id : m_tracker.liveCalls()) {
        withPhoneMedia(host(), core::CallId(id),
            [state = m_media, on](PhoneCallMedia& m) { m.setEchoCancellation(state->echoCancellation, on); });
    }
}

void EnginePhoneController::setFrameMs(int ms)
{
    host().post([state = m_media, ms](core::Engine&, core::Millis) { state->frameMs = ms; });
}

void EnginePhoneController::onEngineEvent(const core::EngineEvent& event)
{
    if (screenEvent(event))
        return; // do not disturb: refused before anyone saw it
    if (const auto* r = std::get_if<core::RegistrationStateChanged>(&event); r && onRegistrationEvent(*r))
        return;
    featureEvent(event);
    m_tracker.apply(event);
    afterTracked(event);
    if (const auto* s = std::get_if<core::CallStateChanged>(&event); s && s->state == core::CallState::Answered) {
        // The media exists now: apply what the user chose before the answer.
        const CallSnapshot* c = m_tracker.call(int(s->call));
        if (c && c->muted)
            withPhoneMedia(host(), s->call, [](PhoneCallMedia& m) { m.setMuted(true); });
    }
}

void EnginePhoneController::onCallEnded(int id)
{
    QTimer::singleShot(m_opt.removeDelayMs, this, [this, id] {
        m_tracker.forget(id);
        Q_EMIT callRemoved(id);
    });
}

bool EnginePhoneController::onRegistrationEvent(const core::RegistrationStateChanged& r)
{
    if (m_releases.count(r.reg)) {
        if (r.state == core::RegistrationState::Unregistered || r.state == core::RegistrationState::Failed)
            releaseEnded(r.reg);
        return true;
    }
    for (auto& [id, a] : m_accounts) {
        if (a.reg != r.reg)
            continue;
        a.regState = registrationStateOf(r.state);
        // The server asks for a secret the account does not have (e.g. the keyring lost it): the
        // engine can only say it has no method in common with the server; say what is wrong.
        const bool hasRsaKey = a.settings.auth == AuthMethod::Rsa && a.outkey;
        if (r.state == core::RegistrationState::Failed && r.failure == core::RegistrationFailure::Refused
            && a.secrets.secret.isEmpty() && !hasRsaKey) {
            RegistrationSnapshot snap;
            snap.accountId = id;
            snap.state = RegistrationState::Failed;
            snap.secretMissing = true;
            snap.reason = tr("The secret for account \"%1\" is missing (the server asks for it); enter it in "
                             "Settings → Accounts.")
                              .arg(a.settings.name);
            Q_EMIT registrationChanged(snap);
            return true;
        }
        return false;
    }
    return false;
}

} // namespace iax::phone
