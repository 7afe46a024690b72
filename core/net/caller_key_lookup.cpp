#include "core/net/caller_key_lookup.h"

#include <QLoggingCategory>

namespace iax::net {

namespace {

Q_LOGGING_CATEGORY(lcLookup, "iax.keys.lookup")

QString outcomeName(core::KeyFetchResult::Outcome o)
{
    using O = core::KeyFetchResult::Outcome;
    switch (o) {
    case O::Pinned:
        return QStringLiteral("pinned");
    case O::Refreshed:
        return QStringLiteral("refreshed");
    case O::Cached:
        return QStringLiteral("store");
    case O::Refused:
        return QStringLiteral("refused");
    case O::Failed:
        break;
    }
    return QStringLiteral("failed");
}

// A name from the network, safe to put in a log line: at most 64 characters, printable ASCII.
QString printable(const QString& name)
{
    QString out = name.left(64);
    for (QChar& c : out)
        if (c.unicode() < 0x20 || c.unicode() > 0x7E)
            c = QLatin1Char('?');
    return out;
}

} // namespace

CallerKeyLookup::CallerKeyLookup(
    KeyLookupOptions options, std::function<void(core::CallId, core::PeerKeyAnswer)> answer, QObject* parent)
    : QObject(parent)
    , m_opt(std::move(options))
    , m_answer(std::move(answer))
    , m_store(m_opt.storeDirectory)
{
    qRegisterMetaType<iax::net::KeyLookupReport>();
    if (!m_opt.server.urlTemplate.isEmpty()) {
        m_client = std::make_unique<core::KeyServerClient>(m_store, m_opt.server);
        connect(m_client.get(), &core::KeyServerClient::finished, this, &CallerKeyLookup::onFetched);
    }
}

CallerKeyLookup::~CallerKeyLookup() = default;

core::Status CallerKeyLookup::validate(const KeyLookupOptions& options)
{
    if (options.storeDirectory.isEmpty())
        return core::makeError("bad-store", "no trusted-key directory given");
    if (options.server.urlTemplate.isEmpty())
        return core::Ok {};
    return core::KeyServerClient::validateTemplate(options.server.urlTemplate, options.server.allowInsecureHttp);
}

void CallerKeyLookup::answerLater(core::CallId call, core::PeerKeyAnswer a)
{
    QMetaObject::invokeMethod(
        this, [this, call, a = std::move(a)] { m_answer(call, a); }, Qt::QueuedConnection);
}

void CallerKeyLookup::lookup(core::CallId call, const QString& name)
{
    KeyLookupReport rep;
    rep.call = call;
    rep.name = name;
    auto key = m_store.load(name);
    if (key) {
        rep.outcome = QStringLiteral("store");
        rep.fingerprint = QString::fromStdString((*key)->fingerprint());
        rep.keyFound = true;
        rep.message = QStringLiteral("using the pinned key of %1 (SHA-256 %2)").arg(name, rep.fingerprint);
        Q_EMIT report(rep);
        core::PeerKeyAnswer a;
        a.key = *key;
        answerLater(call, std::move(a));
        // Past its max age: re-fetched in the background; the call does not wait for it (a changed
        // key would be refused anyway, so the pinned key is the answer whatever the server says).
        if (m_client && m_client->isStale(name) && !m_waiting.count(name))
            m_client->fetch(name);
        return;
    }
    const std::string& code = key.error().code;
    if (code == "bad-name" || !m_client) {
        rep.outcome = QStringLiteral("unknown");
        rep.errorCode = QString::fromStdString(code);
        if (code == "bad-name")
            rep.message = QStringLiteral("the caller's name '%1' cannot name a key (letters, digits, '.', '_', '-')")
                              .arg(printable(name));
        else if (code == "not-found")
            rep.message = QStringLiteral("no public key for '%1' in %2 and no key server configured")
                              .arg(name, m_store.directory());
        else
            rep.message = QStringLiteral("the stored key of '%1' is unusable: %2 (and no key server configured)")
                              .arg(name, QString::fromStdString(key.error().reason));
        Q_EMIT report(rep);
        core::PeerKeyAnswer a;
        a.unavailable = { core::RsaAttempt::Outcome::KeyUnknown, rep.message.toStdString() };
        answerLater(call, std::move(a));
        return;
    }
    if (code != "not-found")
        qCWarning(lcLookup).noquote() << "stored key of" << name
                                      << "is unusable:" << QString::fromStdString(key.error().reason)
                                      << "- asking the key server";
    auto& waiting = m_waiting[name];
    waiting.push_back(call);
    if (waiting.size() == 1)
        m_client->fetch(name);
}

void CallerKeyLookup::onFetched(const core::KeyFetchResult& r)
{
    std::vector<core::CallId> calls;
    if (auto it = m_waiting.find(r.name); it != m_waiting.end()) {
        calls = std::move(it->second);
        m_waiting.erase(it);
    }
    auto key = m_store.load(r.name); // the key now pinned (also the old one after a refusal)
    KeyLookupReport rep;
    rep.name = r.name;
    rep.outcome = outcomeName(r.outcome);
    rep.fingerprint = key ? QString::fromStdString((*key)->fingerprint()) : QString();
    rep.offeredFingerprint = r.offeredFingerprint;
    rep.url = r.url;
    rep.errorCode = r.errorCode;
    rep.message = r.message;
    rep.keyFound = bool(key);
    if (calls.empty()) {
        Q_EMIT report(rep); // a background re-fetch (or a second answer of a shared request)
        return;
    }
    for (core::CallId call : calls) {
        rep.call = call;
        Q_EMIT report(rep);
        core::PeerKeyAnswer a;
        if (key) {
            a.key = *key;
        } else {
            using O = core::RsaAttempt::Outcome;
            const O why = r.outcome == core::KeyFetchResult::Outcome::Refused ? O::KeyRefused
                : r.errorCode == QLatin1String("not-found")                   ? O::KeyUnknown
                                                                              : O::FetchFailed;
            a.unavailable = { why, r.message.toStdString() };
        }
        answerLater(call, std::move(a));
    }
}

} // namespace iax::net
