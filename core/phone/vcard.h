#pragma once
// vCard 3.0 (RFC 2426) and 4.0 (RFC 6350) import and export of contacts: FN, N, TEL with TYPE,
// NOTE, and two extensions of ours (X-IAXPHONE-ACCOUNT on TEL, X-IAXPHONE-ALWAYS-ENCRYPTED).
// Pure functions on bytes (sans-IO), any thread. The reader unfolds lines, takes CRLF, LF or CR,
// unescapes \\ \, \; \n; a malformed card is skipped and reported, never thrown or asserted on.
#include "core/phone/contact.h"

#include <QByteArray>

namespace iax::phone {

/// The cards of `data` (UTF-8; one or more BEGIN:VCARD … END:VCARD). Cards of another VERSION,
/// without END, with a line that is not `name[;params]:value`, or with neither a name (FN or N)
/// nor a number are skipped with a sentence in `problems`.
ContactsParse parseVCards(const QByteArray& data);
/// `contacts` as vCard `version` (3 or 4; anything else is written as 4): UTF-8, CRLF, lines
/// folded at 75 octets, text escaped.
QByteArray writeVCards(const QList<Contact>& contacts, int version);

} // namespace iax::phone
