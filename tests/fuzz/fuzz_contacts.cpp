// libFuzzer target: the contacts parsers a user feeds with files from elsewhere (issue 18): vCard
// 3.0/4.0 (parseVCards), CSV (parseContactsCsv) and the contacts file contacts.json
// (contactsFromJson). Byte 0 % 3 selects the parser (0 vCard, 1 CSV, 2 JSON), the rest is the file.
// Pure functions: no file I/O per input. Invariants besides "no crash":
//   - at most kMaxContacts contacts, each with a name and at most kMaxNumbersPerContact numbers,
//     none of them empty;
//   - nothing is lost by an export: what was read, written (vCard 3.0, vCard 4.0, CSV and the
//     contacts file for vCard input; CSV and the contacts file for CSV input; the contacts file for
//     JSON input) and read again is the same, without problems.
#include "fuzz_common.h"

#include "core/phone/contacts_csv.h"
#include "core/phone/contacts_json.h"
#include "core/phone/vcard.h"

namespace iax::fuzz {

namespace {

using namespace iax::phone;

void checkShape(const ContactsParse& r)
{
    IAX_FUZZ_CHECK(r.contacts.size() <= kMaxContacts, "more contacts read than the cap");
    for (const Contact& c : r.contacts) {
        IAX_FUZZ_CHECK(!c.name.isEmpty(), "a contact without a name");
        IAX_FUZZ_CHECK(c.numbers.size() <= kMaxNumbersPerContact, "more numbers read than the cap");
        for (const ContactNumber& n : c.numbers)
            IAX_FUZZ_CHECK(!n.number.isEmpty(), "an empty number");
    }
}

void checkRoundTrip(const QList<Contact>& read, const ContactsParse& again, const char* what)
{
    if (read.isEmpty()) { // an empty vCard export reads as "no vCard was found": said, not lost
        IAX_FUZZ_CHECK(again.contacts.isEmpty(), std::string(what) + ": contacts from an empty export");
        return;
    }
    IAX_FUZZ_CHECK(again.problems.isEmpty(), std::string(what) + ": what we wrote reads with problems");
    IAX_FUZZ_CHECK(again.contacts == read, std::string(what) + ": contacts changed by a write and a read");
}

} // namespace

int contacts(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    const QByteArray file(reinterpret_cast<const char*>(data + 1), qsizetype(size - 1));
    switch (data[0] % 3) {
    case 0: {
        const ContactsParse r = parseVCards(file);
        checkShape(r);
        checkRoundTrip(r.contacts, parseVCards(writeVCards(r.contacts, 3)), "vCard 3.0");
        checkRoundTrip(r.contacts, parseVCards(writeVCards(r.contacts, 4)), "vCard 4.0");
        checkRoundTrip(r.contacts, parseContactsCsv(writeContactsCsv(r.contacts)), "vCard as CSV");
        checkRoundTrip(r.contacts, contactsFromJson(contactsToJson(r.contacts)), "vCard as contacts.json");
        break;
    }
    case 1: {
        const ContactsParse r = parseContactsCsv(file);
        checkShape(r);
        checkRoundTrip(r.contacts, parseContactsCsv(writeContactsCsv(r.contacts)), "CSV");
        checkRoundTrip(r.contacts, contactsFromJson(contactsToJson(r.contacts)), "CSV as contacts.json");
        break;
    }
    default: {
        const ContactsParse r = contactsFromJson(file);
        checkShape(r);
        checkRoundTrip(r.contacts, contactsFromJson(contactsToJson(r.contacts)), "contacts.json");
        break;
    }
    }
    return 0;
}

} // namespace iax::fuzz

IAX_FUZZ_TARGET(contacts)
