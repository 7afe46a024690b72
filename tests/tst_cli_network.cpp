// The CLI contract's lines for issue 19: the `network` event of each state of a network change,
// and the `--keepalive` option. No network.
#include "support/cli_option_support.h"

#include <QtTest>

using namespace iax;
using test::jsonOf;
using test::parsePhoneOptions;

class TestCliNetwork : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void networkEvents()
    {
        net::NetworkStatus s;
        s.state = net::NetworkStatus::State::Changed;
        s.why = net::NetworkChange::Resumed;
        s.detail = QStringLiteral("resumed after about 120 s asleep");
        QJsonObject o = jsonOf(cli::describeNetworkStatus(s));
        QCOMPARE(o.value("event").toString(), QStringLiteral("network"));
        QCOMPARE(o.value("state").toString(), QStringLiteral("changed"));
        QCOMPARE(o.value("reason").toString(), QStringLiteral("resumed"));
        QCOMPARE(o.value("detail").toString(), s.detail);

        s.state = net::NetworkStatus::State::Reconnecting;
        s.detail = QStringLiteral("socket moved from 10.19.0.2 to 0.0.0.0:41602");
        s.localAddress = QStringLiteral("0.0.0.0");
        s.registrations = 2;
        s.calls = 1;
        o = jsonOf(cli::describeNetworkStatus(s));
        QCOMPARE(o.value("state").toString(), QStringLiteral("reconnecting"));
        QCOMPARE(o.value("local").toString(), s.localAddress);
        QCOMPARE(o.value("registrations").toInt(), 2);
        QCOMPARE(o.value("calls").toInt(), 1);
        QCOMPARE(o.value("detail").toString(), s.detail);
        QVERIFY(!o.contains("reason"));

        s.state = net::NetworkStatus::State::Recovered;
        s.afterMs = 250;
        o = jsonOf(cli::describeNetworkStatus(s));
        QCOMPARE(o.value("state").toString(), QStringLiteral("recovered"));
        QCOMPARE(o.value("after_ms").toInt(), 250);
        const QString human = cli::describeNetworkStatus(s).human;
        QVERIFY2(human.contains("250 ms"), qPrintable(human));
    }

    void keepaliveOption()
    {
        QString error;
        QCOMPARE(parsePhoneOptions({ "--secret", "x" }, &error).keepalive, 25);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(parsePhoneOptions({ "--secret", "x", "--keepalive", "0" }, &error).keepalive, 0);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        parsePhoneOptions({ "--secret", "x", "--keepalive", "3601" }, &error);
        QVERIFY2(error.contains("--keepalive"), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestCliNetwork)
#include "tst_cli_network.moc"
