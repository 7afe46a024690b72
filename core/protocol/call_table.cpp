#include "core/protocol/call_table.h"

#include <algorithm>
#include <cassert>
#include <iterator>

namespace iax::core {

CallTable::CallTable() = default;

CallTable::CallTable(const CallTable& other, CallHost& host)
    : m_size(other.m_size)
    , m_byRemote(other.m_byRemote)
    , m_deadlines(other.m_deadlines)
{
    for (std::size_t i = 0; i < std::size(m_pages); ++i) {
        const Page* from = other.m_pages[i].get();
        if (!from)
            continue;
        auto page = std::make_unique<Page>();
        page->calls = from->calls;
        for (std::size_t j = 0; j < kPageSlots; ++j) {
            page->entries[j].deadline = from->entries[j].deadline;
            if (from->entries[j].call)
                page->entries[j].call = std::make_unique<Call>(*from->entries[j].call, host);
        }
        m_pages[i] = std::move(page);
    }
}

CallTable::~CallTable()
{
    clear();
}

CallTable::Slot* CallTable::slot(CallId id, bool create)
{
    auto& page = m_pages[id / kPageSlots];
    if (!page && create)
        page = std::make_unique<Page>();
    return page ? &page->entries[id % kPageSlots] : nullptr;
}

const CallTable::Slot* CallTable::slot(CallId id) const
{
    const auto& page = m_pages[id / kPageSlots];
    return page ? &page->entries[id % kPageSlots] : nullptr;
}

Call& CallTable::insert(std::unique_ptr<Call> call)
{
    const CallId id = call->id();
    assert(id < kCallnos && !find(id)); // the Engine's bug, never the peer's
    Slot& s = *slot(id, true);
    s.call = std::move(call);
    ++m_pages[id / kPageSlots]->calls;
    ++m_size;
    return *s.call;
}

void CallTable::erase(CallId id)
{
    Call* c = find(id);
    if (!c)
        return;
    if (auto r = m_byRemote.find({ c->peer(), c->remoteCallno() }); r != m_byRemote.end() && r->second == id)
        m_byRemote.erase(r);
    Slot& s = *slot(id, false);
    s.deadline = kNotFiled; // its heap entries are stale from now on
    s.call.reset();
    --m_size;
    if (auto& page = m_pages[id / kPageSlots]; --page->calls == 0)
        page.reset(); // its heap entries find no slot: stale
}

void CallTable::clear()
{
    // Each call goes before its page, in call-number order (a call's destructor may still look
    // calls up through its host).
    for (auto& p : m_pages)
        if (p)
            for (auto& s : p->entries)
                s.call.reset();
    for (auto& p : m_pages)
        p.reset();
    m_size = 0;
    m_byRemote.clear();
    m_deadlines = {};
}

Call* CallTable::findByRemote(const PeerAddress& peer, std::uint16_t remoteCallno) const
{
    const auto it = m_byRemote.find({ peer, remoteCallno });
    return it == m_byRemote.end() ? nullptr : find(it->second);
}

void CallTable::bindRemote(const PeerAddress& peer, std::uint16_t remoteCallno, CallId id)
{
    m_byRemote.try_emplace({ peer, remoteCallno }, id);
}

void CallTable::moveRemote(const PeerAddress& oldPeer, std::uint16_t remoteCallno, CallId id)
{
    if (auto r = m_byRemote.find({ oldPeer, remoteCallno }); r != m_byRemote.end() && r->second == id)
        m_byRemote.erase(r);
    if (const Call* c = find(id))
        bindRemote(c->peer(), remoteCallno, id);
}

void CallTable::setDeadline(CallId id, std::optional<Millis> deadline)
{
    Slot* s = id < kCallnos ? slot(id, deadline.has_value()) : nullptr;
    if (!s)
        return; // nothing filed on a page that does not exist yet
    Millis& known = s->deadline;
    if (!deadline) {
        known = kNotFiled;
        return;
    }
    if (known == *deadline)
        return; // filed already
    known = *deadline;
    m_deadlines.push({ *deadline, id });
    if (m_deadlines.size() > 4 * m_size + 1024)
        rebuildDeadlines(); // mostly stale entries
}

void CallTable::rebuildDeadlines()
{
    decltype(m_deadlines) fresh;
    for (std::size_t page = 0; page < std::size(m_pages); ++page)
        if (const auto& p = m_pages[page])
            for (std::size_t i = 0; i < kPageSlots; ++i)
                if (p->entries[i].call && p->entries[i].deadline != kNotFiled)
                    fresh.push({ p->entries[i].deadline, CallId(page * kPageSlots + i) });
    m_deadlines = std::move(fresh);
}

std::optional<Millis> CallTable::nextDeadline() const
{
    while (!m_deadlines.empty()) {
        const auto [t, id] = m_deadlines.top();
        if (const Slot* s = slot(id); s && s->deadline == t)
            return t;
        m_deadlines.pop(); // stale: the call moved its deadline or is gone
    }
    return std::nullopt;
}

void CallTable::takeDue(Millis now, std::vector<CallId>& due)
{
    while (!m_deadlines.empty() && m_deadlines.top().first <= now) {
        const auto [t, id] = m_deadlines.top();
        m_deadlines.pop();
        Slot* s = slot(id, false);
        if (!s || s->deadline != t)
            continue; // stale
        s->deadline = kNotFiled; // the caller files its next one
        due.push_back(id);
    }
}

} // namespace iax::core
