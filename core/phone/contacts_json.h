#pragma once
// The contacts file (contacts.json, documented in docs/CONTACTS.md): a JSON object
// {"format":"iaxphone-contacts","version":1,"contacts":[…]}. Pure functions on bytes (sans-IO),
// any thread; a damaged document is reported, never thrown or asserted on.
#include "core/phone/contact.h"

#include <QByteArray>

namespace iax::phone {

/// The current version of the file format.
inline constexpr int kContactsFileVersion = 1;

/// `contacts` as the contacts file (indented JSON, UTF-8).
QByteArray contactsToJson(const QList<Contact>& contacts);
/// The contacts of a contacts file. Not JSON, not the format, a newer version: no contacts and one
/// problem. An entry that is not a contact object (or has neither name nor number) is left out
/// with a problem; the others are kept.
ContactsParse contactsFromJson(const QByteArray& data);

} // namespace iax::phone
