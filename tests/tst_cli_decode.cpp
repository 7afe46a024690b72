// `iaxphone-cli decode` as a user runs it: the real binary on every interop capture must
// reproduce decoded.json frame by frame, recover the DTMF digits, write the voice, and fail
// with exit code 8 when the secret is missing.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {
const QString kCli = QStringLiteral(IAX_BINARY_DIR "/app/iaxphone-cli");
QString dataPath(const QString& rel)
{
    return QStringLiteral(IAX_TEST_DATA "/interop/") + rel;
}

struct Run {
    int code = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(kCli, args);
    p.waitForFinished(60000);
    return { p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError() };
}
} // namespace

class TestCliDecode : public QObject {
    Q_OBJECT
private slots:
    void jsonMatchesDecodedJson_data()
    {
        QTest::addColumn<QString>("capture");
        QTest::addColumn<QString>("secret");
        QTest::newRow("md5-aes128-dtmf") << "md5-aes128-dtmf"
                                         << "Aes128Secret-A";
        QTest::newRow("rsa-aes128") << "rsa-aes128"
                                    << "RsaAes-Secret-C";
        QTest::newRow("md5-plain") << "md5-plain"
                                   << "PlainMd5-Secret-D";
        QTest::newRow("register-md5") << "register-md5"
                                      << "SoftphoneMd5Secret";
    }
    void jsonMatchesDecodedJson()
    {
        QFETCH(QString, capture);
        QFETCH(QString, secret);
        QTemporaryDir tmp;
        QFile sf(tmp.path() + "/secret");
        QVERIFY(sf.open(QIODevice::WriteOnly));
        sf.write(secret.toUtf8() + "\n");
        sf.close();
        const Run r = run({ "decode", dataPath(capture + "/" + capture + ".pcap"), "--json", "--secret-file",
            sf.fileName(), "--voice-out", tmp.path() + "/voice" });
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(!r.out.contains(secret.toUtf8())); // the secret is never printed

        QFile jf(dataPath(capture + "/decoded.json"));
        QVERIFY(jf.open(QIODevice::ReadOnly));
        const QJsonObject expected = QJsonDocument::fromJson(jf.readAll()).object();
        const QJsonArray frames = expected.value("frames").toArray();
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), frames.size() + 1);
        static const QStringList kFields = { "pkt", "src", "dst", "udp_len", "kind", "enc", "pad", "scall", "dcall",
            "retrans", "ts", "oseq", "iseq", "type", "subclass", "ies", "callno", "ts16", "payload_len" };
        for (int i = 0; i < frames.size(); ++i) {
            const QJsonObject want = frames[i].toObject();
            const QJsonObject got = QJsonDocument::fromJson(lines[i]).object();
            for (const QString& k : kFields) {
                QCOMPARE(got.contains(k), want.contains(k));
                if (want.contains(k))
                    QVERIFY2(got.value(k) == want.value(k),
                        qPrintable(
                            QString("pkt %1 field %2: got %3 want %4")
                                .arg(i + 1)
                                .arg(k, QJsonDocument(QJsonArray { got.value(k) }).toJson(QJsonDocument::Compact),
                                    QJsonDocument(QJsonArray { want.value(k) }).toJson(QJsonDocument::Compact))));
            }
        }
        const QJsonObject summary = QJsonDocument::fromJson(lines.last()).object().value("summary").toObject();
        QCOMPARE(summary.value("dtmf"), expected.value("dtmf"));
        QCOMPARE(summary.value("voice_bytes"), expected.value("voice_bytes"));
        QCOMPARE(summary.value("rtkeys"), expected.value("rtkeys"));
        QCOMPARE(summary.value("keys").toArray().size(), expected.value("keys").toArray().size());
        for (int i = 0; i < summary.value("keys").toArray().size(); ++i)
            QCOMPARE(summary.value("keys").toArray()[i].toObject().value("aes_key"),
                expected.value("keys").toArray()[i].toObject().value("aes_key"));

        // Voice files per direction equal the independently decrypted ones.
        const QJsonObject voice = expected.value("voice_bytes").toObject();
        for (auto it = voice.begin(); it != voice.end(); ++it) {
            QString name = it.key();
            name.replace(':', '_');
            QFile ours(tmp.path() + "/voice/voice-from-" + name + ".ulaw");
            QFile theirs(dataPath(capture + "/decrypted-voice/voice-from-" + name + ".ulaw"));
            QVERIFY(ours.open(QIODevice::ReadOnly) && theirs.open(QIODevice::ReadOnly));
            QCOMPARE(ours.readAll(), theirs.readAll());
            QVERIFY(QFile::exists(tmp.path() + "/voice/voice-from-" + name + ".wav"));
        }
    }

    void textOutputShowsDigitsFromEnvSecret()
    {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("IAXPHONE_SECRET", "Aes128Secret-A");
        const Run r = run({ "decode", dataPath("md5-aes128-dtmf/md5-aes128-dtmf.pcap") }, env);
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("IAX/AUTHREP pad=22"));
        QVERIFY(r.out.contains("DTMF_BEGIN/'#'"));
        QVERIFY(r.out.contains("DTMF_END:1 DTMF_BEGIN:2"));
        QVERIFY(r.out.contains("now transmits with key 8f212aa658a0154455d2e9a09644aeee"));
        QVERIFY(!r.out.contains("Aes128Secret-A"));
    }

    void withoutSecretFailsClearly()
    {
        auto env = QProcessEnvironment::systemEnvironment();
        env.remove("IAXPHONE_SECRET");
        const Run r = run({ "decode", dataPath("rsa-aes128/rsa-aes128.pcap"), "--json" }, env);
        QCOMPARE(r.code, 8);
        QVERIFY(r.err.contains("could not be decrypted"));
        // Nothing after AUTHREQ (pkt 4) is readable.
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        for (int i = 4; i < lines.size() - 1; ++i) {
            const QJsonObject o = QJsonDocument::fromJson(lines[i]).object();
            QVERIFY(o.value("enc").toBool());
            QVERIFY(!o.contains("type"));
            QVERIFY(!o.contains("ts16"));
        }
    }

    void badArguments()
    {
        QCOMPARE(run({ "decode" }).code, 2);
        QCOMPARE(run({ "decode", "/nonexistent.pcap" }).code, 1);
        QCOMPARE(run({ "frobnicate" }).code, 2);
        QCOMPARE(run({ "decode", "x.pcap", "--port", "70000" }).code, 2);
        const Run help = run({ "--help" });
        QCOMPARE(help.code, 0);
        QVERIFY(help.out.contains("decode"));
        QVERIFY(help.out.contains("Exit status"));
        QCOMPARE(run({ "decode", dataPath("md5-plain/md5-plain.pcap"), "--secret-file", "/nonexistent" }).code, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliDecode)
#include "tst_cli_decode.moc"
