#pragma once
// The Engine's calls: owned in a two-level array indexed by local call number (= CallId) — 128
// pages of 256 slots, a page allocated when its first call arrives and freed with its last —
// with the index by the peer's (address, call number) that every mini frame is routed through,
// and a min-heap of the calls' deadlines so that a timeout touches only the calls that are due.
// An empty table is a 1 KB array of null pages: creating and destroying an Engine costs no
// 32,768-slot walk, and a call leaves no page behind.
//
// Costs: find O(1) (two loads); findByRemote O(1) expected; insert/erase O(1) plus the hash; setDeadline
// O(log heap); takeDue O(log heap) per due or stale entry. A call that moves its deadline leaves
// its old heap entry behind (stale, skipped when it surfaces); once the heap holds far more
// entries than calls it is rebuilt from the current deadlines.
//
// Threading: single-threaded, owned by the Engine on its thread. Nothing here reads the network:
// ids out of range simply find nothing.
#include "core/protocol/call.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <queue>
#include <unordered_map>
#include <utility>
#include <vector>

namespace iax::core {

class CallTable {
public:
    /// Local call numbers are 15 bits: the table has a slot for each (0 and 1 are never used).
    static constexpr std::size_t kCallnos = 0x8000;

    /// An empty table (every call number free). Owner thread.
    CallTable();
    /// A deep copy of `other`: every call cloned to report to `host` (Call's cloning constructor),
    /// the same pages, peer index and deadline heap. For Engine's cloning constructor.
    CallTable(const CallTable& other, CallHost& host);
    /// Destroys the calls (each returns its held bytes to its host, which must still be alive).
    ~CallTable();
    CallTable(const CallTable&) = delete;
    CallTable& operator=(const CallTable&) = delete;

    /// The call numbered `id`, nullptr when there is none (any id; out of range finds nothing).
    Call* find(CallId id) const
    {
        if (id >= kCallnos)
            return nullptr;
        const Page* p = m_pages[id / kPageSlots].get();
        return p ? p->entries[id % kPageSlots].call.get() : nullptr;
    }
    /// True when call number `id` is taken.
    bool contains(CallId id) const { return find(id) != nullptr; }
    /// Number of calls owned.
    std::size_t size() const { return m_size; }

    /// Takes `call` at its id (1..32767, which must be free: the Engine allocates numbers from
    /// this table). Returns the call. Not filed by the peer's call number: see bindRemote.
    Call& insert(std::unique_ptr<Call> call);
    /// Destroys call `id` with its (peer, call number) entry and its deadline. Nothing if none.
    void erase(CallId id);
    /// Destroys every call (the Engine does it before the budgets the calls report to go).
    void clear();

    /// Our call for the peer's (address, call number), nullptr when none. Every mini frame and
    /// every unaddressed full frame is routed through this.
    Call* findByRemote(const PeerAddress& peer, std::uint16_t remoteCallno) const;
    /// Files call `id` under (peer, remoteCallno), unless that pair is filed already (the first
    /// call keeps it). erase() unfiles the call's own (peer(), remoteCallno()) entry.
    void bindRemote(const PeerAddress& peer, std::uint16_t remoteCallno, CallId id);
    /// Call `id` moved from `oldPeer` to its current peer(): unfiles (oldPeer, remoteCallno) when
    /// it is the call's and files the new pair (as bindRemote).
    void moveRemote(const PeerAddress& oldPeer, std::uint16_t remoteCallno, CallId id);

    /// Files `deadline` as call `id`'s next deadline (nullopt: none). Does nothing when it is the
    /// one filed already, so settling a call whose deadline did not move pushes nothing.
    void setDeadline(CallId id, std::optional<Millis> deadline);
    /// The earliest deadline filed (nullopt: none). Drops the stale entries on top of the heap.
    std::optional<Millis> nextDeadline() const;
    /// Appends to `due` every call whose filed deadline is at or before `now`, earliest first
    /// (ties by call number), and unfiles it: the caller runs it and files its next deadline.
    /// Touches only the due and stale entries, never every call.
    void takeDue(Millis now, std::vector<CallId>& due);
    /// Entries in the deadline heap, current and stale (for tests of the rebuild bound).
    std::size_t deadlineEntries() const { return m_deadlines.size(); }

    /// Calls `f(Call&)` for every call, in call-number order (walks every allocated page: for
    /// rare whole-table work such as a shutdown, never per datagram).
    template<typename F> void forEach(F&& f) const
    {
        for (const auto& p : m_pages)
            if (p)
                for (const auto& s : p->entries)
                    if (s.call)
                        f(*s.call);
    }

private:
    static constexpr Millis kNotFiled = Millis::min();
    static constexpr std::size_t kPageSlots = 256;
    struct Slot {
        std::unique_ptr<Call> call; // nullptr = free
        Millis deadline = kNotFiled; // the call's filed deadline (kNotFiled = none)
    };
    struct Page {
        Slot entries[kPageSlots];
        std::size_t calls = 0; // freed when its last call goes
    };
    /// The slot of `id` (< kCallnos); allocates its page when `create`, else nullptr if absent.
    Slot* slot(CallId id, bool create);
    const Slot* slot(CallId id) const;
    void rebuildDeadlines();

    std::unique_ptr<Page> m_pages[kCallnos / kPageSlots]; // by call number / 256; null = no call there yet
    std::size_t m_size = 0;
    struct RemoteHash {
        std::size_t operator()(const std::pair<PeerAddress, std::uint16_t>& k) const noexcept
        {
            return PeerAddressHash {}(k.first) * 65599u + k.second;
        }
    };
    // (peer, its call number) → our call number.
    std::unordered_map<std::pair<PeerAddress, std::uint16_t>, CallId, RemoteHash> m_byRemote;
    // The min-heap of (deadline, call) entries: an entry whose deadline is no longer the call's
    // filed one (Slot::deadline) is stale.
    using DeadlineEntry = std::pair<Millis, CallId>;
    mutable std::priority_queue<DeadlineEntry, std::vector<DeadlineEntry>, std::greater<>> m_deadlines;
};

} // namespace iax::core
