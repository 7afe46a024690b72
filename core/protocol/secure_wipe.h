#pragma once
// Wiping secrets from memory when they are no longer needed: secureWipe() overwrites with
// OPENSSL_cleanse (stores the optimiser cannot drop), and SecretString is a std::string that
// wipes its whole buffer when it is destroyed or overwritten. Any thread; never fails.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace iax::core {

/// Overwrites `n` bytes at `p` with zeros (OPENSSL_cleanse). Any thread.
void secureWipe(void* p, std::size_t n);

/// Wipes a plain object in place (an AesKey, a digest array). Any thread.
template<class T>
requires std::is_trivially_copyable_v<T>
void secureWipe(T& object)
{
    secureWipe(static_cast<void*>(&object), sizeof object);
}

/// Wipes the whole buffer of `s` (up to its capacity, so bytes left by a shorter value go too) and
/// empties it. Any thread.
void secureWipe(std::string& s);
/// The same for a byte vector (e.g. an encoded IE list that carried a key).
void secureWipe(std::vector<std::uint8_t>& v);

/// A std::string for secrets (shared secrets, passwords): its buffer is wiped when the object is
/// destroyed and before it takes a new value. Use it wherever a secret is kept beyond one call
/// (DialRequest, UserConfig, RegistrationRequest, and so the copies in each Call). Copies made as
/// plain std::string are not wiped. Not thread-safe (as std::string).
class SecretString : public std::string {
public:
    SecretString() = default;
    SecretString(const char* s)
        : std::string(s)
    { }
    SecretString(std::string_view s)
        : std::string(s)
    { }
    SecretString(const std::string& s)
        : std::string(s)
    { }
    SecretString(std::string&& s)
        : std::string(std::move(s))
    { }
    SecretString(const SecretString& o)
        : std::string(o)
    { }
    // The moved-from object keeps no heap buffer; a short value's bytes stay in its inline
    // buffer until its own destructor wipes them.
    SecretString(SecretString&& o) noexcept
        : std::string(std::move(static_cast<std::string&>(o)))
    { }
    ~SecretString() { secureWipe(static_cast<std::string&>(*this)); }

    SecretString& operator=(const SecretString& o) { return assignWiped(o); }
    SecretString& operator=(SecretString&& o) noexcept { return assignWiped(std::move(o)); }
    /// A new value; the old buffer is wiped first.
    SecretString& operator=(const std::string& s) { return assignWiped(s); }
    SecretString& operator=(std::string&& s) { return assignWiped(std::move(s)); }
    SecretString& operator=(std::string_view s) { return assignWiped(s); }
    SecretString& operator=(const char* s) { return assignWiped(s); }

private:
    template<class T> SecretString& assignWiped(T&& v)
    {
        if constexpr (std::is_base_of_v<std::string, std::remove_cvref_t<T>>) {
            if (static_cast<const void*>(&v) == static_cast<const void*>(this))
                return *this;
        }
        secureWipe(static_cast<std::string&>(*this));
        std::string::operator=(std::forward<T>(v));
        return *this;
    }
};

} // namespace iax::core
