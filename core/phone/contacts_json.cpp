#include "core/phone/contacts_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace iax::phone {

namespace {

const QLatin1String kFormat("iaxphone-contacts");

} // namespace

QByteArray contactsToJson(const QList<Contact>& contacts)
{
    QJsonArray arr;
    for (const Contact& c : contacts) {
        QJsonArray numbers;
        for (const ContactNumber& n : c.numbers) {
            QJsonObject o { { QStringLiteral("number"), n.number } };
            if (!n.type.isEmpty())
                o.insert(QStringLiteral("type"), n.type);
            if (!n.accountId.isEmpty())
                o.insert(QStringLiteral("account"), n.accountId);
            numbers.append(o);
        }
        arr.append(QJsonObject {
            { QStringLiteral("id"), c.id },
            { QStringLiteral("name"), c.name },
            { QStringLiteral("numbers"), numbers },
            { QStringLiteral("note"), c.note },
            { QStringLiteral("alwaysEncrypted"), c.alwaysEncrypted },
            { QStringLiteral("alwaysEndToEnd"), c.alwaysEndToEnd },
        });
    }
    return QJsonDocument(QJsonObject {
                             { QStringLiteral("format"), kFormat },
                             { QStringLiteral("version"), kContactsFileVersion },
                             { QStringLiteral("contacts"), arr },
                         })
        .toJson(QJsonDocument::Indented);
}

ContactsParse contactsFromJson(const QByteArray& data)
{
    ContactsParse r;
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &perr);
    if (perr.error != QJsonParseError::NoError) {
        r.problems << ContactsText::tr("it is not JSON (%1 at byte %2)").arg(perr.errorString()).arg(perr.offset);
        return r;
    }
    const QJsonObject root = doc.object();
    if (!doc.isObject() || root.value(QLatin1String("format")).toString() != kFormat
        || !root.value(QLatin1String("contacts")).isArray()) {
        r.problems << ContactsText::tr("it is not an IAXPhone contacts file");
        return r;
    }
    const int version = root.value(QLatin1String("version")).toInt(-1);
    if (version < 1 || version > kContactsFileVersion) {
        r.problems << ContactsText::tr("its version %1 is not known to this IAXPhone (it reads version %2)")
                          .arg(root.value(QLatin1String("version")).toVariant().toString().left(20))
                          .arg(kContactsFileVersion);
        return r;
    }
    const QJsonArray arr = root.value(QLatin1String("contacts")).toArray();
    for (qsizetype i = 0; i < arr.size(); ++i) {
        if (r.contacts.size() >= kMaxContacts) {
            r.problems << ContactsText::tr("entries after the first %1 were left out").arg(kMaxContacts);
            break;
        }
        const QJsonObject o = arr[i].toObject();
        Contact c;
        c.id = o.value(QLatin1String("id")).toString();
        c.name = o.value(QLatin1String("name")).toString();
        c.note = o.value(QLatin1String("note")).toString();
        c.alwaysEncrypted = o.value(QLatin1String("alwaysEncrypted")).toBool();
        c.alwaysEndToEnd = o.value(QLatin1String("alwaysEndToEnd")).toBool(); // absent in older files: false
        for (const QJsonValue& v : o.value(QLatin1String("numbers")).toArray()) {
            const QJsonObject n = v.toObject();
            const QString number = n.value(QLatin1String("number")).toString();
            if (number.isEmpty() || c.numbers.size() >= kMaxNumbersPerContact)
                continue;
            c.numbers.append(ContactNumber {
                number, n.value(QLatin1String("type")).toString(), n.value(QLatin1String("account")).toString() });
        }
        if (!arr[i].isObject() || (c.name.isEmpty() && c.numbers.isEmpty())) {
            r.problems << ContactsText::tr("entry %1 is not a contact").arg(i + 1);
            continue;
        }
        if (c.name.isEmpty())
            c.name = c.numbers.first().number.simplified();
        r.contacts.append(c);
    }
    return r;
}

} // namespace iax::phone
