#pragma once
// Parser for `iax2:[user@]host[:port][/extension[@context]]` (also `iax:`), IPv6 hosts in brackets.
#include <QString>

#include <optional>

namespace iax::cli {

/// A parsed IAX2 URI. Defaults: port 4569, empty user/extension/context.
struct IaxUri {
    QString user;
    QString host;
    quint16 port = 4569;
    QString extension;
    QString context;
};

/// Parses `text`. On failure returns nullopt and sets `error` to a sentence for the user.
std::optional<IaxUri> parseIaxUri(const QString& text, QString* error);

} // namespace iax::cli
