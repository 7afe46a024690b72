// The IAX2 URI parser of iaxphone-cli: every documented form, and clear errors for the rest.
#include "core/phone/iax_uri.h"

#include <QtTest>

using namespace iax::phone;

class TestCliUri : public QObject {
    Q_OBJECT
private slots:
    void valid_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("exten");
        QTest::addColumn<QString>("context");
        QTest::newRow("host") << "iax2:pbx.example.net"
                              << ""
                              << "pbx.example.net" << 4569 << ""
                              << "";
        QTest::newRow("iax scheme") << "iax:10.0.0.1"
                                    << ""
                                    << "10.0.0.1" << 4569 << ""
                                    << "";
        QTest::newRow("full") << "iax2:alice@pbx.example.net:4570/600@from-internal"
                              << "alice"
                              << "pbx.example.net" << 4570 << "600"
                              << "from-internal";
        QTest::newRow("exten") << "iax2:127.0.0.1/echo"
                               << ""
                               << "127.0.0.1" << 4569 << "echo"
                               << "";
        QTest::newRow("ipv6") << "iax2:bob@[::1]:4570/100"
                              << "bob"
                              << "::1" << 4570 << "100"
                              << "";
        QTest::newRow("ipv6 no port") << "IAX2:[2001:db8::5]/*98"
                                      << ""
                                      << "2001:db8::5" << 4569 << "*98"
                                      << "";
        QTest::newRow("longest parts") << "iax2:" + QString(255, 'u') + "@host/" + QString(255, '9') + "@"
                + QString(255, 'c') << QString(255, 'u')
                                       << "host" << 4569 << QString(255, '9') << QString(255, 'c');
        QTest::newRow("dial characters") << "iax2:host/+49*30#1_2.3-4@from-internal_2.x"
                                         << ""
                                         << "host" << 4569 << "+49*30#1_2.3-4"
                                         << "from-internal_2.x";
        QTest::newRow("slashes") << "iax2://host.lan/5551234"
                                 << ""
                                 << "host.lan" << 4569 << "5551234"
                                 << "";
    }
    void valid()
    {
        QFETCH(QString, text);
        QString error;
        const auto uri = parseIaxUri(text, &error);
        QVERIFY2(uri.has_value(), qPrintable(error));
        QTEST(uri->user, "user");
        QTEST(uri->host, "host");
        QTEST(int(uri->port), "port");
        QTEST(uri->extension, "exten");
        QTEST(uri->context, "context");
    }

    void invalid_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("scheme") << "sip:alice@host"
                                << "iax2:";
        QTest::newRow("empty host") << "iax2:"
                                    << "host";
        QTest::newRow("user only") << "iax2:alice@"
                                   << "host";
        QTest::newRow("bad port") << "iax2:host:99999"
                                  << "port";
        QTest::newRow("port text") << "iax2:host:abc"
                                   << "port";
        QTest::newRow("empty port") << "iax2:host:/1"
                                    << "port";
        QTest::newRow("secret in uri") << "iax2:alice:pw@host"
                                       << "secret";
        QTest::newRow("empty exten") << "iax2:host/"
                                     << "extension";
        QTest::newRow("empty context") << "iax2:host/100@"
                                       << "context";
        QTest::newRow("space") << "iax2:host/1 00"
                               << "spaces";
        QTest::newRow("bad v6") << "iax2:[::g]/1"
                                << "IPv6";
        QTest::newRow("unclosed v6") << "iax2:[::1/1"
                                     << "]";
        QTest::newRow("bad host") << "iax2:ho$t"
                                  << "host";
        // Lengths: each part must fit one IAX2 information element (255 bytes); a 258-character
        // extension once made NEW's length byte say 2 and the rest parse as further IEs.
        QTest::newRow("258-char extension") << "iax2:host/" + QString(258, '1') << "extension is 258 characters";
        QTest::newRow("256-char context") << "iax2:host/1@" + QString(256, 'c') << "context is 256 characters";
        QTest::newRow("256-char user") << "iax2:" + QString(256, 'u') + "@host/1"
                                       << "user name is 256 characters";
        QTest::newRow("huge uri") << "iax2:host/1?" + QString(2000, 'x') << "at most 1024";
        // Characters: no quotes, escapes or dial-string syntax in the called number or context.
        QTest::newRow("percent") << "iax2:host/%2A98"
                                 << "only letters, digits and + * # . _ -";
        QTest::newRow("quote") << "iax2:host/1'2"
                               << "only letters, digits";
        QTest::newRow("ampersand") << "iax2:host/100&Dial(evil)"
                                   << "only letters, digits";
        QTest::newRow("context bang") << "iax2:host/1@ctx!x"
                                      << "context may contain only";
        QTest::newRow("control") << "iax2:host/1\x1b[2J"
                                 << "reserved characters";
    }
    void invalid()
    {
        QFETCH(QString, text);
        QFETCH(QString, mentions);
        QString error;
        QVERIFY(!parseIaxUri(text, &error).has_value());
        QVERIFY2(error.contains(mentions), qPrintable(error));
        QVERIFY(error.contains(text));
    }

    void bindValid_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("address");
        QTest::addColumn<int>("port");
        QTest::newRow("v4 port") << "127.0.0.1:5000"
                                 << "127.0.0.1" << 5000;
        QTest::newRow("v4 default") << "0.0.0.0"
                                    << "0.0.0.0" << 4569;
        QTest::newRow("ephemeral") << "127.0.0.1:0"
                                   << "127.0.0.1" << 0;
        QTest::newRow("v6 brackets") << "[::1]:4570"
                                     << "::1" << 4570;
        QTest::newRow("v6 brackets no port") << "[::]"
                                             << "::" << 4569;
        QTest::newRow("v6 bare") << "::1"
                                 << "::1" << 4569;
    }
    void bindValid()
    {
        QFETCH(QString, text);
        QString error;
        const auto b = parseBindAddress(text, 4569, &error);
        QVERIFY2(b.has_value(), qPrintable(error));
        QTEST(b->first.toString(), "address");
        QTEST(int(b->second), "port");
    }
    void bindInvalid_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("name") << "localhost:5000"
                              << "not an IP address";
        QTest::newRow("empty") << ""
                               << "not an IP address";
        QTest::newRow("port range") << "127.0.0.1:70000"
                                    << "port";
        QTest::newRow("port text") << "127.0.0.1:x"
                                   << "port";
        QTest::newRow("empty port") << "127.0.0.1:"
                                    << "port";
        QTest::newRow("unclosed v6") << "[::1:5000"
                                     << "]";
        QTest::newRow("junk after v6") << "[::1]5000"
                                       << "PORT";
    }
    void bindInvalid()
    {
        QFETCH(QString, text);
        QFETCH(QString, mentions);
        QString error;
        QVERIFY(!parseBindAddress(text, 4569, &error).has_value());
        QVERIFY2(error.contains(mentions), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestCliUri)
#include "tst_cli_uri.moc"
