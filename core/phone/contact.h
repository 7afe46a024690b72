#pragma once
// One entry of the address book (name, numbers, note, "always encrypted") and the rules that match
// a number against it: plain values and pure functions, any thread. The file format, vCard and CSV
// live in contacts_json.h, vcard.h and contacts_csv.h; the book itself in contact_book.h.
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace iax::phone {

/// One number of a contact.
struct ContactNumber {
    QString number; ///< as the user wrote it ("+49 30 1234", "600", "alice")
    QString type; ///< vCard TYPE values, lower case, comma-separated ("work,cell"; "" = none)
    QString accountId; ///< AccountSettings::id to call it with ("" = the selected account)

    friend bool operator==(const ContactNumber&, const ContactNumber&) = default;
};

/// One contact.
struct Contact {
    QString id; ///< stable key within the book (ContactBook assigns one when empty)
    QString name;
    QList<ContactNumber> numbers;
    QString note;
    /// Calls to this contact require encryption: they are refused rather than go out in clear.
    bool alwaysEncrypted = false;
    /// Calls with this contact must be end-to-end (docs/E2E.md): a call to it that would not be is
    /// refused (DialRequest::e2eRequired); an incoming one that is not is rejected. Implies encrypted.
    bool alwaysEndToEnd = false;

    friend bool operator==(const Contact&, const Contact&) = default;
};

/// What a parser kept and what it skipped: `problems` has one sentence per skipped card, row or
/// entry ("card 2 (line 7): …"), empty when everything was read.
struct ContactsParse {
    QList<Contact> contacts;
    QStringList problems;
};

/// At most this many contacts are read from one file or kept in a book (a hostile file cannot
/// make the phone build millions of entries); the rest is reported.
inline constexpr int kMaxContacts = 20000;
/// At most this many numbers per contact are read; the rest is reported.
inline constexpr int kMaxNumbersPerContact = 50;

/// `number` reduced for comparison: spaces and the separators - . / ( ) removed, letters lower
/// case, an international prefix "+" or "00" dropped. "" for a number without digits or letters.
QString normalizedNumber(const QString& number);
/// True when `a` and `b` are the same number once normalized (and neither is empty).
bool sameNumber(const QString& a, const QString& b);
/// True when what the user typed (`typed`, in the dial field or a search box) finds `text` (a name,
/// a number, or a dial field suggestion "Name — number"): `text` contains it ignoring case, or
/// contains it once both are normalized (normalizedNumber), so "5551234" and "555 12" find
/// "+1 (555) 123-4" and "555-1234". An empty `typed` finds everything.
bool searchMatches(const QString& text, const QString& typed);
/// The translation context of the contacts parsers' messages: ContactsText::tr("…"), any thread.
class ContactsText {
    Q_DECLARE_TR_FUNCTIONS(iax::phone::ContactsText)
};
/// "Name — number": how a contact's number reads in the dial field's suggestions.
QString contactDialText(const QString& name, const QString& number);

} // namespace iax::phone
