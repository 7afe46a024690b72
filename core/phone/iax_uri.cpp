#include "core/phone/iax_uri.h"

#include <QHostAddress>
#include <QRegularExpression>

namespace iax::phone {

namespace {
bool validHostName(const QString& h)
{
    static const QRegularExpression re(
        QStringLiteral("^[A-Za-z0-9]([A-Za-z0-9\\-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9\\-]{0,62}))*\\.?$"));
    return h.size() <= 253 && re.match(h).hasMatch();
}

bool validToken(const QString& s)
{
    for (QChar c : s) {
        if (c.unicode() < 0x21 || c.unicode() > 0x7e || c == '@' || c == '/' || c == ':')
            return false;
    }
    return true;
}

// Only what a dial plan extension or context is made of: a link cannot smuggle quotes, '%'
// escapes or shell/dial-string syntax into the called number.
bool onlyChars(const QString& s, QLatin1StringView extra)
{
    for (QChar c : s) {
        const char16_t u = c.unicode();
        const bool alnum = (u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z');
        if (!alnum && !(u < 0x80 && extra.contains(QLatin1Char(char(u)))))
            return false;
    }
    return true;
}

constexpr int kMaxUri = 1024; // far more than any real address; a link is not a data channel
constexpr int kMaxField = 255; // one IAX2 information element (the characters allowed are ASCII)
} // namespace

std::optional<IaxUri> parseIaxUri(const QString& text, QString* error)
{
    auto fail = [&](const QString& why) -> std::optional<IaxUri> {
        if (error)
            *error = QStringLiteral("invalid IAX2 URI '%1': %2").arg(text, why);
        return std::nullopt;
    };
    if (text.size() > kMaxUri)
        return fail(QStringLiteral("it is %1 characters long (at most %2)").arg(text.size()).arg(kMaxUri));
    QString rest;
    if (text.startsWith(QLatin1String("iax2:"), Qt::CaseInsensitive))
        rest = text.mid(5);
    else if (text.startsWith(QLatin1String("iax:"), Qt::CaseInsensitive))
        rest = text.mid(4);
    else
        return fail(QStringLiteral("it must start with iax2: or iax:"));
    if (rest.startsWith(QLatin1String("//")))
        rest = rest.mid(2);

    IaxUri uri;
    // Extension and context.
    const int slash = rest.indexOf('/');
    QString authority = slash >= 0 ? rest.left(slash) : rest;
    if (slash >= 0) {
        const QString path = rest.mid(slash + 1);
        const int at = path.indexOf('@');
        uri.extension = at >= 0 ? path.left(at) : path;
        uri.context = at >= 0 ? path.mid(at + 1) : QString();
        if (uri.extension.isEmpty())
            return fail(QStringLiteral("the extension after '/' is empty"));
        if (at >= 0 && uri.context.isEmpty())
            return fail(QStringLiteral("the context after '@' is empty"));
        if (!validToken(uri.extension) || !validToken(uri.context))
            return fail(QStringLiteral("the extension or context contains spaces or reserved characters"));
        if (!onlyChars(uri.extension, QLatin1StringView("+*#._-")))
            return fail(QStringLiteral("the extension may contain only letters, digits and + * # . _ -"));
        if (!onlyChars(uri.context, QLatin1StringView("._-")))
            return fail(QStringLiteral("the context may contain only letters, digits and . _ -"));
        if (uri.extension.size() > kMaxField)
            return fail(QStringLiteral("the extension is %1 characters long; IAX2 carries at most %2")
                            .arg(uri.extension.size())
                            .arg(kMaxField));
        if (uri.context.size() > kMaxField)
            return fail(QStringLiteral("the context is %1 characters long; IAX2 carries at most %2")
                            .arg(uri.context.size())
                            .arg(kMaxField));
    }
    // User.
    const int at = authority.lastIndexOf('@');
    if (at >= 0) {
        uri.user = authority.left(at);
        authority = authority.mid(at + 1);
        if (uri.user.isEmpty())
            return fail(QStringLiteral("the user name before '@' is empty"));
        if (uri.user.contains(':'))
            return fail(QStringLiteral("put the secret in --secret-file or IAXPHONE_SECRET, never in the URI"));
        if (!validToken(uri.user))
            return fail(QStringLiteral("the user name contains spaces or reserved characters"));
        if (uri.user.size() > kMaxField)
            return fail(QStringLiteral("the user name is %1 characters long; IAX2 carries at most %2")
                            .arg(uri.user.size())
                            .arg(kMaxField));
    }
    // Host and port.
    QString portText;
    if (authority.startsWith('[')) {
        const int close = authority.indexOf(']');
        if (close < 0)
            return fail(QStringLiteral("missing ']' after the IPv6 address"));
        uri.host = authority.mid(1, close - 1);
        const QString after = authority.mid(close + 1);
        if (!after.isEmpty()) {
            if (!after.startsWith(':'))
                return fail(QStringLiteral("unexpected text after the IPv6 address"));
            portText = after.mid(1);
            if (portText.isEmpty())
                return fail(QStringLiteral("the port after ':' is empty"));
        }
        QHostAddress a;
        if (!a.setAddress(uri.host) || a.protocol() != QAbstractSocket::IPv6Protocol)
            return fail(QStringLiteral("'%1' is not an IPv6 address").arg(uri.host));
    } else {
        const int colon = authority.indexOf(':');
        uri.host = colon >= 0 ? authority.left(colon) : authority;
        if (colon >= 0) {
            portText = authority.mid(colon + 1);
            if (portText.isEmpty())
                return fail(QStringLiteral("the port after ':' is empty"));
        }
        if (uri.host.isEmpty())
            return fail(QStringLiteral("the host is missing"));
        QHostAddress a;
        if (!a.setAddress(uri.host) && !validHostName(uri.host))
            return fail(QStringLiteral("'%1' is not a valid host name or address").arg(uri.host));
    }
    if (!portText.isEmpty()) {
        bool ok = false;
        const uint port = portText.toUInt(&ok);
        if (!ok || port == 0 || port > 65535)
            return fail(QStringLiteral("port '%1' is not a number from 1 to 65535").arg(portText));
        uri.port = quint16(port);
    }
    return uri;
}

std::optional<std::pair<QHostAddress, quint16>> parseBindAddress(
    const QString& text, quint16 defaultPort, QString* error)
{
    auto fail = [&](const QString& why) -> std::optional<std::pair<QHostAddress, quint16>> {
        if (error)
            *error = QStringLiteral("--bind '%1': %2").arg(text, why);
        return std::nullopt;
    };
    QString host = text;
    QString port;
    if (text.startsWith('[')) {
        const int close = text.indexOf(']');
        if (close < 0)
            return fail(QStringLiteral("missing ']' after the IPv6 address"));
        host = text.mid(1, close - 1);
        const QString after = text.mid(close + 1);
        if (!after.isEmpty()) {
            if (!after.startsWith(':') || after.size() < 2)
                return fail(QStringLiteral("expected ':PORT' after ']'"));
            port = after.mid(1);
        }
    } else if (text.count(':') == 1) {
        host = text.section(':', 0, 0);
        port = text.section(':', 1);
        if (port.isEmpty())
            return fail(QStringLiteral("the port after ':' is empty"));
    }
    QHostAddress address;
    if (host.isEmpty() || !address.setAddress(host))
        return fail(QStringLiteral("'%1' is not an IP address").arg(host));
    quint16 portValue = defaultPort;
    if (!port.isEmpty()) {
        bool ok = false;
        const uint v = port.toUInt(&ok);
        if (!ok || v > 65535)
            return fail(QStringLiteral("the port must be 0 to 65535"));
        portValue = quint16(v);
    }
    return std::make_pair(address, portValue);
}

} // namespace iax::phone
