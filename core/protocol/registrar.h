#pragma once
// Server side of IAX2 registration for the Engine's configured users: REGREQ without token →
// CALLTOKEN; with a valid token → REGAUTH (MD5 and/or RSA challenge) from a short-lived
// transaction; REGREQ with the answer → REGACK (or REGREJ); REGREL likewise. Lets `listen`
// act as a registrar for softphones. A retransmitted request gets the same reply again.
// Sans-IO; driven by the Engine on its thread.
#include "core/protocol/events.h"
#include "core/protocol/frame.h"

#include <map>
#include <string>

namespace iax::core {

class CallHost;

class Registrar {
public:
    explicit Registrar(CallHost& host)
        : m_host(host)
    { }

    /// A REGREQ/REGREL with a valid call token, addressed to no call: opens a challenge transaction
    /// from `localCallno`. Returns false when the user is unknown (the Engine sends REGREJ).
    bool challenge(
        const FullFrame& f, const IeList& ies, const PeerAddress& from, std::uint16_t localCallno, Millis now);
    /// True if `callno` is one of our open transactions.
    bool owns(std::uint16_t callno) const { return m_txns.count(callno) != 0; }
    /// The answer to our REGAUTH.
    void onFrame(std::uint16_t callno, const FullFrame& f, const IeList& ies, const PeerAddress& from, Millis now);
    /// Drops transactions older than 10 s and expired registrations.
    void expire(Millis now);
    std::optional<Millis> nextDeadline() const;
    /// Where a user is registered (nullopt when not or expired).
    std::optional<PeerAddress> contact(const std::string& username) const;

private:
    struct Txn {
        PeerAddress peer;
        std::uint16_t remoteCallno = 0;
        std::string username;
        std::string challenge;
        std::uint16_t methods = 0;
        bool release = false;
        bool done = false; ///< answered with REGACK/REGREJ
        Millis created { 0 };
        std::uint8_t oseq = 0;
        std::optional<std::uint8_t> answeredOseq; ///< oseqno of the request our last reply answered
        std::vector<std::uint8_t> lastReply; ///< resent when that request is retransmitted
    };
    void reply(std::uint16_t callno, Txn& t, const FullFrame& req, IaxCommand c, const IeList& ies);

    CallHost& m_host;
    std::map<std::uint16_t, Txn> m_txns;
    struct Contact {
        PeerAddress address;
        Millis expires { 0 };
    };
    std::map<std::string, Contact> m_contacts;
};

} // namespace iax::core
