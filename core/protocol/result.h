#pragma once
// A small expected-like result type: a value or an error with a human-readable reason.
// Decoders of network bytes return it instead of throwing (see STYLE.md, "Errors").
#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace iax::core {

/// The error half of a Result: a stable machine code and a sentence for humans.
struct Error {
    std::string code; ///< short stable identifier, e.g. "truncated-ie"
    std::string reason; ///< one sentence a user or log reader understands
};

/// Holds either a T or an Error. Accessing the wrong alternative is a programming error (asserts).
template<typename T> class [[nodiscard]] Result {
public:
    Result(T value)
        : m_v(std::move(value))
    { } // NOLINT(google-explicit-constructor)
    Result(Error err)
        : m_v(std::move(err))
    { } // NOLINT(google-explicit-constructor)

    bool ok() const { return std::holds_alternative<T>(m_v); }
    explicit operator bool() const { return ok(); }

    T& value() &
    {
        assert(ok());
        return std::get<T>(m_v);
    }
    const T& value() const&
    {
        assert(ok());
        return std::get<T>(m_v);
    }
    T&& value() &&
    {
        assert(ok());
        return std::get<T>(std::move(m_v));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const
    {
        assert(!ok());
        return std::get<Error>(m_v);
    }

private:
    std::variant<T, Error> m_v;
};

/// Result of an operation that yields nothing on success.
struct Ok { };
using Status = Result<Ok>;

inline Error makeError(std::string code, std::string reason)
{
    return Error { std::move(code), std::move(reason) };
}

} // namespace iax::core
