#pragma once
// A simulated network for Engine tests (ngtcp2 examples/sim.h, h11 ConnectionPair): engines
// joined by links with delay, jitter, loss, duplication and reordering, all seeded, on a
// virtual clock. An hour of call runs in a second of wall clock.
#include "core/protocol/engine.h"

#include <algorithm>
#include <functional>
#include <map>
#include <vector>

namespace iax::sim {

using core::Millis;

struct LinkProfile {
    Millis delay { 20 };
    Millis jitter { 0 }; ///< uniform extra delay in [0, jitter] (reorders when > packet spacing)
    double loss = 0; ///< probability a datagram is dropped
    double duplicate = 0; ///< probability a datagram is delivered twice
    double reorder = 0; ///< probability a datagram is held back by `reorderDelay` (overtaken by later ones)
    Millis reorderDelay { 80 };
};

/// Two or more engines at addresses; run() advances virtual time delivering datagrams.
class SimNetwork {
public:
    explicit SimNetwork(std::uint64_t seed)
        : m_rng(seed)
    { }

    /// Adds an engine at `addr` (the network does not own it).
    void add(const core::PeerAddress& addr, core::Engine& e) { m_nodes[addr] = &e; }
    void setProfile(LinkProfile p) { m_profile = p; }
    /// Drops everything to/from `addr` from now on (a peer that vanished).
    void cut(const core::PeerAddress& addr) { m_cut.push_back(addr); }
    /// Undoes cut(addr): the network is back.
    void restore(const core::PeerAddress& addr) { std::erase(m_cut, addr); }
    /// The engine at `from` now sends and receives at `to` (a laptop's new address); datagrams
    /// still in flight to `from` are lost.
    void move(const core::PeerAddress& from, const core::PeerAddress& to)
    {
        if (auto n = m_nodes.extract(from))
            m_nodes[to] = n.mapped();
    }
    /// Sees every datagram sent (before loss), for wire inspections.
    std::function<void(const core::PeerAddress& from, const core::Transmit&)> tap;
    /// A man in the middle: may rewrite a datagram in flight; returning false drops it.
    std::function<bool(const core::PeerAddress& from, core::Transmit&)> mutate;
    /// Called for every event of every engine.
    std::function<void(const core::PeerAddress& node, const core::EngineEvent&)> onEvent;

    Millis now() const { return m_now; }
    /// True if run() stopped because virtual time could not advance (an engine bug).
    bool stalled() const { return m_stalled; }

    /// Runs until `until` (virtual), or until `stop` returns true.
    void run(Millis until, const std::function<bool()>& stop = {})
    {
        for (;;) {
            flush();
            if (stop && stop())
                return;
            // next instant: a delivery or an engine deadline
            std::optional<Millis> next;
            if (!m_inflight.empty())
                next = m_inflight.begin()->first;
            m_deadlines.clear();
            for (auto& [addr, e] : m_nodes) {
                const auto t = e->nextDeadline();
                m_deadlines.push_back(t);
                if (t && (!next || *t < *next))
                    next = std::max(*t, m_now);
            }
            if (!next || *next > until) {
                m_now = until;
                return;
            }
            // An engine whose deadline never moves would spin here forever: report it instead.
            m_spins = *next == m_now ? m_spins + 1 : 0;
            if (m_spins > 100000) {
                m_stalled = true;
                return;
            }
            m_now = *next;
            m_touched.clear();
            while (!m_inflight.empty() && m_inflight.begin()->first <= m_now) {
                auto d = std::move(m_inflight.begin()->second);
                m_inflight.erase(m_inflight.begin());
                if (auto n = m_nodes.find(d.to); n != m_nodes.end()) {
                    n->second->receive(d.bytes, d.from, m_now);
                    m_touched.push_back(n->second);
                }
            }
            // Only an engine that received (or timed out, should it sit at two addresses) has a
            // deadline other than the one found above: the others are not asked again.
            std::size_t i = 0;
            for (auto& [addr, e] : m_nodes) {
                const bool touched = std::find(m_touched.begin(), m_touched.end(), e) != m_touched.end();
                if (auto t = touched ? e->nextDeadline() : m_deadlines[i]; t && *t <= m_now) {
                    e->handleTimeout(m_now);
                    m_touched.push_back(e);
                }
                ++i;
            }
        }
    }

    /// Sends whatever the engines queued and delivers their events.
    void flush()
    {
        bool more = true;
        while (more) {
            more = false;
            for (auto& [addr, e] : m_nodes) {
                while (auto t = e->pollTransmit()) {
                    more = true;
                    if (tap)
                        tap(addr, *t);
                    send(addr, std::move(*t));
                }
                while (auto ev = e->pollEvent()) {
                    more = true;
                    if (onEvent)
                        onEvent(addr, *ev);
                }
            }
        }
    }

    /// Injects a raw datagram (spoofing, garbage) to arrive now.
    void inject(const core::PeerAddress& from, const core::PeerAddress& to, std::vector<std::uint8_t> bytes)
    {
        m_inflight.emplace(m_now, InFlight { from, to, std::move(bytes) });
    }
    /// Injects a raw datagram to arrive at `at` (a scripted sender with its own timing; not
    /// subject to the link profile).
    void injectAt(
        const core::PeerAddress& from, const core::PeerAddress& to, std::vector<std::uint8_t> bytes, Millis at)
    {
        m_inflight.emplace(std::max(at, m_now), InFlight { from, to, std::move(bytes) });
    }

private:
    struct InFlight {
        core::PeerAddress from, to;
        std::vector<std::uint8_t> bytes;
    };
    bool isCut(const core::PeerAddress& a) const
    {
        for (const auto& c : m_cut)
            if (c == a)
                return true;
        return false;
    }
    double uniform01() { return double(m_rng.next() >> 11) / double(1ULL << 53); }
    void send(const core::PeerAddress& from, core::Transmit t)
    {
        if (isCut(from) || isCut(t.to))
            return;
        if (mutate && !mutate(from, t))
            return;
        if (uniform01() < m_profile.loss)
            return;
        const int copies = uniform01() < m_profile.duplicate ? 2 : 1;
        for (int i = 0; i < copies; ++i) {
            Millis d = m_profile.delay;
            if (m_profile.jitter.count() > 0)
                d += Millis(std::int64_t(uniform01() * double(m_profile.jitter.count())));
            if (m_profile.reorder > 0 && uniform01() < m_profile.reorder)
                d += m_profile.reorderDelay;
            // The last copy takes the datagram's bytes, an earlier one (a duplicate) copies them.
            m_inflight.emplace(m_now + d, InFlight { from, t.to, i + 1 == copies ? std::move(t.bytes) : t.bytes });
        }
    }

    core::SeededRandom m_rng;
    std::map<core::PeerAddress, core::Engine*> m_nodes;
    std::multimap<Millis, InFlight> m_inflight; // by arrival time; equal times keep sending order
    std::vector<core::PeerAddress> m_cut;
    LinkProfile m_profile;
    Millis m_now { 0 };
    int m_spins = 0;
    bool m_stalled = false;
    // run()'s scratch space, kept to spare an allocation per instant: each node's deadline at
    // this instant (in m_nodes' order) and the engines that received or timed out since.
    std::vector<std::optional<Millis>> m_deadlines;
    std::vector<core::Engine*> m_touched;
};

} // namespace iax::sim
