// The CLI contract's lines for issue 18's native features (app/cli/json_events, cli_features):
// voicemail counts in `registration`, and the events the features add. No network.
#include "app/cli/json_events.h"

#include <QJsonDocument>
#include <QtTest>

using namespace iax;

namespace {
QJsonObject jsonOf(const cli::CliEvent& e)
{
    const cli::EventPrinter json(true);
    return QJsonDocument::fromJson(QByteArray::fromStdString(json.line(e))).object();
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
};

QTEST_GUILESS_MAIN(TestCliFeatures)
#include "tst_cli_features.moc"
