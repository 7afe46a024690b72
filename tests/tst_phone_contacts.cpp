// Contacts in the phone layer (issue 18), without Widgets: the vCard 3.0/4.0 and CSV readers and
// writers (folded lines, escapes, CRLF, quoting; malformed cards and rows skipped and reported),
// the contacts file (a damaged one kept aside, nothing lost), number matching and what the dial
// field's "Name — number" calls.
#include "core/phone/contact_book.h"
#include "core/phone/contacts_csv.h"
#include "core/phone/contacts_json.h"
#include "core/phone/vcard.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace iax::phone;

namespace {

/// `contacts` with their ids cleared (the parsers do not carry ids; the book assigns them).
QList<Contact> withoutIds(QList<Contact> contacts)
{
    for (Contact& c : contacts)
        c.id.clear();
    return contacts;
}

/// Contacts that need every escape: commas, semicolons, backslashes, quotes, line breaks,
/// non-ASCII text longer than one 75-octet line, several numbers with types and accounts.
QList<Contact> awkwardContacts()
{
    Contact a;
    a.name = QStringLiteral("Zoë \"Zed\" Müller, Jr.; Ph.D \\ Ω");
    a.numbers = { { QStringLiteral("+49 30 1234-567"), QStringLiteral("work"), QStringLiteral("acc-1") },
        { QStringLiteral("600"), QStringLiteral("cell,home"), QString() },
        { QStringLiteral("alice"), QString(), QStringLiteral("acc;2,x") } };
    a.note = QStringLiteral("Line one, with comma; and semicolon\nLine two \\ backslash\n") + QString(40, QChar(0x00E9))
        + QStringLiteral(" 日本語のメモ ") + QString(30, QLatin1Char('x'));
    a.alwaysEncrypted = true;
    Contact b;
    b.name = QStringLiteral("Bob");
    b.numbers = { { QStringLiteral("5551234"), QString(), QString() } };
    return { a, b };
}

/// Replaces `path` with `bytes`; false when it cannot be written.
bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

/// The one contact of vCard `card`, read without problems (a failed check ends the test).
Contact onlyCard(const QByteArray& card)
{
    const ContactsParse r = parseVCards(card);
    [&] {
        QCOMPARE(r.problems, QStringList());
        QCOMPARE(r.contacts.size(), 1);
    }();
    return r.contacts.value(0);
}

/// `back` (what a parser read of what a writer wrote) is `written`, without problems.
void checkReadsBack(const ContactsParse& back, const QList<Contact>& written)
{
    QCOMPARE(back.problems, QStringList());
    QCOMPARE(back.contacts, written);
}

} // namespace

class TestPhoneContacts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void vcard30FoldedEscapedCrlf()
    {
        const QByteArray card = "BEGIN:VCARD\r\n"
                                "VERSION:3.0\r\n"
                                "FN:Alice \r\n"
                                " Example\r\n" // folded: one space is dropped, the rest kept
                                "N:Example;Alice;;;\r\n"
                                "item1.TEL;TYPE=work,voice:+1 555 0100\r\n"
                                "TEL;TYPE=CELL;TYPE=pref:555-0199\r\n"
                                "TEL;HOME:600\r\n" // vCard 2.1-style bare type, common in 3.0 exports
                                "NOTE:met at FOSDEM\\, room K\\; bring\\nkeys \\\\ badge\r\n"
                                "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ\r\n"
                                "END:VCARD\r\n";
        const Contact c = onlyCard(card);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(c.name, QStringLiteral("Alice Example"));
        QCOMPARE(c.numbers.size(), 3);
        QCOMPARE(c.numbers[0].number, QStringLiteral("+1 555 0100"));
        QCOMPARE(c.numbers[0].type, QStringLiteral("work"));
        QCOMPARE(c.numbers[1].type, QStringLiteral("cell"));
        QCOMPARE(c.numbers[2].number, QStringLiteral("600"));
        QCOMPARE(c.numbers[2].type, QStringLiteral("home"));
        QCOMPARE(c.note, QStringLiteral("met at FOSDEM, room K; bring\nkeys \\ badge"));
        QVERIFY(!c.alwaysEncrypted);
    }

    void vcard40LfTabFoldingAndTelUri()
    {
        const QByteArray card = "BEGIN:VCARD\n"
                                "VERSION:4.0\n"
                                "N:Public;John;Quinlan;Mr.;Esq.\n" // no FN: the name comes from N
                                "TEL;VALUE=uri;TYPE=\"voice,work\":tel:+1-418-656-\n"
                                "\t9254;ext=102\n"
                                "END:VCARD\n";
        const Contact c = onlyCard(card);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(c.name, QStringLiteral("Mr. John Quinlan Public Esq."));
        QCOMPARE(c.numbers.size(), 1);
        QCOMPARE(c.numbers[0].number, QStringLiteral("+1-418-656-9254"));
        QCOMPARE(c.numbers[0].type, QStringLiteral("work"));
    }

    void vcardRoundTripBothVersions_data()
    {
        QTest::addColumn<int>("version");
        QTest::newRow("3.0") << 3;
        QTest::newRow("4.0") << 4;
    }
    void vcardRoundTripBothVersions()
    {
        QFETCH(int, version);
        const QList<Contact> in = awkwardContacts();
        const QByteArray out = writeVCards(in, version);
        QVERIFY(out.contains(version == 3 ? "VERSION:3.0\r\n" : "VERSION:4.0\r\n"));
        // Every physical line ends in CRLF and is at most 75 octets long (RFC 6350 3.2).
        const QList<QByteArray> lines = out.split('\n');
        QVERIFY(lines.last().isEmpty());
        for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
            QVERIFY2(lines[i].endsWith('\r'), lines[i].constData());
            QVERIFY2(lines[i].size() - 1 <= 75, lines[i].constData());
        }
        checkReadsBack(parseVCards(out), in);
    }

    void hostileVCards_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("kept");
        const QByteArray good = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Good\r\nTEL:1\r\nEND:VCARD\r\n";
        QTest::newRow("empty") << QByteArray() << 0;
        QTest::newRow("not a vcard") << QByteArray("hello world\n") << 0;
        QTest::newRow("no END") << QByteArray("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\n") << 0;
        QTest::newRow("version 2.1") << QByteArray("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:A\r\nEND:VCARD\r\n") << 0;
        QTest::newRow("version huge") << QByteArray("BEGIN:VCARD\r\nVERSION:" + QByteArray(5000, '9') + "\r\nEND:VCARD")
                                      << 0;
        QTest::newRow("line without colon") << QByteArray("BEGIN:VCARD\r\nVERSION:3.0\r\nFN A\r\nEND:VCARD\r\n") << 0;
        QTest::newRow("empty property name") << QByteArray("BEGIN:VCARD\r\n:value\r\nFN:A\r\nEND:VCARD\r\n") << 0;
        QTest::newRow("no name no number") << QByteArray("BEGIN:VCARD\r\nVERSION:4.0\r\nNOTE:x\r\nEND:VCARD\r\n") << 0;
        QTest::newRow("unterminated quote in params")
            << QByteArray("BEGIN:VCARD\r\nTEL;TYPE=\"work:555\r\nFN:A\r\nEND:VCARD\r\n") << 0;
        QTest::newRow("nested BEGIN") << QByteArray("BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nEND:VCARD\n") << 1;
        QTest::newRow("bad between good") << good + "BEGIN:VCARD\r\nFN\r\nEND:VCARD\r\n" + good << 2;
        QTest::newRow("END without BEGIN") << QByteArray("END:VCARD\r\n") + good << 1;
        QTest::newRow("lone backslash") << QByteArray("BEGIN:VCARD\r\nFN:abc\\\r\nEND:VCARD") << 1;
        QTest::newRow("only continuation") << QByteArray(" FN:x\r\n\tmore\r\n") << 0;
        QTest::newRow("NUL and invalid UTF-8")
            << QByteArray("BEGIN:VCARD\r\nFN:\xff\xfe\x00\xc3\r\nEND:VCARD\r\n", 32) << 1;
        QTest::newRow("binary") << QByteArray("\x00\x01\x02\r\r\n\n\x80\x81:;\"", 13) << 0;
        QByteArray manyTels = "BEGIN:VCARD\r\nFN:T\r\n";
        for (int i = 0; i < kMaxNumbersPerContact + 1; ++i)
            manyTels += "TEL:" + QByteArray::number(i) + "\r\n";
        QTest::newRow("too many numbers") << manyTels + "END:VCARD\r\n" << 0;
        QByteArray longFold = "BEGIN:VCARD\r\nFN:x";
        for (int i = 0; i < 20000; ++i)
            longFold += "\r\n y";
        QTest::newRow("20000 continuation lines") << longFold + "\r\nEND:VCARD\r\n" << 1;
        QTest::newRow("only quotes and colons") << QByteArray("BEGIN:VCARD\r\n\"\"\"::;;;\r\nEND:VCARD\r\n") << 0;
        QTest::newRow("tel uri empty") << QByteArray("BEGIN:VCARD\r\nTEL:tel:;ext=1\r\nEND:VCARD\r\n") << 0;
    }
    void hostileVCards()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, kept);
        const ContactsParse r = parseVCards(input);
        QCOMPARE(r.contacts.size(), kept);
        for (const Contact& c : r.contacts)
            QVERIFY(!c.name.isEmpty());
        // Whatever was skipped is said; a clean parse of a file with cards says nothing.
        const int cards = int(input.count("BEGIN:VCARD"));
        if (kept < cards || cards == 0)
            QVERIFY2(!r.problems.isEmpty(), input.left(60).constData());
    }

    void csvQuotingPerRfc4180()
    {
        const QByteArray csv = "\xEF\xBB\xBFName,Number,Type,Account,Phone 2,Notes,Always encrypted\r\n"
                               "\"Müller, Anna\",+49 30 1,WORK,acc-1,600,\"she said \"\"hi\"\"\r\nsecond line\",yes\r\n"
                               "\n" // blank line
                               "Bob,5551234,,,,,no\n"; // LF only
        const ContactsParse r = parseContactsCsv(csv);
        QCOMPARE(r.problems, QStringList());
        QCOMPARE(r.contacts.size(), 2);
        const Contact& a = r.contacts[0];
        QCOMPARE(a.name, QStringLiteral("Müller, Anna"));
        QCOMPARE(a.numbers.size(), 2);
        QCOMPARE(a.numbers[0],
            (ContactNumber { QStringLiteral("+49 30 1"), QStringLiteral("work"), QStringLiteral("acc-1") }));
        QCOMPARE(a.numbers[1].number, QStringLiteral("600"));
        QCOMPARE(a.note, QStringLiteral("she said \"hi\"\r\nsecond line"));
        QVERIFY(a.alwaysEncrypted);
        QCOMPARE(r.contacts[1].name, QStringLiteral("Bob"));
        QVERIFY(!r.contacts[1].alwaysEncrypted);
    }

    void csvRoundTrip()
    {
        const QList<Contact> in = awkwardContacts();
        const QByteArray out = writeContactsCsv(in);
        QVERIFY(out.startsWith("Name,Number,Type,Account,Number 2,Type 2,Account 2,Number 3,"));
        checkReadsBack(parseContactsCsv(out), in);
    }

    void hostileCsv_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("kept");
        QTest::addColumn<int>("problems");
        QTest::newRow("empty") << QByteArray() << 0 << 1;
        QTest::newRow("no header") << QByteArray("Alice,555\r\n") << 0 << 1;
        QTest::newRow("header only") << QByteArray("Name,Number\r\n") << 0 << 0;
        QTest::newRow("unterminated quote") << QByteArray("Name,Number\r\nA,1\r\n\"B,2\r\nC,3\r\n") << 1 << 1;
        QTest::newRow("text after closing quote") << QByteArray("Name,Number\r\n\"A\"x,1\r\nB,2\r\n") << 1 << 1;
        QTest::newRow("quote in unquoted field") << QByteArray("Name,Number\r\nA\"b,1\r\nB,2\r\n") << 1 << 1;
        QTest::newRow("too many fields") << QByteArray("Name,Number\r\nA,1,extra\r\nB,2\r\n") << 1 << 1;
        QTest::newRow("too few fields") << QByteArray("Name,Number,Note\r\nA,1\r\nB,2,n\r\n") << 1 << 1;
        QTest::newRow("neither name nor number") << QByteArray("Name,Number,Note\r\n,,just a note\r\n") << 0 << 1;
        QTest::newRow("header with a broken quote") << QByteArray("\"Name,Number\r\n") << 0 << 1;
        QTest::newRow("binary") << QByteArray("\x00\xff,\"\r\r\n\",\x01", 10) << 0 << 1;
        QTest::newRow("only commas") << QByteArray(",,,,\r\n,,,,\r\n") << 0 << 1;
        QTest::newRow("huge group number") << QByteArray("Name,Number 99999999999\r\nA,1\r\n") << 1 << 0;
    }
    void hostileCsv()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, kept);
        QFETCH(int, problems);
        const ContactsParse r = parseContactsCsv(input);
        QCOMPARE(r.contacts.size(), kept);
        QCOMPARE(r.problems.size(), problems);
    }

    void jsonRoundTripAndDamage()
    {
        QList<Contact> in = awkwardContacts();
        in[0].id = QStringLiteral("id-a");
        in[1].id = QStringLiteral("id-b");
        checkReadsBack(contactsFromJson(contactsToJson(in)), in);
        QCOMPARE(contactsFromJson("{").problems.size(), 1);
        QCOMPARE(contactsFromJson("[]").problems.size(), 1);
        QCOMPARE(contactsFromJson(R"({"format":"iaxphone-contacts","version":99,"contacts":[]})").problems.size(), 1);
        const ContactsParse partial = contactsFromJson(
            R"({"format":"iaxphone-contacts","version":1,"contacts":[{"name":"A","numbers":[{"number":"1"}]},7,{}]})");
        QCOMPARE(partial.contacts.size(), 1);
        QCOMPARE(partial.problems.size(), 2);
    }

    void bookSavesLoadsAndKeepsADamagedFileAside()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/contacts.json"));
        {
            ContactBook book(path);
            QCOMPARE(book.loadError(), QString());
            for (const Contact& c : awkwardContacts())
                book.add(c);
        }
        ContactBook again(path);
        QCOMPARE(again.loadError(), QString());
        QCOMPARE(again.contacts().size(), 2);
        QCOMPARE(again.contacts()[0].name, QStringLiteral("Bob")); // by name
        QCOMPARE(QFile(path).permissions() & (QFile::ReadOther | QFile::ReadGroup), QFile::Permissions());

        // Damage it: one good entry, one broken; the file is kept aside byte for byte.
        const QByteArray damaged
            = R"({"format":"iaxphone-contacts","version":1,"contacts":[{"id":"x","name":"Kept","numbers":[{"number":"42"}]},"junk"]})";
        QVERIFY(writeFile(path, damaged));
        ContactBook recovered(path);
        QVERIFY(!recovered.loadError().isEmpty());
        QCOMPARE(recovered.contacts().size(), 1);
        QCOMPARE(recovered.contacts()[0].name, QStringLiteral("Kept"));
        const QStringList aside = QDir(dir.filePath(QStringLiteral("sub")))
                                      .entryList({ QStringLiteral("contacts.json.damaged-*") }, QDir::Files);
        QCOMPARE(aside.size(), 1);
        QVERIFY2(recovered.loadError().contains(aside.first()), qPrintable(recovered.loadError()));
        QFile kept(dir.filePath(QStringLiteral("sub/") + aside.first()));
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), damaged);
        QString error;
        QVERIFY(recovered.add(Contact { {}, QStringLiteral("New"), {}, {}, false }, &error).size() > 0);
        QCOMPARE(error, QString());
        QCOMPARE(ContactBook(path).contacts().size(), 2); // saved afresh; the damaged copy untouched
    }

    void bookRefusesToOverwriteWhatItCannotMoveAside()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("contacts.json"));
        QVERIFY(writeFile(path, "not json"));
        // Every name the damaged file could be moved to in the next minute is a non-empty
        // directory, so the rename fails (also for root, whom permissions would not stop).
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int s = -1; s < 60; ++s) {
            const QString aside
                = path + QStringLiteral(".damaged-") + now.addSecs(s).toString(QStringLiteral("yyyyMMdd-HHmmss"));
            QVERIFY(QDir().mkpath(aside + QStringLiteral("/occupied")));
        }
        ContactBook book(path);
        QVERIFY2(book.loadError().contains(QLatin1String("not saved")), qPrintable(book.loadError()));
        QString error;
        book.add(Contact { {}, QStringLiteral("A"), {}, {}, false }, &error);
        QVERIFY(!error.isEmpty());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("not json")); // never overwritten
    }

    void bookThatCannotBeReadIsNotOverwritten()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("contacts.json"));
        QVERIFY(QDir().mkpath(path)); // a directory where the file should be
        ContactBook book(path);
        QVERIFY(!book.loadError().isEmpty());
        QString error;
        book.add(Contact { {}, QStringLiteral("A"), {}, {}, false }, &error);
        QVERIFY(!error.isEmpty());
        QVERIFY(QFileInfo(path).isDir());
    }

    void importMergesByNameAndExportsEachFormat()
    {
        QTemporaryDir dir;
        ContactBook book(dir.filePath(QStringLiteral("contacts.json")));
        QSignalSpy changed(&book, &ContactBook::changed);
        const QByteArray vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alice\r\nTEL:600\r\nEND:VCARD\r\n"
                               "BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n";
        const ContactsImport first = book.importContacts(parseVCards(vcf));
        QCOMPARE(first.added, 1);
        QCOMPARE(first.problems.size(), 1); // the empty card
        QCOMPARE(book.importContacts(parseVCards(vcf)).added, 0); // the same file again adds nothing
        QCOMPARE(book.contacts().size(), 1);
        const ContactsImport merge
            = book.importContacts(parseVCards("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:alice\r\nTEL:600\r\nTEL:601\r\n"
                                              "X-IAXPHONE-ALWAYS-ENCRYPTED:TRUE\r\nEND:VCARD\r\n"));
        QCOMPARE(merge.merged, 1);
        QCOMPARE(book.contacts()[0].numbers.size(), 2);
        QVERIFY(book.contacts()[0].alwaysEncrypted);
        QCOMPARE(changed.size(), 2);

        for (const auto format : { ContactsFormat::VCard3, ContactsFormat::VCard4, ContactsFormat::Csv }) {
            const QString out = dir.filePath(QStringLiteral("export-%1").arg(int(format)));
            QString error;
            QVERIFY2(book.exportFile(out, format, &error), qPrintable(error));
            ContactBook other(dir.filePath(QStringLiteral("other-%1.json").arg(int(format))));
            const ContactsImport in = other.importFile(out);
            QCOMPARE(in.error, QString());
            QCOMPARE(in.problems, QStringList());
            QCOMPARE(withoutIds(other.contacts()), withoutIds(book.contacts()));
        }
        QVERIFY(!book.importFile(dir.filePath(QStringLiteral("missing.vcf"))).error.isEmpty());
    }

    void numbersMatchAndDialTextsResolve()
    {
        QVERIFY(sameNumber(QStringLiteral("+49 (30) 123-45"), QStringLiteral("00493012345")));
        QVERIFY(sameNumber(QStringLiteral("Alice"), QStringLiteral("alice")));
        QVERIFY(!sameNumber(QStringLiteral("123"), QStringLiteral("1234")));
        QVERIFY(!sameNumber(QString(), QString()));
        QVERIFY(!sameNumber(QStringLiteral("--"), QStringLiteral("()")));

        QTemporaryDir dir;
        ContactBook book(dir.filePath(QStringLiteral("c.json")));
        book.add(Contact { {}, QStringLiteral("Alice"),
            { { QStringLiteral("555 0100"), {}, QStringLiteral("work") }, { QStringLiteral("600"), {}, {} } }, {},
            true });
        book.add(Contact { {}, QStringLiteral("Bob"), { { QStringLiteral("700"), {}, {} } }, {}, false });
        QCOMPARE(book.dialTexts(),
            (QStringList { contactDialText(QStringLiteral("Alice"), QStringLiteral("555 0100")),
                contactDialText(QStringLiteral("Alice"), QStringLiteral("600")),
                contactDialText(QStringLiteral("Bob"), QStringLiteral("700")) }));
        const ContactDialTarget t = book.resolveDialText(book.dialTexts().first());
        QCOMPARE(t.number, QStringLiteral("555 0100"));
        QCOMPARE(t.accountId, QStringLiteral("work"));
        QVERIFY(t.contact && t.contact->name == QLatin1String("Alice"));
        const ContactDialTarget typed = book.resolveDialText(QStringLiteral(" 5550100 "));
        QCOMPARE(typed.number, QStringLiteral("5550100"));
        QVERIFY(typed.contact && typed.contact->name == QLatin1String("Alice"));
        QVERIFY(!book.resolveDialText(QStringLiteral("800")).contact);
        QVERIFY(book.mustEncrypt(QStringLiteral("600")));
        QVERIFY(!book.mustEncrypt(QStringLiteral("700")));
        QCOMPARE(book.findByNumber(QStringLiteral("700"))->name, QStringLiteral("Bob"));
    }
};

QTEST_GUILESS_MAIN(TestPhoneContacts)
#include "tst_phone_contacts.moc"
