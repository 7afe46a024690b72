#pragma once
// Text a peer controls (TEXT frames, hang-up causes, caller names and numbers, user names, IAX2
// challenges in a capture) made safe to print on a terminal: no escape sequence, no carriage
// return, no bidirectional override reaches the user's terminal. The one rule for every human
// output of the CLI and the capture decoder. Pure functions; any thread.
#include <string>
#include <string_view>

namespace iax::core {

/// `text` (UTF-8) with every character a terminal could act on written as a visible escape: C0
/// controls (ESC, CR, LF, BEL, ... as \x1b, \r, \n, \t), DEL (\x7f), C1 controls U+0080–U+009F
/// (\u009b), bidirectional overrides and isolates, line and paragraph separators (\u202e, \u2028 …),
/// and bytes that are not well-formed UTF-8 (\xNN). Printable text, non-ASCII included, is kept.
/// The result is printable; escaping it again changes nothing.
std::string escapeForTerminal(std::string_view text);

/// A multi-line report (lines separated by '\n'): each line escaped as above, the '\n' kept.
std::string escapeLinesForTerminal(std::string_view text);

/// Valid JSON text with DEL, C1 controls, bidirectional overrides and line separators — which
/// JSON allows unescaped, and QJsonDocument writes raw — written as \u escapes (\u007f, \u009b,
/// \u202e). The JSON value is unchanged.
std::string escapeJsonControls(std::string_view json);

} // namespace iax::core
