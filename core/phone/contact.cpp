#include "core/phone/contact.h"

namespace iax::phone {

QString normalizedNumber(const QString& number)
{
    QString out;
    out.reserve(number.size());
    for (const QChar ch : number) {
        if (ch.isSpace() || ch == QLatin1Char('-') || ch == QLatin1Char('.') || ch == QLatin1Char('/')
            || ch == QLatin1Char('(') || ch == QLatin1Char(')'))
            continue;
        out += ch.toLower();
    }
    if (out.startsWith(QLatin1Char('+')))
        out.remove(0, 1);
    else if (out.startsWith(QLatin1String("00")) && out.size() > 2)
        out.remove(0, 2);
    for (const QChar ch : out) {
        if (ch.isLetterOrNumber())
            return out;
    }
    return {};
}

bool sameNumber(const QString& a, const QString& b)
{
    const QString na = normalizedNumber(a);
    return !na.isEmpty() && na == normalizedNumber(b);
}

bool searchMatches(const QString& text, const QString& typed)
{
    const QString needle = typed.trimmed();
    if (needle.isEmpty() || text.contains(needle, Qt::CaseInsensitive))
        return true;
    const QString digits = normalizedNumber(needle);
    return !digits.isEmpty() && normalizedNumber(text).contains(digits);
}

QString contactDialText(const QString& name, const QString& number)
{
    return name + QStringLiteral(" \u2014 ") + number;
}

} // namespace iax::phone
