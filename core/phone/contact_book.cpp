#include "core/phone/contact_book.h"

#include "core/keys/key_files.h"
#include "core/phone/contacts_csv.h"
#include "core/phone/contacts_json.h"
#include "core/phone/vcard.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QStandardPaths>
#include <QUuid>

#include <algorithm>

namespace iax::phone {

namespace {

/// Files larger than this are not imported (an address book of 20 000 cards is far smaller).
constexpr qint64 kMaxImportBytes = 64LL * 1024 * 1024;

} // namespace

ContactBook::ContactBook(QString filePath, QObject* parent)
    : QObject(parent)
    , m_path(std::move(filePath))
{
    load();
}

QString ContactBook::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/contacts.json");
}

void ContactBook::load()
{
    QFile f(m_path);
    if (!f.exists())
        return;
    if (!f.open(QIODevice::ReadOnly)) {
        m_loadError
            = tr("The contacts file %1 cannot be read; it is left as it is and contacts are not saved.").arg(m_path);
        m_saveBlocked = true;
        return;
    }
    const ContactsParse parsed = contactsFromJson(f.readAll());
    f.close();
    m_contacts = parsed.contacts;
    QSet<QString> ids; // an id edited by hand may be missing or repeated: each contact gets its own
    for (Contact& c : m_contacts) {
        if (c.id.isEmpty() || ids.contains(c.id))
            c.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        ids.insert(c.id);
    }
    sortByName();
    if (parsed.problems.isEmpty())
        return;
    // Keep the damaged file as it is, beside the new one, so nothing the user had is lost.
    const QString aside = m_path + QStringLiteral(".damaged-")
        + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    if (!QFile::rename(m_path, aside)) {
        m_saveBlocked = true;
        m_loadError = tr("The contacts file %1 is damaged (%2) and could not be moved aside; contacts are not "
                         "saved until it is repaired or removed.")
                          .arg(m_path, parsed.problems.join(QStringLiteral("; ")));
        return;
    }
    m_loadError = tr("The contacts file %1 was damaged (%2). It was kept as %3; %n contact(s) could be read "
                     "from it.",
        nullptr, int(m_contacts.size()))
                      .arg(m_path, parsed.problems.join(QStringLiteral("; ")), aside);
}

bool ContactBook::save(QString* error)
{
    if (m_saveBlocked) {
        if (error)
            *error = tr("Contacts are not saved: the damaged file %1 is kept as it is.").arg(m_path);
        return false;
    }
    core::makePrivateDirs(QFileInfo(m_path).absolutePath());
    if (!core::writePrivateFile(m_path, contactsToJson(m_contacts))) {
        if (error)
            *error = tr("The contacts could not be written to %1.").arg(m_path);
        return false;
    }
    return true;
}

void ContactBook::sortByName()
{
    std::stable_sort(m_contacts.begin(), m_contacts.end(),
        [](const Contact& a, const Contact& b) { return a.name.localeAwareCompare(b.name) < 0; });
}

QString ContactBook::add(Contact contact, QString* error)
{
    if (contact.id.isEmpty() || this->contact(contact.id))
        contact.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_contacts.append(contact);
    sortByName();
    Q_EMIT changed();
    save(error);
    return contact.id;
}

bool ContactBook::update(const Contact& contact, QString* error)
{
    const auto it = std::find_if(
        m_contacts.begin(), m_contacts.end(), [&contact](const Contact& c) { return c.id == contact.id; });
    if (it == m_contacts.end()) {
        if (error)
            *error = tr("This contact no longer exists.");
        return false;
    }
    *it = contact;
    sortByName();
    Q_EMIT changed();
    return save(error);
}

bool ContactBook::remove(const QString& id, QString* error)
{
    const auto removed = m_contacts.removeIf([&id](const Contact& c) { return c.id == id; });
    if (removed == 0) {
        if (error)
            *error = tr("This contact no longer exists.");
        return false;
    }
    Q_EMIT changed();
    return save(error);
}

const Contact* ContactBook::contact(const QString& id) const
{
    for (const Contact& c : m_contacts) {
        if (c.id == id)
            return &c;
    }
    return nullptr;
}

ContactsImport ContactBook::importFile(const QString& path)
{
    ContactsImport r;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        r.error = tr("%1 cannot be read.").arg(path);
        return r;
    }
    if (f.size() > kMaxImportBytes) {
        r.error = tr("%1 is larger than %2 MB; it was not imported.").arg(path).arg(kMaxImportBytes / (1024 * 1024));
        return r;
    }
    const QByteArray data = f.readAll();
    const bool vcard = data.contains("BEGIN:VCARD") || data.contains("begin:vcard") || data.contains("Begin:VCard");
    return importContacts(vcard ? parseVCards(data) : parseContactsCsv(data));
}

ContactsImport ContactBook::importContacts(const ContactsParse& parsed)
{
    ContactsImport r;
    r.problems = parsed.problems;
    for (Contact c : parsed.contacts) {
        auto same = std::find_if(m_contacts.begin(), m_contacts.end(),
            [&c](const Contact& mine) { return mine.name.compare(c.name, Qt::CaseInsensitive) == 0; });
        if (same == m_contacts.end()) {
            if (m_contacts.size() >= kMaxContacts) {
                r.problems << tr("%1 was not added: the address book holds %2 contacts at most.")
                                  .arg(c.name)
                                  .arg(kMaxContacts);
                continue;
            }
            c.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            m_contacts.append(c);
            ++r.added;
            continue;
        }
        bool grew = false;
        for (const ContactNumber& n : c.numbers) {
            const bool known = std::any_of(same->numbers.cbegin(), same->numbers.cend(),
                [&n](const ContactNumber& m) { return sameNumber(m.number, n.number); });
            if (!known && same->numbers.size() < kMaxNumbersPerContact) {
                same->numbers.append(n);
                grew = true;
            }
        }
        same->alwaysEncrypted = same->alwaysEncrypted || c.alwaysEncrypted; // never weakened by an import
        same->alwaysEndToEnd = same->alwaysEndToEnd || c.alwaysEndToEnd;
        r.merged += grew ? 1 : 0;
    }
    if (r.added == 0 && r.merged == 0)
        return r;
    sortByName();
    Q_EMIT changed();
    save(&r.error);
    return r;
}

bool ContactBook::exportFile(const QString& path, ContactsFormat format, QString* error) const
{
    const QByteArray data = format == ContactsFormat::Csv
        ? writeContactsCsv(m_contacts)
        : writeVCards(m_contacts, format == ContactsFormat::VCard3 ? 3 : 4);
    if (!core::writePrivateFile(path, data)) {
        if (error)
            *error = tr("The contacts could not be written to %1.").arg(path);
        return false;
    }
    return true;
}

const Contact* ContactBook::findByNumber(const QString& number) const
{
    for (const Contact& c : m_contacts) {
        for (const ContactNumber& n : c.numbers) {
            if (sameNumber(n.number, number))
                return &c;
        }
    }
    return nullptr;
}

bool ContactBook::mustEncrypt(const QString& number) const
{
    return std::any_of(m_contacts.cbegin(), m_contacts.cend(), [&number](const Contact& c) {
        return c.alwaysEncrypted
            && std::any_of(c.numbers.cbegin(), c.numbers.cend(),
                [&number](const ContactNumber& n) { return sameNumber(n.number, number); });
    });
}

bool ContactBook::mustEndToEnd(const QString& number) const
{
    const Contact* c = findByNumber(number);
    return c && c->alwaysEndToEnd;
}

QStringList ContactBook::dialTexts() const
{
    QStringList out;
    for (const Contact& c : m_contacts) {
        for (const ContactNumber& n : c.numbers)
            out << contactDialText(c.name, n.number);
    }
    return out;
}

ContactDialTarget ContactBook::resolveDialText(const QString& text) const
{
    const QString t = text.trimmed();
    for (const Contact& c : m_contacts) {
        for (const ContactNumber& n : c.numbers) {
            if (contactDialText(c.name, n.number) == t)
                return { n.number, &c, n.accountId };
        }
    }
    return { t, findByNumber(t), {} };
}

} // namespace iax::phone
