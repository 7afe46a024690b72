#pragma once
// How both front ends set up the lookup of callers' public keys (RSA calls): where the trusted-key
// store is by default, the options EngineHost::setKeyLookup takes, and how long the Engine holds an
// incoming call for a key. The policy around it (which key server, how problems are shown) stays
// with each front end. Any thread; no I/O.
#include "core/net/caller_key_lookup.h"
#include "core/protocol/engine_types.h"

#include <chrono>

namespace iax::phone {

/// The key lookup of a phone: keys from the store in `storeDirectory` ("" = the default
/// trusted-key directory, core::defaultKeyDirectory()) and, when `server.urlTemplate` is set,
/// from that key server. Never fails; EngineHost::setKeyLookup validates the template.
net::KeyLookupOptions callerKeyLookup(const QString& storeDirectory, core::KeyServerOptions server);

/// EngineConfig::peerKeyTimeout for key fetches that give up after `fetchTimeout`: 3 s more, so a
/// fetch that times out still reports before the call goes on without the key (keep the sum below
/// the caller's give-up: Asterisk waits about 10 s for AUTHREQ).
core::Millis callerKeyWait(std::chrono::milliseconds fetchTimeout);

} // namespace iax::phone
