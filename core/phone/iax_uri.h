#pragma once
// Parser for `iax2:[user@]host[:port][/extension[@context]]` (also `iax:`), IPv6 hosts in brackets.
#include <QHostAddress>
#include <QString>

#include <optional>
#include <utility>

namespace iax::phone {

/// A parsed IAX2 URI. Defaults: port 4569, empty user/extension/context.
struct IaxUri {
    QString user;
    QString host;
    quint16 port = 4569;
    QString extension;
    QString context;
};

/// Parses `text` (at most 1024 characters). The user, extension and context must fit one IAX2 IE
/// (255 characters); the extension is letters, digits and + * # . _ -, the context letters,
/// digits and . _ -. On failure returns nullopt and sets `error` to a sentence for the user.
std::optional<IaxUri> parseIaxUri(const QString& text, QString* error);

/// Parses a --bind value `ADDR[:PORT]` (IPv6 as `[ADDR]:PORT` or a bare IPv6 address; port 0 =
/// ephemeral; `defaultPort` when absent). On failure returns nullopt with a sentence in `error`.
std::optional<std::pair<QHostAddress, quint16>> parseBindAddress(
    const QString& text, quint16 defaultPort, QString* error);

} // namespace iax::phone
