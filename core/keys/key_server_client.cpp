#include "core/keys/key_server_client.h"

#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QTimer>

namespace iax::core {

namespace {

Q_LOGGING_CATEGORY(lcKeys, "iax.keys")

KeyFetchResult failure(const QString& name, const QString& url, const QString& code, const QString& message)
{
    KeyFetchResult r;
    r.name = name;
    r.url = url;
    r.outcome = KeyFetchResult::Outcome::Failed;
    r.errorCode = code;
    r.message = message;
    return r;
}

} // namespace

KeyServerClient::KeyServerClient(PublicKeyStore& store, KeyServerOptions options, WallClock clock, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_opt(std::move(options))
    , m_clock(clock ? std::move(clock) : WallClock([] { return QDateTime::currentDateTimeUtc(); }))
    , m_nam(new QNetworkAccessManager(this))
{
    qRegisterMetaType<iax::core::KeyFetchResult>();
}

KeyServerClient::~KeyServerClient()
{
    // Replies are children of m_nam; make sure none calls back into a half-destroyed object.
    for (auto& p : m_pending) {
        if (p.reply) {
            p.reply->disconnect(this);
            p.reply->abort();
        }
    }
}

Status KeyServerClient::validateTemplate(const QString& urlTemplate, bool allowInsecureHttp)
{
    if (!urlTemplate.contains(QLatin1String("{name}")))
        return makeError("bad-url", "key-server URL template must contain {name}: '" + urlTemplate.toStdString() + "'");
    const QUrl url(QString(urlTemplate).replace(QLatin1String("{name}"), QLatin1String("x")), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return makeError("bad-url", "key-server URL template is not a valid URL: '" + urlTemplate.toStdString() + "'");
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return Ok {};
    if (scheme == QLatin1String("http") && allowInsecureHttp)
        return Ok {};
    return makeError("insecure-url", "key-server URL must use https: '" + urlTemplate.toStdString() + "'");
}

Result<QUrl> KeyServerClient::urlFor(const QString& name) const
{
    if (!PublicKeyStore::isValidName(name))
        return makeError("bad-name", "invalid key name '" + name.left(80).toStdString() + "'");
    if (auto st = validateTemplate(m_opt.urlTemplate, m_opt.allowInsecureHttp); !st)
        return st.error();
    // Valid names are URL-safe already; encode anyway so the rule stays local.
    const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(name));
    return QUrl(QString(m_opt.urlTemplate).replace(QLatin1String("{name}"), encoded));
}

bool KeyServerClient::isStale(const QString& name) const
{
    const auto pin = m_store.pin(name);
    if (!pin || !pin->lastFetched.isValid())
        return true;
    const qint64 ageSeconds = pin->lastFetched.secsTo(m_clock());
    return ageSeconds >= qint64(m_opt.maxAge.count());
}

void KeyServerClient::ensure(const QString& name)
{
    if (!isStale(name)) {
        if (auto key = m_store.load(name)) {
            KeyFetchResult r;
            r.name = name;
            r.outcome = KeyFetchResult::Outcome::Cached;
            r.fingerprint = QString::fromStdString((*key)->fingerprint());
            r.message = "key for " + name + " is pinned and fresh";
            emitLater(std::move(r));
            return;
        }
    }
    fetch(name);
}

void KeyServerClient::emitLater(KeyFetchResult result, int times)
{
    QTimer::singleShot(0, this, [this, result = std::move(result), times] {
        for (int i = 0; i < times; ++i)
            Q_EMIT finished(result);
    });
}

void KeyServerClient::fetch(const QString& name)
{
    if (auto it = m_pending.find(name); it != m_pending.end()) {
        ++it->waiters;
        return;
    }
    auto url = urlFor(name);
    if (!url) {
        emitLater(
            failure(name, {}, QString::fromStdString(url.error().code), QString::fromStdString(url.error().reason)));
        return;
    }
    QNetworkRequest req(*url);
    req.setTransferTimeout(int(m_opt.timeout.count()));
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    req.setMaximumRedirectsAllowed(3);
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    req.setRawHeader("Accept", "application/x-pem-file, text/plain");
    if (!m_opt.extraCaCertificates.isEmpty()) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.addCaCertificates(m_opt.extraCaCertificates);
        req.setSslConfiguration(ssl);
    }
    QNetworkReply* reply = m_nam->get(req);
    Pending p;
    p.reply = reply;
    p.url = url->toString();
    m_pending.insert(name, p);
    const qint64 limit = m_opt.maxBytes;
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, name, reply, limit] {
        const QVariant len = reply->header(QNetworkRequest::ContentLengthHeader);
        auto it = m_pending.find(name);
        if (it != m_pending.end() && len.isValid() && len.toLongLong() > limit) {
            it->tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::readyRead, this, [this, name] { onReadyRead(name); });
    connect(reply, &QNetworkReply::finished, this, [this, name] { onFinished(name); });
}

void KeyServerClient::onReadyRead(const QString& name)
{
    auto it = m_pending.find(name);
    if (it == m_pending.end() || !it->reply || it->tooLarge)
        return;
    it->body += it->reply->readAll();
    if (it->body.size() > m_opt.maxBytes) {
        it->tooLarge = true;
        it->reply->abort(); // finished() follows (possibly synchronously); `it` is not used after this
    }
}

void KeyServerClient::onFinished(const QString& name)
{
    auto it = m_pending.find(name);
    if (it == m_pending.end())
        return;
    Pending p = it.value();
    m_pending.erase(it);
    QNetworkReply* reply = p.reply;
    if (!reply)
        return;
    reply->deleteLater();
    if (!p.tooLarge && reply->isOpen())
        p.body += reply->readAll();
    const QString& url = p.url;

    KeyFetchResult r;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (p.tooLarge || p.body.size() > m_opt.maxBytes) {
        r = failure(name, url, "too-large",
            QString("key server response for %1 exceeds %2 bytes — refused (%3)")
                .arg(name)
                .arg(m_opt.maxBytes)
                .arg(url));
    } else if (reply->error() == QNetworkReply::OperationCanceledError
        || reply->error() == QNetworkReply::TimeoutError) {
        r = failure(name, url, "timeout",
            QString("key server did not answer within %1 ms for %2 (%3)")
                .arg(m_opt.timeout.count())
                .arg(name)
                .arg(url));
    } else if (reply->error() == QNetworkReply::SslHandshakeFailedError) {
        r = failure(name, url, "tls-failed",
            QString("TLS to the key server failed for %1: %2").arg(name, reply->errorString()));
    } else if (status == 404 || reply->error() == QNetworkReply::ContentNotFoundError) {
        r = failure(name, url, "not-found", QString("the key server has no key for %1 (HTTP 404, %2)").arg(name, url));
    } else if (status != 0 && status != 200) {
        r = failure(
            name, url, "http-error", QString("the key server answered HTTP %1 for %2 (%3)").arg(status).arg(name, url));
    } else if (reply->error() != QNetworkReply::NoError) {
        r = failure(
            name, url, "network", QString("key server fetch for %1 failed: %2").arg(name, reply->errorString()));
    } else {
        r = evaluate(name, url, p.body);
    }
    if (r.outcome == KeyFetchResult::Outcome::Failed) {
        // A failed fetch still leaves any previously pinned key usable.
        if (auto key = m_store.load(name))
            r.fingerprint = QString::fromStdString((*key)->fingerprint());
        qCWarning(lcKeys).noquote() << r.message;
    }
    for (int i = 0; i < p.waiters; ++i)
        Q_EMIT finished(r);
}

KeyFetchResult KeyServerClient::evaluate(const QString& name, const QString& url, const QByteArray& body)
{
    auto key = RsaKey::publicFromPem(std::string_view(body.constData(), size_t(body.size())));
    if (!key) {
        return failure(name, url, QString::fromStdString(key.error().code),
            QString("key server sent an unusable key for %1: %2")
                .arg(name, QString::fromStdString(key.error().reason)));
    }
    const QString offered = QString::fromStdString(key->fingerprint());
    auto pin = m_store.pin(name);
    KeyFetchResult r;
    r.name = name;
    r.url = url;
    r.offeredFingerprint = offered;
    auto stored = (pin && pin->fingerprint != offered)
        ? Result<PublicKeyInfo>(makeError("key-changed", "pinned key differs"))
        : m_store.importPem(name, body, url, PublicKeyStore::OnChange::Refuse);
    if (!stored && stored.error().code == "key-changed") {
        // Pinned meanwhile by another writer of the store (importPem re-checks under its lock).
        if (!pin || pin->fingerprint == offered)
            pin = m_store.pin(name);
    }
    if (!stored && stored.error().code == "key-changed" && pin && pin->fingerprint != offered) {
        r.outcome = KeyFetchResult::Outcome::Refused;
        r.errorCode = "key-changed";
        r.fingerprint = pin->fingerprint;
        r.message = QString("key for %1 changed: pinned %2, server offered %3 — refusing (the pinned key stays; "
                            "remove it deliberately if the change is genuine)")
                        .arg(name, pin->fingerprint, offered);
        qCWarning(lcKeys).noquote() << "SECURITY WARNING:" << r.message << "(" << url << ")";
        Q_EMIT keyChanged(name, pin->fingerprint, offered, r.message);
        return r;
    }
    if (!stored) {
        return failure(name, url, QString::fromStdString(stored.error().code),
            QString("key for %1 from the key server not stored: %2")
                .arg(name, QString::fromStdString(stored.error().reason)));
    }
    r.fingerprint = offered;
    r.outcome = pin ? KeyFetchResult::Outcome::Refreshed : KeyFetchResult::Outcome::Pinned;
    r.message = pin ? QString("key for %1 re-fetched, fingerprint unchanged (%2)").arg(name, offered)
                    : QString("key for %1 pinned on first use: %2 (from %3)").arg(name, offered, url);
    return r;
}

} // namespace iax::core
