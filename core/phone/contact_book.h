#pragma once
// The address book: contacts kept in a JSON file (contacts_json.h; $XDG_DATA_HOME/iaxphone/
// contacts.json on Linux, mode 0600), edited by the Contacts dialog, imported from and exported
// to vCard and CSV, and asked by the window which contact a number belongs to. A damaged file is
// never overwritten: it is renamed aside (contacts.json.damaged-<UTC time>) and what could be read
// from it is kept. GUI thread.
#include "core/phone/contact.h"

#include <QObject>

namespace iax::phone {

/// The file formats of import and export.
enum class ContactsFormat { VCard3, VCard4, Csv };

/// What an import did: contacts added, numbers added to contacts already there (same name),
/// and the cards or rows skipped (one sentence each).
struct ContactsImport {
    int added = 0;
    int merged = 0;
    QStringList problems;
    QString error; ///< the file could not be read or the book not saved ("" = fine)
};

/// What the dial field's text calls: the number to dial, and the contact it belongs to (nullptr
/// when it is nobody's).
struct ContactDialTarget {
    QString number;
    const Contact* contact = nullptr;
    QString accountId; ///< the account set for that number of the contact ("" = the selected one)
};

class ContactBook : public QObject {
    Q_OBJECT
public:
    /// The book stored in `filePath` (the app uses defaultPath()); loads it now (loadError()).
    explicit ContactBook(QString filePath, QObject* parent = nullptr);
    /// $XDG_DATA_HOME/iaxphone/contacts.json on Linux.
    static QString defaultPath();

    /// The contacts, in the order the user sees them (by name).
    const QList<Contact>& contacts() const { return m_contacts; }
    /// The problem found when loading ("" = none): a damaged file, where it was kept, what was read.
    QString loadError() const { return m_loadError; }
    /// The file the book is stored in.
    QString path() const { return m_path; }

    /// Adds `contact` (an id is assigned when it has none) and saves; its id. On a failed save
    /// *error says so and the contact stays in memory.
    QString add(Contact contact, QString* error = nullptr);
    /// Replaces the contact of `contact.id` and saves. False with *error when unknown or not saved.
    bool update(const Contact& contact, QString* error = nullptr);
    /// Removes contact `id` and saves. False with *error when unknown or not saved.
    bool remove(const QString& id, QString* error = nullptr);
    /// The contact `id` (nullptr when unknown).
    const Contact* contact(const QString& id) const;

    /// Reads vCard (any file holding BEGIN:VCARD) or CSV from `path` and adds its contacts: one
    /// with the name of a contact already here adds only its new numbers to it.
    ContactsImport importFile(const QString& path);
    /// Adds the contacts of already-parsed `parsed` as importFile() does, and saves.
    ContactsImport importContacts(const ContactsParse& parsed);
    /// Writes every contact to `path` in `format` (mode 0600). False with *error.
    bool exportFile(const QString& path, ContactsFormat format, QString* error = nullptr) const;

    /// The first contact with a number equal to `number` (sameNumber()), or nullptr.
    const Contact* findByNumber(const QString& number) const;
    /// True when a contact marked "always encrypted" has `number`: the call must require encryption.
    bool mustEncrypt(const QString& number) const;
    /// True when the contact of `number` (findByNumber()) is marked "always end-to-end": a call with
    /// it must use the end-to-end mode, placed or taken.
    bool mustEndToEnd(const QString& number) const;
    /// Every contact's numbers as "Name — number" (contactDialText()), for the dial field.
    QStringList dialTexts() const;
    /// What `text` from the dial field calls: "Name — number" of a contact → that number and
    /// contact; another text → itself, and the contact whose number it is (if any).
    ContactDialTarget resolveDialText(const QString& text) const;

Q_SIGNALS:
    /// The contacts changed (added, edited, removed, imported).
    void changed();

private:
    void load();
    bool save(QString* error);
    void sortByName();

    QString m_path;
    QList<Contact> m_contacts;
    QString m_loadError;
    bool m_saveBlocked = false; ///< a damaged file could not be moved aside: never overwrite it
};

} // namespace iax::phone
