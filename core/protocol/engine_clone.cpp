// Engine's cloning constructor (engine.h): a deep copy whose calls, registrations and registrar
// report to the clone, for tests and the fuzzer's snapshots of a reached state.
#include "core/protocol/engine.h"

#include <cassert>

namespace iax::core {

Engine::Engine(const Engine& other, RandomSource& rng)
    : m_config(other.m_config)
    , m_rng(rng)
    , m_tokens(other.m_tokens)
    , m_calls(other.m_calls, *this)
    , m_keyWaits(other.m_keyWaits)
    , m_unauthOf(other.m_unauthOf)
    , m_unauthTotal(other.m_unauthTotal)
    , m_unauthByHost(other.m_unauthByHost)
    , m_heldBytes(other.m_heldBytes)
    , m_moves(other.m_moves)
    , m_nextReg(other.m_nextReg)
    , m_registrar(other.m_registrar, *this)
    , m_tx(other.m_tx)
    , m_events(other.m_events)
    , m_counters(other.m_counters)
{
    assert(&rng != &other.m_rng); // a shared source would interleave the two engines' draws
    for (const auto& [id, r] : other.m_regs)
        m_regs.emplace(id, std::make_unique<Registration>(*r, *this));
}

} // namespace iax::core
