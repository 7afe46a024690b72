#include "core/protocol/terminal_text.h"

#include <cstdint>
#include <cstdio>

namespace iax::core {

namespace {

// Length and code point of the well-formed UTF-8 sequence at `s[i]`; 0 when it is not one
// (truncated, overlong, a surrogate or beyond U+10FFFF).
std::size_t decodeUtf8(std::string_view s, std::size_t i, char32_t& cp)
{
    const auto b = [&](std::size_t k) { return static_cast<std::uint8_t>(s[i + k]); };
    const std::uint8_t c = b(0);
    std::size_t len = 0;
    char32_t min = 0;
    if (c < 0x80) {
        cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, cp = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (s.size() - i < len)
        return 0;
    for (std::size_t k = 1; k < len; ++k) {
        if ((b(k) & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (b(k) & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

// Characters a terminal (or a bidi-aware viewer) acts on instead of showing.
bool isActive(char32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x200E || cp == 0x200F
        || (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// \n \r \t, \xNN for other ASCII, \uNNNN above (JSON: always \uNNNN, its only escape form).
void appendEscape(std::string& out, char32_t cp, bool json)
{
    if (!json && (cp == '\n' || cp == '\r' || cp == '\t')) {
        out += cp == '\n' ? "\\n" : cp == '\r' ? "\\r" : "\\t";
        return;
    }
    char buf[12];
    std::snprintf(buf, sizeof buf, cp < 0x80 && !json ? "\\x%02x" : "\\u%04x", unsigned(cp));
    out += buf;
}

// The one loop: characters of the escaped set written as escapes, the rest copied. `json`: the
// text is JSON (C0 is escaped there already, and bytes that are not UTF-8 are left alone).
std::string escape(std::string_view text, bool json)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        char32_t cp = 0;
        const std::size_t len = decodeUtf8(text, i, cp);
        if (len == 0) {
            if (json) {
                out += text[i];
            } else {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\x%02x", unsigned(static_cast<std::uint8_t>(text[i])));
                out += buf;
            }
            ++i;
            continue;
        }
        if (isActive(cp) && (!json || cp >= 0x7F))
            appendEscape(out, cp, json);
        else
            out.append(text.substr(i, len));
        i += len;
    }
    return out;
}

} // namespace

std::string escapeForTerminal(std::string_view text)
{
    return escape(text, false);
}

std::string escapeLinesForTerminal(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t nl = text.find('\n', start);
        out += escapeForTerminal(
            text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
        if (nl == std::string_view::npos)
            break;
        out += '\n';
        start = nl + 1;
    }
    return out;
}

std::string escapeJsonControls(std::string_view json)
{
    return escape(json, true);
}

} // namespace iax::core
