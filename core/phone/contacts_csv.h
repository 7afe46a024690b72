#pragma once
// CSV import and export of contacts (RFC 4180: a header row, fields separated by commas, quoted
// with "" when they hold a comma, a quote or a line break; CRLF between records, LF accepted).
// Columns, named in the header (any order, case-insensitive): Name, Number, Type, Account,
// "Number 2", "Type 2", "Account 2" … (also "Phone"/"Telephone" for Number), Note, Always
// encrypted (yes/true/1). Pure functions on bytes (sans-IO), any thread; a malformed row is
// skipped and reported, never thrown or asserted on.
#include "core/phone/contact.h"

#include <QByteArray>

namespace iax::phone {

/// The contacts of CSV `data` (UTF-8, optional BOM). Without a header naming a Name or Number
/// column nothing is read (one problem says so). A row with an unterminated quote, text after a
/// closing quote, a field count other than the header's, or neither name nor number is skipped
/// with a sentence in `problems`.
ContactsParse parseContactsCsv(const QByteArray& data);
/// `contacts` as CSV with a header row (as many Number/Type/Account column groups as the contact
/// with the most numbers needs), CRLF line ends, UTF-8 without BOM.
QByteArray writeContactsCsv(const QList<Contact>& contacts);

} // namespace iax::phone
