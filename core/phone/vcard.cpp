#include "core/phone/vcard.h"

namespace iax::phone {

namespace {

/// One unfolded content line and where it started in the file (1-based).
struct Line {
    QString text;
    int number = 0;
};

/// Splits on CRLF, LF or CR and joins continuation lines (starting with a space or a tab).
QList<Line> unfold(const QString& text)
{
    QList<Line> out;
    int lineNo = 0;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        qsizetype end = i;
        while (end < n && text[end] != QLatin1Char('\r') && text[end] != QLatin1Char('\n'))
            ++end;
        const QStringView line = QStringView(text).mid(i, end - i);
        ++lineNo;
        if (!line.isEmpty() && (line[0] == QLatin1Char(' ') || line[0] == QLatin1Char('\t')) && !out.isEmpty())
            out.last().text += line.mid(1);
        else
            out.append(Line { line.toString(), lineNo });
        i = end;
        if (i < n && text[i] == QLatin1Char('\r'))
            ++i;
        if (i < n && text[i] == QLatin1Char('\n'))
            ++i;
    }
    return out;
}

/// A text value with \\ \, \; \: and \n (\N) undone; any other escaped character stands for itself.
QString unescape(QStringView v)
{
    QString out;
    out.reserve(v.size());
    for (qsizetype i = 0; i < v.size(); ++i) {
        if (v[i] != QLatin1Char('\\') || i + 1 == v.size()) {
            out += v[i];
            continue;
        }
        const QChar next = v[++i];
        out += (next == QLatin1Char('n') || next == QLatin1Char('N')) ? QChar(QLatin1Char('\n')) : next;
    }
    return out;
}

/// `v` split at each `sep` that is not escaped by a backslash (components still escaped).
QList<QStringView> splitUnescaped(QStringView v, QChar sep)
{
    QList<QStringView> parts;
    qsizetype start = 0;
    for (qsizetype i = 0; i < v.size(); ++i) {
        if (v[i] == QLatin1Char('\\'))
            ++i;
        else if (v[i] == sep) {
            parts << v.mid(start, i - start);
            start = i + 1;
        }
    }
    parts << v.mid(std::min(start, v.size()));
    return parts;
}

/// One parsed content line: upper-case name (group dropped), parameters, raw value.
struct Property {
    QString name;
    QList<std::pair<QString, QString>> params; ///< upper-case name, value (quotes removed)
    QStringView value;
};

/// Splits `line` into a property; false when it has no ':' outside quotes or an empty name.
bool parseProperty(const QString& line, Property* p)
{
    bool quoted = false;
    qsizetype colon = -1;
    for (qsizetype i = 0; i < line.size(); ++i) {
        if (line[i] == QLatin1Char('"'))
            quoted = !quoted;
        else if (line[i] == QLatin1Char(':') && !quoted) {
            colon = i;
            break;
        }
    }
    if (colon <= 0)
        return false;
    const QStringView head = QStringView(line).left(colon);
    p->value = QStringView(line).mid(colon + 1);
    // Parameters are separated by ';' outside quotes.
    QList<QStringView> parts;
    qsizetype start = 0;
    quoted = false;
    for (qsizetype i = 0; i < head.size(); ++i) {
        if (head[i] == QLatin1Char('"'))
            quoted = !quoted;
        else if (head[i] == QLatin1Char(';') && !quoted) {
            parts << head.mid(start, i - start);
            start = i + 1;
        }
    }
    parts << head.mid(start);
    QStringView name = parts.first();
    if (const qsizetype dot = name.lastIndexOf(QLatin1Char('.')); dot >= 0)
        name = name.mid(dot + 1); // "item1.TEL"
    p->name = name.trimmed().toString().toUpper();
    if (p->name.isEmpty())
        return false;
    p->params.clear();
    for (qsizetype k = 1; k < parts.size(); ++k) {
        const QStringView param = parts[k];
        const qsizetype eq = param.indexOf(QLatin1Char('='));
        QString key = (eq < 0 ? param : param.left(eq)).trimmed().toString().toUpper();
        QString value = eq < 0 ? QString() : param.mid(eq + 1).trimmed().toString();
        if (eq < 0) { // vCard 2.1/3.0 bare type: "TEL;WORK;VOICE:"
            value = key;
            key = QStringLiteral("TYPE");
        }
        value.remove(QLatin1Char('"'));
        p->params.append({ key, value });
    }
    return true;
}

QString paramValue(const Property& p, const QString& key)
{
    QStringList values;
    for (const auto& [k, v] : p.params) {
        if (k == key && !v.isEmpty())
            values << v;
    }
    return values.join(QLatin1Char(','));
}

/// The TYPE values of a TEL, lower case, without the default "voice" and without "pref".
QString telTypes(const Property& p)
{
    QStringList out;
    for (const QString& t : paramValue(p, QStringLiteral("TYPE")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString lower = t.trimmed().toLower();
        if (!lower.isEmpty() && lower != QLatin1String("voice") && lower != QLatin1String("pref")
            && !out.contains(lower))
            out << lower;
    }
    return out.join(QLatin1Char(','));
}

/// "Prefix Given Additional Family Suffix" of an N value (empty components left out).
QString nameFromN(QStringView value)
{
    const QList<QStringView> c = splitUnescaped(value, QLatin1Char(';'));
    const auto part = [&c](int i) { return i < c.size() ? unescape(c[i]).trimmed() : QString(); };
    QStringList words;
    for (const int i : { 3, 1, 2, 0, 4 }) {
        if (const QString w = part(i).replace(QLatin1Char(','), QLatin1Char(' ')).simplified(); !w.isEmpty())
            words << w;
    }
    return words.join(QLatin1Char(' '));
}

/// Reads the content lines of one card; false with *why when the card must be skipped.
bool readCard(const QList<Line>& lines, qsizetype from, qsizetype to, Contact* c, QString* why)
{
    QString fn, n;
    for (qsizetype i = from; i < to; ++i) {
        if (lines[i].text.trimmed().isEmpty())
            continue;
        Property p;
        if (!parseProperty(lines[i].text, &p)) {
            *why = ContactsText::tr("line %1 is not \"name:value\"").arg(lines[i].number);
            return false;
        }
        if (p.name == QLatin1String("VERSION")) {
            const QString v = p.value.trimmed().toString();
            if (v != QLatin1String("3.0") && v != QLatin1String("4.0")) {
                *why = ContactsText::tr("vCard version %1 is not supported (3.0 and 4.0 are)").arg(v.left(20));
                return false;
            }
        } else if (p.name == QLatin1String("FN")) {
            if (fn.isEmpty())
                fn = unescape(p.value).simplified();
        } else if (p.name == QLatin1String("N")) {
            if (n.isEmpty())
                n = nameFromN(p.value);
        } else if (p.name == QLatin1String("TEL")) {
            QString number = unescape(p.value).trimmed();
            if (number.startsWith(QLatin1String("tel:"), Qt::CaseInsensitive)) {
                number = number.mid(4);
                if (const qsizetype semi = number.indexOf(QLatin1Char(';')); semi >= 0)
                    number = number.left(semi); // tel: URI parameters (";ext=" …) are not dialled
                number = number.trimmed();
            }
            if (number.isEmpty())
                continue;
            if (c->numbers.size() >= kMaxNumbersPerContact) {
                *why = ContactsText::tr("more than %1 numbers").arg(kMaxNumbersPerContact);
                return false;
            }
            c->numbers.append(
                ContactNumber { number, telTypes(p), paramValue(p, QStringLiteral("X-IAXPHONE-ACCOUNT")) });
        } else if (p.name == QLatin1String("NOTE")) {
            const QString note = unescape(p.value);
            c->note = c->note.isEmpty() ? note : c->note + QLatin1Char('\n') + note;
        } else if (p.name == QLatin1String("X-IAXPHONE-ALWAYS-ENCRYPTED")) {
            c->alwaysEncrypted = p.value.trimmed().compare(QLatin1String("TRUE"), Qt::CaseInsensitive) == 0;
        }
    }
    c->name = !fn.isEmpty() ? fn : n;
    if (c->name.isEmpty() && c->numbers.isEmpty()) {
        *why = ContactsText::tr("it has neither a name (FN or N) nor a number (TEL)");
        return false;
    }
    if (c->name.isEmpty())
        c->name = c->numbers.first().number.simplified();
    return true;
}

bool isLine(const QString& text, const char* what)
{
    return text.trimmed().compare(QLatin1String(what), Qt::CaseInsensitive) == 0;
}

QString escape(const QString& v)
{
    QString out;
    out.reserve(v.size());
    for (const QChar ch : v) {
        if (ch == QLatin1Char('\\') || ch == QLatin1Char(',') || ch == QLatin1Char(';'))
            out += QLatin1Char('\\');
        if (ch == QLatin1Char('\n')) {
            out += QLatin1String("\\n");
            continue;
        }
        if (ch == QLatin1Char('\r'))
            continue;
        out += ch;
    }
    return out;
}

/// A parameter value: quoted when it holds ; : or , (quotes themselves dropped, as RFC 6350 has
/// no escape for them outside RFC 6868).
QString paramText(QString v)
{
    v.remove(QLatin1Char('"'));
    v.remove(QLatin1Char('\r'));
    v.replace(QLatin1Char('\n'), QLatin1Char(' '));
    if (v.contains(QLatin1Char(';')) || v.contains(QLatin1Char(':')) || v.contains(QLatin1Char(',')))
        return QLatin1Char('"') + v + QLatin1Char('"');
    return v;
}

/// `line` in UTF-8 folded at 75 octets (never inside a character), ending in CRLF.
void appendFolded(QByteArray* out, const QString& line)
{
    const QByteArray utf8 = line.toUtf8();
    qsizetype pos = 0;
    int limit = 75;
    while (utf8.size() - pos > limit) {
        qsizetype cut = pos + limit;
        while (cut > pos && (uchar(utf8[cut]) & 0xC0) == 0x80)
            --cut; // not inside a multi-byte character
        out->append(utf8.mid(pos, cut - pos));
        out->append("\r\n ");
        pos = cut;
        limit = 74; // the leading space counts
    }
    out->append(utf8.mid(pos));
    out->append("\r\n");
}

} // namespace

ContactsParse parseVCards(const QByteArray& data)
{
    ContactsParse r;
    QString text = QString::fromUtf8(data);
    text.remove(QChar(0xFEFF)); // byte order marks (as parseContactsCsv): never part of a value
    const QList<Line> lines = unfold(text);
    int card = 0;
    qsizetype i = 0;
    bool strayReported = false;
    while (i < lines.size()) {
        if (!isLine(lines[i].text, "BEGIN:VCARD")) {
            if (!lines[i].text.trimmed().isEmpty() && !strayReported) {
                r.problems << ContactsText::tr("line %1: text outside BEGIN:VCARD … END:VCARD was ignored")
                                  .arg(lines[i].number);
                strayReported = true; // once: a file that is not vCard at all says so once
            }
            ++i;
            continue;
        }
        ++card;
        const qsizetype begin = i;
        qsizetype end = i + 1;
        while (end < lines.size() && !isLine(lines[end].text, "END:VCARD") && !isLine(lines[end].text, "BEGIN:VCARD"))
            ++end;
        if (end == lines.size() || !isLine(lines[end].text, "END:VCARD")) {
            r.problems << ContactsText::tr("card %1 (line %2) was skipped: it has no END:VCARD")
                              .arg(card)
                              .arg(lines[begin].number);
            i = end;
            continue;
        }
        Contact c;
        QString why;
        if (r.contacts.size() >= kMaxContacts)
            r.problems << ContactsText::tr("card %1 (line %2) was skipped: more than %3 contacts")
                              .arg(card)
                              .arg(lines[begin].number)
                              .arg(kMaxContacts);
        else if (readCard(lines, begin + 1, end, &c, &why))
            r.contacts.append(c);
        else
            r.problems
                << ContactsText::tr("card %1 (line %2) was skipped: %3").arg(card).arg(lines[begin].number).arg(why);
        i = end + 1;
    }
    if (card == 0 && r.problems.isEmpty())
        r.problems << ContactsText::tr("no vCard (BEGIN:VCARD) was found");
    return r;
}

QByteArray writeVCards(const QList<Contact>& contacts, int version)
{
    const bool v3 = version == 3;
    QByteArray out;
    for (const Contact& c : contacts) {
        appendFolded(&out, QStringLiteral("BEGIN:VCARD"));
        appendFolded(&out, v3 ? QStringLiteral("VERSION:3.0") : QStringLiteral("VERSION:4.0"));
        appendFolded(&out, QStringLiteral("FN:") + escape(c.name));
        if (v3) { // N is required in 3.0: the last word as family name, the rest as given names
            const QString name = c.name.simplified();
            const qsizetype space = name.lastIndexOf(QLatin1Char(' '));
            const QString family = space < 0 ? name : name.mid(space + 1);
            const QString given = space < 0 ? QString() : name.left(space);
            appendFolded(&out, QStringLiteral("N:%1;%2;;;").arg(escape(family), escape(given)));
        }
        for (const ContactNumber& n : c.numbers) {
            QString line = QStringLiteral("TEL");
            if (!n.type.isEmpty())
                line += QStringLiteral(";TYPE=") + paramText(n.type);
            if (!n.accountId.isEmpty())
                line += QStringLiteral(";X-IAXPHONE-ACCOUNT=") + paramText(n.accountId);
            // A number that itself starts with "tel:" keeps it behind the URI scheme the reader strips.
            const bool telLike = n.number.startsWith(QLatin1String("tel:"), Qt::CaseInsensitive);
            appendFolded(
                &out, line + QLatin1Char(':') + (telLike ? QStringLiteral("tel:") : QString()) + escape(n.number));
        }
        if (!c.note.isEmpty())
            appendFolded(&out, QStringLiteral("NOTE:") + escape(c.note));
        if (c.alwaysEncrypted)
            appendFolded(&out, QStringLiteral("X-IAXPHONE-ALWAYS-ENCRYPTED:TRUE"));
        appendFolded(&out, QStringLiteral("END:VCARD"));
    }
    return out;
}

} // namespace iax::phone
