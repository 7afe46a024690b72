#include "core/protocol/secure_wipe.h"

#include <openssl/crypto.h>

namespace iax::core {

void secureWipe(void* p, std::size_t n)
{
    if (p && n > 0)
        OPENSSL_cleanse(p, n);
}

void secureWipe(std::string& s)
{
    s.resize(s.capacity()); // within the capacity: no reallocation; the tail becomes part of the value
    secureWipe(s.data(), s.size());
    s.clear();
}

void secureWipe(std::vector<std::uint8_t>& v)
{
    v.resize(v.capacity());
    secureWipe(v.data(), v.size());
    v.clear();
}

} // namespace iax::core
