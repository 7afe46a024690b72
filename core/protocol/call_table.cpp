#include "core/protocol/call_table.h"

#include <algorithm>
#include <cassert>

namespace iax::core {

CallTable::CallTable()
    : m_calls(kCallnos)
    , m_deadlineOf(kCallnos, kNotFiled)
{ }

CallTable::~CallTable()
{
    clear();
}

Call& CallTable::insert(std::unique_ptr<Call> call)
{
    const CallId id = call->id();
    assert(id < kCallnos && !m_calls[id]); // the Engine's bug, never the peer's
    m_calls[id] = std::move(call);
    ++m_size;
    return *m_calls[id];
}

void CallTable::erase(CallId id)
{
    Call* c = find(id);
    if (!c)
        return;
    if (auto r = m_byRemote.find({ c->peer(), c->remoteCallno() }); r != m_byRemote.end() && r->second == id)
        m_byRemote.erase(r);
    m_deadlineOf[id] = kNotFiled; // its heap entries are stale from now on
    m_calls[id].reset();
    --m_size;
}

void CallTable::clear()
{
    for (auto& c : m_calls)
        c.reset();
    m_size = 0;
    m_byRemote.clear();
    std::fill(m_deadlineOf.begin(), m_deadlineOf.end(), kNotFiled);
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

void CallTable::setDeadline(CallId id, std::optional<Millis> deadline)
{
    if (id >= kCallnos)
        return;
    Millis& known = m_deadlineOf[id];
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
    for (std::size_t id = 0; id < kCallnos; ++id)
        if (m_calls[id] && m_deadlineOf[id] != kNotFiled)
            fresh.push({ m_deadlineOf[id], CallId(id) });
    m_deadlines = std::move(fresh);
}

std::optional<Millis> CallTable::nextDeadline() const
{
    while (!m_deadlines.empty()) {
        const auto [t, id] = m_deadlines.top();
        if (m_deadlineOf[id] == t)
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
        if (m_deadlineOf[id] != t)
            continue; // stale
        m_deadlineOf[id] = kNotFiled; // the caller files its next one
        due.push_back(id);
    }
}

} // namespace iax::core
