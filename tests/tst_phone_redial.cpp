// Calling a history entry again (core/phone/redial.h, issue 21 item 11): the entry's account, the
// number dialled (never secure dial's access extension) and its mode — secure dial as that call was
// placed, an incoming call as the account's default — or a refusal that says why and what to do;
// and a history file from before "via" was written loads with each call's mode.
#include "core/phone/call_history.h"
#include "core/phone/redial.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace iax::phone;

namespace {

AccountSettings account(const QString& id, bool secureDefault, const QString& extension = QStringLiteral("dtmf"))
{
    AccountSettings a;
    a.id = id;
    a.name = QStringLiteral("Account %1").arg(id);
    a.host = QStringLiteral("127.0.0.1");
    a.username = id;
    a.secureDialExtension = extension;
    a.secureDialEnabled = secureDefault;
    return a;
}

Settings accounts()
{
    Settings s;
    s.accounts << account(QStringLiteral("home"), true) << account(QStringLiteral("work"), false);
    return s;
}

CallHistoryEntry entry(const QString& accountId, const QString& number, const QString& via = {},
    CallDirection direction = CallDirection::Outgoing)
{
    CallHistoryEntry e;
    e.accountId = accountId;
    e.number = number;
    e.peer = via.isEmpty() ? number : via;
    e.via = via;
    e.direction = direction;
    return e;
}

/// One history entry as a file of the app's first versions wrote it (no "via").
QJsonObject oldRecord(const QString& direction, const QString& number, const QString& peer, bool secureDialSent)
{
    return QJsonObject { { QStringLiteral("account"), QStringLiteral("home") }, { QStringLiteral("number"), number },
        { QStringLiteral("peer"), peer }, { QStringLiteral("direction"), direction },
        { QStringLiteral("started"), QStringLiteral("2026-11-30T10:00:00Z") }, { QStringLiteral("duration"), 5 },
        { QStringLiteral("encrypted"), true }, { QStringLiteral("secureDial"), secureDialSent },
        { QStringLiteral("outcome"), QStringLiteral("answered") } };
}

bool writeJson(const QString& path, const QJsonArray& records)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(QJsonDocument(records).toJson()) > 0;
}

} // namespace

class TstPhoneRedial : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void usesTheEntrysAccountNumberAndMode_data()
    {
        QTest::addColumn<QString>("accountId");
        QTest::addColumn<QString>("via");
        QTest::addColumn<int>("direction");
        QTest::addColumn<bool>("secureDial");
        const int out = int(CallDirection::Outgoing);
        const int in = int(CallDirection::Incoming);
        // The account's default does not matter for a call the user placed: its own mode does.
        QTest::newRow("secure dial, default off") << QStringLiteral("work") << QStringLiteral("dtmf") << out << true;
        QTest::newRow("plain, default on") << QStringLiteral("home") << QString() << out << false;
        QTest::newRow("secure dial, default on") << QStringLiteral("home") << QStringLiteral("dtmf") << out << true;
        // An incoming call was not dialled: calling back goes as a typed number would.
        QTest::newRow("incoming, default on") << QStringLiteral("home") << QString() << in << true;
        QTest::newRow("incoming, default off") << QStringLiteral("work") << QString() << in << false;
    }
    void usesTheEntrysAccountNumberAndMode()
    {
        QFETCH(QString, accountId);
        QFETCH(QString, via);
        QFETCH(int, direction);
        QFETCH(bool, secureDial);
        const Settings s = accounts();
        const RedialPlan plan
            = planRedial(entry(accountId, QStringLiteral("5551234"), via, CallDirection(direction)), s);
        QVERIFY2(!plan.refused, qPrintable(plan.sentence));
        QCOMPARE(plan.accountId, accountId);
        QCOMPARE(plan.number, QStringLiteral("5551234")); // the destination, not the access extension
        QCOMPARE(plan.secureDial, secureDial);
        const QString how = secureDial ? QStringLiteral("(secure dial)") : QStringLiteral("(without secure dial)");
        QCOMPARE(
            plan.sentence, QStringLiteral("Calling 5551234 with account %1 %2.").arg(s.account(accountId)->name, how));
    }

    void refusesWithTheReasonAndWhatToDo()
    {
        Settings s = accounts();
        RedialPlan gone = planRedial(entry(QStringLiteral("removed"), QStringLiteral("600")), s);
        QVERIFY(gone.refused);
        QCOMPARE(gone.accountId, QString());
        QCOMPARE(gone.number, QStringLiteral("600")); // left for the user to call with another account
        QVERIFY2(gone.sentence.contains(QLatin1String("no longer exists")), qPrintable(gone.sentence));

        QVERIFY(planRedial(entry(QStringLiteral("home"), QString()), s).refused); // nothing to call

        // Placed by secure dial, but the account has none now: never fall back to sending the
        // number in NEW by itself.
        s.accounts[1].secureDialExtension.clear();
        RedialPlan noExtension
            = planRedial(entry(QStringLiteral("work"), QStringLiteral("5551234"), QStringLiteral("dtmf")), s);
        QVERIFY(noExtension.refused);
        QCOMPARE(noExtension.accountId, QStringLiteral("work"));
        QVERIFY2(noExtension.sentence.contains(QLatin1String("no secure dial now")), qPrintable(noExtension.sentence));
        s.accounts[1] = account(QStringLiteral("work"), false);
        s.accounts[1].encryption = EncryptionPolicy::Off;
        QVERIFY(
            planRedial(entry(QStringLiteral("work"), QStringLiteral("5551234"), QStringLiteral("dtmf")), s).refused);

        // A caller by name cannot be called back by secure dial (the default of "home").
        RedialPlan byName = planRedial(
            entry(QStringLiteral("home"), QStringLiteral("alice"), {}, CallDirection::Incoming), accounts());
        QVERIFY(byName.refused);
        QVERIFY(byName.secureDial);
        QVERIFY2(byName.sentence.contains(QLatin1String("untick Secure dial")), qPrintable(byName.sentence));
    }

    void oldHistoryFilesLoadWithEachCallsMode()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.json"));
        QVERIFY(writeJson(path,
            { oldRecord(QStringLiteral("out"), QStringLiteral("5551234"), QStringLiteral("dtmf"), true),
                oldRecord(QStringLiteral("out"), QStringLiteral("5550000"), QStringLiteral("dtmf"), false),
                oldRecord(QStringLiteral("out"), QStringLiteral("600"), QStringLiteral("600"), false),
                oldRecord(QStringLiteral("in"), QStringLiteral("5557777"), QStringLiteral("Bob"), false) }));
        CallHistory history(path);
        QCOMPARE(history.loadError(), QString());
        const QList<CallHistoryEntry>& e = history.entries();
        QCOMPARE(e.size(), 4);
        QCOMPARE(e[0].via, QStringLiteral("dtmf")); // sent by secure dial
        QCOMPARE(e[1].via, QStringLiteral("dtmf")); // secure dial that did not send: still its mode
        QVERIFY(e[1].bySecureDial());
        QCOMPARE(e[2].via, QString());
        QVERIFY(!e[2].bySecureDial());
        QCOMPARE(e[3].via, QString()); // an incoming caller's name is no access extension
        Settings s = accounts();
        s.accounts[0].secureDialEnabled = false;
        QVERIFY(planRedial(e[1], s).secureDial);
        QCOMPARE(planRedial(e[1], s).number, QStringLiteral("5550000"));
        QVERIFY(!planRedial(e[2], s).secureDial);

        // Saved again, the file says it ("via") and loads the same.
        QVERIFY(history.add(entry(QStringLiteral("home"), QStringLiteral("123"))));
        CallHistory reloaded(path);
        QCOMPARE(reloaded.entries(), history.entries());

        // A file that has "via" is taken at its word.
        QJsonObject plain = oldRecord(QStringLiteral("out"), QStringLiteral("600"), QStringLiteral("Echo test"), false);
        plain.insert(QStringLiteral("via"), QString());
        QVERIFY(writeJson(path, { plain }));
        QVERIFY(!CallHistory(path).entries().value(0).bySecureDial());
    }

    // The in-memory functions (also fuzz_settings' entry) read and write what the file does.
    void historyBytesParseAndWriteAsTheFileDoes()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.json"));
        const QJsonArray records { oldRecord(
                                       QStringLiteral("out"), QStringLiteral("5551234"), QStringLiteral("dtmf"), true),
            oldRecord(QStringLiteral("in"), QStringLiteral("5557777"), QStringLiteral("Bob"), false),
            oldRecord(QStringLiteral("out"), QStringLiteral("600"), QStringLiteral("600"), false) };
        QVERIFY(writeJson(path, records));
        const auto parsed = CallHistory::parseJson(QJsonDocument(records).toJson(), 500);
        QVERIFY(parsed.has_value());
        QCOMPARE(*parsed, CallHistory(path).entries());
        QVERIFY(CallHistory::parseJson(CallHistory::toJson(*parsed), 500) == parsed);
        QCOMPARE(CallHistory::parseJson(QJsonDocument(records).toJson(), 2)->size(), 2); // the limit
        QVERIFY(!CallHistory::parseJson("{\"not\": \"an array\"}", 500).has_value());
        QVERIFY(!CallHistory::parseJson("[{", 500).has_value());
    }
};

QTEST_GUILESS_MAIN(TstPhoneRedial)
#include "tst_phone_redial.moc"
