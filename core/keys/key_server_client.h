#pragma once
// Fetches peer public keys from a key server (HTTPS, URL template with {name}), pins them on
// first use, re-fetches after a max age (like PhreakNet's KeyPrefetch) and REFUSES a key whose
// fingerprint differs from the pin (the old key stays; a loud warning is raised).
// Lives on one thread (core/net's): create it there; results arrive as signals on that thread.
#include "core/keys/public_key_store.h"

#include <QList>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QUrl>

#include <chrono>

class QNetworkAccessManager;
class QNetworkReply;

namespace iax::core {

/// Settings of one account's key server.
struct KeyServerOptions {
    QString urlTemplate; ///< e.g. "https://keys.example.net/{name}.pub"; must contain {name}
    std::chrono::seconds maxAge { std::chrono::hours(24) }; ///< re-fetch a pinned key after this
    std::chrono::milliseconds timeout {
        5000
    }; ///< no data for this long → "timeout" (keep below the caller's NEW give-up)
    qint64 maxBytes = 16 * 1024; ///< larger bodies (or Content-Length) → "too-large"
    bool allowInsecureHttp = false; ///< http:// templates only when set (never needed in production)
    QList<QSslCertificate> extraCaCertificates; ///< trusted in addition to the system CAs
};

/// The outcome of ensure()/fetch() for one name.
struct KeyFetchResult {
    enum class Outcome {
        Pinned, ///< first fetch: key stored and pinned
        Refreshed, ///< re-fetched, same fingerprint as the pin
        Cached, ///< pinned and younger than maxAge: no request made
        Refused, ///< server offered a different key: refused, the pinned key stays
        Failed ///< nothing usable was fetched (errorCode says why)
    };
    QString name;
    Outcome outcome = Outcome::Failed;
    QString fingerprint; ///< of the key now in the store ("" if none)
    QString offeredFingerprint; ///< what the server sent ("" if nothing parsable)
    QString url;
    QString errorCode; ///< "" or: bad-name, bad-url, insecure-url, timeout, too-large, tls-failed, not-found,
                       ///< http-error, network, bad-pem, not-rsa, weak-key, key-changed, io
    QString message; ///< one sentence for logs and the UI
    /// True when the store holds a pinned key for `name` that may be used (also after a refusal).
    bool keyAvailable() const { return !fingerprint.isEmpty(); }
};

/// Asynchronous key-server client over QNetworkAccessManager. Not thread-safe (Qt object affinity).
class KeyServerClient : public QObject {
    Q_OBJECT
public:
    /// `store` must outlive this object. `clock` defaults to the current UTC time.
    KeyServerClient(PublicKeyStore& store, KeyServerOptions options, WallClock clock = {}, QObject* parent = nullptr);
    ~KeyServerClient() override;

    /// Checks a URL template: parsable, contains {name}, https (http only with allowInsecureHttp).
    /// Errors: "bad-url", "insecure-url".
    static Status validateTemplate(const QString& urlTemplate, bool allowInsecureHttp = false);
    /// The URL for `name` (percent-encoded into the template). Errors: "bad-name", "bad-url", "insecure-url".
    Result<QUrl> urlFor(const QString& name) const;
    /// True when `name` has no pin, was never fetched, or was last fetched maxAge ago or earlier.
    bool isStale(const QString& name) const;

    /// Emits finished(Cached) when a fresh pinned key exists (queued, never re-entrant), else fetch(name).
    void ensure(const QString& name);
    /// Requests the key now; concurrent requests for one name share one HTTP request.
    /// Always ends with exactly one finished() per request (queued for immediate failures).
    void fetch(const QString& name);
    /// Number of HTTP requests in flight.
    int pendingCount() const { return int(m_pending.size()); }
    /// What a fetch does with the body of an HTTP 200 for `name` from `url` (no network): parses
    /// the PEM, pins it or refuses a changed key (keyChanged() then), never replaces a pin. A
    /// failure is Failed with errorCode and message. Also the in-memory entry of fuzz_keyserver.
    KeyFetchResult evaluate(const QString& name, const QString& url, const QByteArray& body);

Q_SIGNALS:
    /// One per ensure()/fetch() call.
    void finished(const iax::core::KeyFetchResult& result);
    /// The loud warning: the server offered a key that differs from the pin (also logged with qWarning).
    void keyChanged(const QString& name, const QString& pinnedFingerprint, const QString& offeredFingerprint,
        const QString& message);

private:
    struct Pending {
        QPointer<QNetworkReply> reply;
        QByteArray body;
        QString url;
        bool tooLarge = false;
        int waiters = 1;
    };
    void onReadyRead(const QString& name);
    void onFinished(const QString& name);
    void emitLater(KeyFetchResult result, int times = 1);

    PublicKeyStore& m_store;
    KeyServerOptions m_opt;
    WallClock m_clock;
    QNetworkAccessManager* m_nam;
    QMap<QString, Pending> m_pending;
};

} // namespace iax::core

Q_DECLARE_METATYPE(iax::core::KeyFetchResult)
