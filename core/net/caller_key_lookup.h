#pragma once
// The callee's answer to the Engine's PeerKeyNeeded: the caller's public key from the trusted-key
// store (NAME.pub pinned by fingerprint), else fetched from the account's key server (HTTPS,
// timeout, size limit), pinned on first use. A key server offering a key that differs from the pin
// is refused loudly and never replaces it. A pinned key older than the max age is used at once and
// re-fetched in the background (like PhreakNet's KeyPrefetch).
// Lives on the engine/media thread (EngineHost creates it there); answers are always queued,
// never re-entrant.
#include "core/keys/key_server_client.h"
#include "core/keys/public_key_store.h"
#include "core/protocol/engine_types.h"

#include <QObject>

#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace iax::net {

/// Where callers' keys come from (EngineHost::setKeyLookup).
struct KeyLookupOptions {
    QString storeDirectory; ///< the trusted-key store (created on the first pin)
    core::KeyServerOptions server; ///< urlTemplate "" = no key server: the store alone answers
};

/// What one lookup did, for the application's log and UI.
struct KeyLookupReport {
    core::CallId call = 0; ///< the call that asked (0 for a background re-fetch)
    QString name;
    /// "store" (pinned key used), "pinned" (fetched, pinned on first use), "refreshed" (re-fetched,
    /// unchanged), "refused" (the server offered a different key: SECURITY WARNING), "failed"
    /// (fetch failed) or "unknown" (no key and no key server).
    QString outcome;
    QString fingerprint; ///< of the key used or kept ("" if none)
    QString offeredFingerprint; ///< "refused": what the server offered
    QString url;
    QString errorCode; ///< KeyFetchResult::errorCode
    QString message; ///< one sentence
    bool keyFound = false; ///< the call got a key
};

class CallerKeyLookup : public QObject {
    Q_OBJECT
public:
    /// `answer` receives exactly one answer per lookup(), always from the event loop (queued).
    CallerKeyLookup(KeyLookupOptions options, std::function<void(core::CallId, core::PeerKeyAnswer)> answer,
        QObject* parent = nullptr);
    ~CallerKeyLookup() override;

    /// Checks the options: a valid key-server template ("bad-url", "insecure-url") if one is set.
    static core::Status validate(const KeyLookupOptions& options);

    /// Looks up the key of caller `name` for `call`.
    void lookup(core::CallId call, const QString& name);
    /// Key-server requests in flight.
    int pendingFetches() const { return m_client ? m_client->pendingCount() : 0; }

Q_SIGNALS:
    /// One per lookup, plus one per background re-fetch.
    void report(const iax::net::KeyLookupReport& report);

private:
    void onFetched(const core::KeyFetchResult& r);
    void answerLater(core::CallId call, core::PeerKeyAnswer a);

    KeyLookupOptions m_opt;
    std::function<void(core::CallId, core::PeerKeyAnswer)> m_answer;
    core::PublicKeyStore m_store;
    std::unique_ptr<core::KeyServerClient> m_client;
    std::map<QString, std::vector<core::CallId>> m_waiting; // name → calls waiting for its fetch
};

} // namespace iax::net

Q_DECLARE_METATYPE(iax::net::KeyLookupReport)
