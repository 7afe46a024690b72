// The CLI contract's lines for issue 18's native features (app/cli/json_events, cli_features):
// voicemail counts in `registration`, and the events the features add. No network.
#include "support/cli_option_support.h"

#include <QtTest>

using namespace iax;
using test::jsonOf;

namespace {
/// readPhoneOptions for `call` with `args`; *error empty when they were accepted.
cli::PhoneOptions parseCall(const QStringList& args, QString* error)
{
    return test::parsePhoneOptions(args, error);
}
} // namespace

class TestCliFeatures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void registrationCarriesVoicemailWhenSent()
    {
        core::RegistrationStateChanged r { 1, core::RegistrationState::Registered, 60, "", "127.0.0.1:4782" };
        r.voicemail = core::VoicemailCount { 2, 1 };
        const auto e = cli::describeEvent(r);
        QVERIFY(e);
        const QJsonObject o = jsonOf(*e);
        QCOMPARE(o.value("voicemail_new").toInt(-1), 2);
        QCOMPARE(o.value("voicemail_old").toInt(-1), 1);
        QVERIFY(e->human.contains(QStringLiteral("2 new, 1 old")));
    }

    void registrationWithoutMsgCountIsUnchanged()
    {
        const core::RegistrationStateChanged r { 1, core::RegistrationState::Registered, 60, "", "127.0.0.1:4782" };
        const QJsonObject o = jsonOf(*cli::describeEvent(r));
        QVERIFY(!o.contains("voicemail_new"));
        QVERIFY(!o.contains("voicemail_old"));
        QCOMPARE(o.keys(), QStringList({ "address", "event", "refresh", "state" }));
    }

    void transferOptions()
    {
        QString error;
        auto o = parseCall({ "--secret", "x", "--transfer", "xfer-target@dev-in", "--transfer-after", "3" }, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(o.transfer, QStringLiteral("xfer-target"));
        QCOMPARE(o.transferContext, QStringLiteral("dev-in"));
        QCOMPARE(o.transferAfter, 3);
        parseCall({ "--secret", "x", "--transfer-after", "3" }, &error);
        QVERIFY(error.contains("--transfer"));
        parseCall({ "--secret", "x", "--transfer", "a b" }, &error);
        QVERIFY(error.contains("--transfer"));
        parseCall({ "--secret", "x", "--transfer", "ext@" }, &error);
        QVERIFY(error.contains("--transfer"));
    }

    void encryptedDialOptions()
    {
        QString error;
        QVERIFY(parseCall({ "--secret", "x", "--encrypted-dial" }, &error).encryptedDial);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        parseCall({ "--secret", "x", "--encrypted-dial", "--encryption", "off" }, &error);
        QVERIFY(error.contains("encryption"));
        parseCall({ "--secret", "x", "--encrypted-dial", "--secure-dial", "700" }, &error);
        QVERIFY(error.contains("--secure-dial"));
    }

    void dndAutoAnswerTextOptions()
    {
        QString error;
        auto o = parseCall({ "--secret", "x", "--dnd", "--auto-answer", "--text", "hello \"you\"" }, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(o.dnd);
        QVERIFY(o.autoAnswerFromPbx);
        QCOMPARE(o.text, QStringLiteral("hello \"you\""));
        o = parseCall({ "--secret", "x" }, &error);
        QVERIFY(!o.dnd && !o.autoAnswerFromPbx && o.text.isEmpty());
        parseCall({ "--secret", "x", "--text", "" }, &error);
        QVERIFY(error.contains("--text"));
    }

    void incomingEventUnchangedWithoutAutoAnswer()
    {
        core::IncomingCall in {};
        in.call = 3;
        in.from = { "127.0.0.24", 4569 };
        const QJsonObject o = jsonOf(*cli::describeEvent(in));
        QVERIFY(!o.contains("autoanswer"));
        QVERIFY(!o.contains("dnd"));
    }
};

QTEST_GUILESS_MAIN(TestCliFeatures)
#include "tst_cli_features.moc"
