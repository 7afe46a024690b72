// The Engine's admission of incoming calls and its shared budgets: the pool of calls whose caller
// has not authenticated (in all and per source host, apart from maxCalls, so half-open calls never
// block dial() or authenticated calls), the decoy account unknown users are challenged with, and
// the Engine-wide budget of held frames. engine.cpp calls these from onNew, dial and settle.
#include "core/protocol/engine.h"

#include "core/protocol/call_causes.h"

#include <algorithm>
#include <array>

namespace iax::core {

bool Engine::admitNew(const FullFrame& f, const PeerAddress& from)
{
    const char* full = nullptr;
    if (m_unauthTotal >= m_config.maxUnauthenticatedCalls || m_calls.size() - m_unauthTotal >= m_config.maxCalls)
        full = "Too many calls";
    else if (auto it = m_unauthByHost.find(from.host);
             it != m_unauthByHost.end() && it->second >= m_config.maxUnauthenticatedPerAddress)
        full = "Too many unauthenticated calls from this address";
    if (!full)
        return true;
    ++m_counters.newRefusedFull;
    IeList r;
    r.addString(IeId::Cause, full).addU8(IeId::CauseCode, cause::kCongestion);
    replyClear(from, f, IaxCommand::Reject, r, 1);
    return false;
}

UserConfig Engine::decoyUser(const std::string& username)
{
    // Shaped like the first account (its encryption policy, so a NEW without ENCRYPTION meets the
    // same REJECT), but MD5 with a 128-bit random secret and no keys: no AUTHREP can pass.
    const UserConfig& like = m_config.users.front();
    UserConfig u;
    u.username = username;
    u.encryption = like.encryption;
    u.rotation = like.rotation;
    u.codecs = like.codecs;
    u.authMethods = AuthMethod::Md5;
    static constexpr char kHex[] = "0123456789abcdef";
    std::array<std::uint8_t, 16> raw {};
    m_rng.fill(raw);
    for (auto b : raw) {
        u.secret.push_back(kHex[b >> 4]);
        u.secret.push_back(kHex[b & 15]);
    }
    return u;
}

void Engine::updatePools(const Call& c)
{
    const CallId id = c.id();
    const bool unauth = c.unauthenticatedIncoming() && !c.dead();
    if (m_unauthOf[id] == unauth)
        return;
    m_unauthOf[id] = unauth;
    if (unauth) {
        ++m_unauthTotal;
        ++m_unauthByHost[c.peer().host];
        return;
    }
    --m_unauthTotal;
    if (auto it = m_unauthByHost.find(c.peer().host); it != m_unauthByHost.end() && --it->second == 0)
        m_unauthByHost.erase(it);
}

bool Engine::reserveHeld(std::size_t n)
{
    if (m_heldBytes + n > m_config.maxHeldBytes)
        return false;
    m_heldBytes += n;
    return true;
}

void Engine::releaseHeld(std::size_t n)
{
    m_heldBytes -= std::min(n, m_heldBytes);
}

bool Engine::admitAuthenticated()
{
    // The asking call is still counted as unauthenticated here.
    return m_calls.size() - m_unauthTotal < m_config.maxCalls;
}

} // namespace iax::core
