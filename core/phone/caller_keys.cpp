#include "core/phone/caller_keys.h"

#include "core/keys/key_generation.h"

namespace iax::phone {

net::KeyLookupOptions callerKeyLookup(const QString& storeDirectory, core::KeyServerOptions server)
{
    net::KeyLookupOptions o;
    o.storeDirectory = storeDirectory.isEmpty() ? core::defaultKeyDirectory() : storeDirectory;
    o.server = std::move(server);
    return o;
}

core::Millis callerKeyWait(std::chrono::milliseconds fetchTimeout)
{
    return fetchTimeout + std::chrono::seconds(3);
}

} // namespace iax::phone
