#pragma once
// Server side of IAX2 registration for the Engine's configured users: REGREQ without token →
// CALLTOKEN; with a valid token → REGAUTH (MD5 and/or RSA challenge) from a short-lived
// transaction; REGREQ with the answer → REGACK (or REGREJ); REGREL likewise. Lets `listen`
// act as a registrar for softphones. A retransmitted request gets the same reply again.
// Unknown users are challenged too (no user-name enumeration), and the open transactions are
// bounded per source address and in total (a REGREQ flood cannot take the call numbers).
// Sans-IO; driven by the Engine on its thread.
#include "core/protocol/events.h"
#include "core/protocol/frame.h"

#include <map>
#include <string>
#include <vector>

namespace iax::core {

class CallHost;

class Registrar {
public:
    explicit Registrar(CallHost& host)
        : m_host(&host)
    { }
    /// A deep copy of `other` (transactions, contacts) that replies through `host` from now on
    /// (Engine's cloning constructor).
    Registrar(const Registrar& other, CallHost& host)
        : Registrar(other)
    {
        m_host = &host;
    }
    Registrar& operator=(const Registrar&) = delete;

    /// At most this many open transactions per source address (host, any port) ...
    static constexpr std::size_t kMaxTransactionsPerSource = 32;
    /// ... and in total; beyond either, the oldest one (of that address, or of all) is dropped for
    /// the new one (counted in EngineCounters::registrarEvicted). So a REGREQ flood holds at most
    /// kMaxTransactions call numbers, and one from a single address at most 32.
    static constexpr std::size_t kMaxTransactions = 2048;

    /// An unaddressed REGREQ/REGREL from a client call number that has an open transaction: a
    /// retransmission (our reply is sent again) or a late copy (ignored); returns true. False for a
    /// new request (an old, finished transaction of that call number is dropped first).
    bool resendReply(const FullFrame& f, const PeerAddress& from);
    /// Before a new transaction from `from`: drops the oldest ones while that address or the
    /// whole registrar is at its bound. The call number of a dropped one becomes free.
    void makeRoom(const PeerAddress& from);
    /// A new REGREQ/REGREL with a valid call token: opens a transaction on `localCallno` and sends
    /// REGAUTH. A user that is unknown (or has no usable method) gets a challenge all the same, as
    /// Asterisk does, with the methods most users have; its answer then gets the REGREJ a wrong
    /// secret gets, so the replies do not tell which user names exist.
    void challenge(
        const FullFrame& f, const IeList& ies, const PeerAddress& from, std::uint16_t localCallno, Millis now);
    /// Open transactions.
    std::size_t transactionCount() const { return m_txns.size(); }
    /// True if `callno` is one of our open transactions.
    bool owns(std::uint16_t callno) const { return m_txns.count(callno) != 0; }
    /// The answer to our REGAUTH.
    void onFrame(std::uint16_t callno, const FullFrame& f, const IeList& ies, const PeerAddress& from, Millis now);
    /// Drops transactions older than 10 s and expired registrations.
    void expire(Millis now);
    std::optional<Millis> nextDeadline() const;
    /// Where a user is registered (nullopt when not or expired).
    std::optional<PeerAddress> contact(const std::string& username) const;
    /// True when a user is registered to us from exactly `address` (host and port) at `now`.
    bool isContact(const PeerAddress& address, Millis now) const;

private:
    /// Member-wise copy (same host); only the cloning constructor above uses it.
    Registrar(const Registrar&) = default;
    struct Txn {
        PeerAddress peer;
        std::uint16_t remoteCallno = 0;
        std::string username;
        std::string challenge;
        std::uint16_t methods = 0;
        bool release = false;
        bool fake = false; ///< an unknown user: the answer is always refused
        bool done = false; ///< answered with REGACK/REGREJ
        Millis created { 0 };
        std::uint64_t serial = 0; ///< creation order (key of m_byAge)
        std::uint8_t oseq = 0;
        std::optional<std::uint8_t> answeredOseq; ///< oseqno of the request our last reply answered
        std::vector<std::uint8_t> lastReply; ///< resent when that request is retransmitted
    };
    using TxnMap = std::map<std::uint16_t, Txn>;
    void reply(std::uint16_t callno, Txn& t, const FullFrame& req, IaxCommand c, const IeList& ies);
    /// When `requestOseqno` is the request our last reply answered (the client did not get it):
    /// sends that reply again and returns true.
    bool repeatReply(const Txn& t, std::uint8_t requestOseqno);
    /// Removes a transaction from every index.
    void drop(TxnMap::iterator it);
    /// The methods offered to an unknown user: those most configured users are offered (MD5 if none).
    std::uint16_t decoyMethods() const;

    CallHost* m_host; // never null (a pointer so that a clone can reply through its own Engine)
    TxnMap m_txns; // by our call number
    std::map<std::uint64_t, std::uint16_t> m_byAge; // serial → call number, oldest first
    std::map<std::pair<PeerAddress, std::uint16_t>, std::uint16_t> m_byRemote; // (client, its callno) → ours
    std::map<std::string, std::vector<std::uint64_t>> m_bySource; // host → serials, oldest first
    std::uint64_t m_nextSerial = 0;
    struct Contact {
        PeerAddress address;
        Millis expires { 0 };
    };
    std::map<std::string, Contact> m_contacts;
};

} // namespace iax::core
