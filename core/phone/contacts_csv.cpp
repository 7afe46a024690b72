#include "core/phone/contacts_csv.h"

#include <QRegularExpression>

#include <map>

namespace iax::phone {

namespace {

/// One record: its fields, the line it starts on, and why it is malformed ("" = it is not).
struct Record {
    QStringList fields;
    int line = 0;
    QString error;
};

/// Splits `text` into RFC 4180 records. A malformed record is skipped up to the end of its line
/// (an unterminated quote takes the rest of the file).
QList<Record> records(const QString& text)
{
    QList<Record> out;
    const qsizetype n = text.size();
    qsizetype i = 0;
    int line = 1;
    while (i < n) {
        Record r;
        r.line = line;
        QString field;
        bool done = false;
        while (!done) {
            if (i < n && text[i] == QLatin1Char('"')) { // quoted field
                ++i;
                bool closed = false;
                while (i < n) {
                    if (text[i] == QLatin1Char('"')) {
                        if (i + 1 < n && text[i + 1] == QLatin1Char('"')) {
                            field += QLatin1Char('"');
                            i += 2;
                            continue;
                        }
                        ++i;
                        closed = true;
                        break;
                    }
                    if (text[i] == QLatin1Char('\n'))
                        ++line;
                    field += text[i++];
                }
                if (!closed) {
                    r.error = ContactsText::tr("a quoted field is not closed");
                    i = n;
                    break;
                }
                if (i < n && text[i] != QLatin1Char(',') && text[i] != QLatin1Char('\r')
                    && text[i] != QLatin1Char('\n')) {
                    r.error = ContactsText::tr("text follows a closing quote");
                }
            } else { // plain field
                while (i < n && text[i] != QLatin1Char(',') && text[i] != QLatin1Char('\r')
                    && text[i] != QLatin1Char('\n')) {
                    if (text[i] == QLatin1Char('"') && r.error.isEmpty())
                        r.error = ContactsText::tr("a quote inside an unquoted field");
                    field += text[i++];
                }
            }
            if (!r.error.isEmpty()) { // skip to the end of this line
                while (i < n && text[i] != QLatin1Char('\r') && text[i] != QLatin1Char('\n'))
                    ++i;
            }
            r.fields << field;
            field.clear();
            if (i < n && text[i] == QLatin1Char(',') && r.error.isEmpty()) {
                ++i;
                continue;
            }
            if (i < n && text[i] == QLatin1Char('\r'))
                ++i;
            if (i < n && text[i] == QLatin1Char('\n'))
                ++i;
            ++line;
            done = true;
        }
        out << r;
    }
    return out;
}

/// Where each column of the header goes.
struct Columns {
    int name = -1, note = -1, encrypted = -1;
    std::map<int, int> number, type, account; ///< group (1, 2 …) → column
};

Columns columnsOf(const QStringList& header)
{
    static const QRegularExpression grouped(QStringLiteral("^(number|phone|telephone|tel|type|account)\\s*(\\d*)$"),
        QRegularExpression::CaseInsensitiveOption);
    Columns c;
    for (int i = 0; i < header.size(); ++i) {
        const QString h = header[i].trimmed().toLower().replace(QLatin1Char('_'), QLatin1Char(' '));
        if (h == QLatin1String("name") || h == QLatin1String("full name") || h == QLatin1String("display name"))
            c.name = c.name < 0 ? i : c.name;
        else if (h == QLatin1String("note") || h == QLatin1String("notes"))
            c.note = c.note < 0 ? i : c.note;
        else if (h == QLatin1String("always encrypted"))
            c.encrypted = i;
        else if (const auto m = grouped.match(h); m.hasMatch()) {
            const int group = m.captured(2).isEmpty() ? 1 : std::clamp(m.captured(2).toInt(), 1, 1000);
            const QString kind = m.captured(1);
            auto& into = kind == QLatin1String("type") ? c.type
                : kind == QLatin1String("account")     ? c.account
                                                       : c.number;
            into.try_emplace(group, i);
        }
    }
    return c;
}

bool truthy(const QString& v)
{
    const QString t = v.trimmed().toLower();
    return t == QLatin1String("yes") || t == QLatin1String("true") || t == QLatin1String("1")
        || t == QLatin1String("y");
}

/// A field as written: quoted when it holds a comma, a quote, a line break or edge spaces.
QString csvField(const QString& v)
{
    if (!v.contains(QLatin1Char(',')) && !v.contains(QLatin1Char('"')) && !v.contains(QLatin1Char('\n'))
        && !v.contains(QLatin1Char('\r')) && v.trimmed() == v)
        return v;
    QString q = v;
    q.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

} // namespace

ContactsParse parseContactsCsv(const QByteArray& data)
{
    ContactsParse r;
    QString text = QString::fromUtf8(data);
    // Byte order marks, at the start and where exports were concatenated: never part of a name
    // (a name with one came back from contacts.json without it: fuzz regressions/contacts).
    text.remove(QChar(0xFEFF));
    const QList<Record> recs = records(text);
    qsizetype first = 0;
    while (first < recs.size() && recs[first].error.isEmpty() && recs[first].fields.join(QString()).trimmed().isEmpty())
        ++first; // blank lines before the header
    const Columns cols
        = first < recs.size() && recs[first].error.isEmpty() ? columnsOf(recs[first].fields) : Columns {};
    if (cols.name < 0 && cols.number.empty()) {
        r.problems << ContactsText::tr("the first row is not a header naming a Name or Number column");
        return r;
    }
    const qsizetype width = recs[first].fields.size();
    for (qsizetype k = first + 1; k < recs.size(); ++k) {
        const Record& rec = recs[k];
        if (!rec.error.isEmpty()) {
            r.problems << ContactsText::tr("row at line %1 was skipped: %2").arg(rec.line).arg(rec.error);
            continue;
        }
        if (rec.fields.join(QString()).trimmed().isEmpty())
            continue; // a blank line
        if (rec.fields.size() != width) {
            r.problems << ContactsText::tr("row at line %1 was skipped: %2 fields where the header has %3")
                              .arg(rec.line)
                              .arg(rec.fields.size())
                              .arg(width);
            continue;
        }
        if (r.contacts.size() >= kMaxContacts) {
            r.problems << ContactsText::tr("row at line %1 and those after it were skipped: more than %2 contacts")
                              .arg(rec.line)
                              .arg(kMaxContacts);
            break;
        }
        const auto field = [&rec](int col) { return col < 0 ? QString() : rec.fields[col].trimmed(); };
        Contact c;
        c.name = field(cols.name).simplified();
        c.note = cols.note < 0 ? QString() : rec.fields[cols.note];
        c.alwaysEncrypted = truthy(field(cols.encrypted));
        for (const auto& [group, col] : cols.number) {
            const QString number = field(col);
            if (number.isEmpty() || c.numbers.size() >= kMaxNumbersPerContact)
                continue;
            const auto t = cols.type.find(group);
            const auto a = cols.account.find(group);
            c.numbers.append(ContactNumber { number, t == cols.type.end() ? QString() : field(t->second).toLower(),
                a == cols.account.end() ? QString() : field(a->second) });
        }
        if (c.name.isEmpty() && c.numbers.isEmpty()) {
            r.problems
                << ContactsText::tr("row at line %1 was skipped: it has neither a name nor a number").arg(rec.line);
            continue;
        }
        if (c.name.isEmpty())
            c.name = c.numbers.first().number.simplified();
        r.contacts << c;
    }
    return r;
}

QByteArray writeContactsCsv(const QList<Contact>& contacts)
{
    qsizetype groups = 1;
    for (const Contact& c : contacts)
        groups = std::max(groups, c.numbers.size());
    QStringList header { QStringLiteral("Name") };
    for (qsizetype g = 1; g <= groups; ++g) {
        const QString suffix = g == 1 ? QString() : QStringLiteral(" %1").arg(g);
        header << QStringLiteral("Number") + suffix << QStringLiteral("Type") + suffix
               << QStringLiteral("Account") + suffix;
    }
    header << QStringLiteral("Note") << QStringLiteral("Always encrypted");
    QByteArray out = header.join(QLatin1Char(',')).toUtf8() + "\r\n";
    for (const Contact& c : contacts) {
        QStringList row { csvField(c.name) };
        for (qsizetype g = 0; g < groups; ++g) {
            const ContactNumber n = g < c.numbers.size() ? c.numbers[g] : ContactNumber {};
            row << csvField(n.number) << csvField(n.type) << csvField(n.accountId);
        }
        row << csvField(c.note) << (c.alwaysEncrypted ? QStringLiteral("yes") : QStringLiteral("no"));
        out += row.join(QLatin1Char(',')).toUtf8() + "\r\n";
    }
    return out;
}

} // namespace iax::phone
