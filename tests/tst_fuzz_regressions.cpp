// Replays every committed fuzz input (tests/fuzz/corpus/<target>/* and the minimised findings in
// tests/fuzz/regressions/<target>/*) through the same entry points as the libFuzzer binaries, in
// the normal (and the ASan+UBSan) build, so every finding stays covered by CTest.
#include "fuzz/fuzz_common.h"

#include <QDir>
#include <QFile>
#include <QtTest>

namespace {
const QString kFuzzDir = QStringLiteral(IAX_TEST_DATA "/../fuzz");
}

class TestFuzzRegressions : public QObject {
    Q_OBJECT
private slots:
    void replay_data()
    {
        QTest::addColumn<QString>("target");
        for (const auto& t : iax::fuzz::kTargets)
            QTest::newRow(t.name) << QString::fromLatin1(t.name);
    }
    void replay()
    {
        QFETCH(QString, target);
        iax::fuzz::Entry entry = nullptr;
        for (const auto& t : iax::fuzz::kTargets)
            if (target == QLatin1String(t.name))
                entry = t.entry;
        QVERIFY(entry);
        QStringList broken;
        QString current;
        iax::fuzz::setViolationHandler([&](const std::string& what) {
            broken << current + QStringLiteral(": ") + QString::fromStdString(what);
        });
        int inputs = 0;
        for (const char* kind : { "corpus", "regressions" }) {
            QDir dir(kFuzzDir + QLatin1Char('/') + QLatin1String(kind) + QLatin1Char('/') + target);
            for (const QFileInfo& fi : dir.entryInfoList(QDir::Files, QDir::Name)) {
                QFile f(fi.filePath());
                QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(fi.filePath()));
                const QByteArray bytes = f.readAll();
                current = QLatin1String(kind) + QLatin1Char('/') + target + QLatin1Char('/') + fi.fileName();
                entry(reinterpret_cast<const std::uint8_t*>(bytes.constData()), std::size_t(bytes.size()));
                ++inputs;
            }
        }
        iax::fuzz::setViolationHandler({});
        QVERIFY2(broken.isEmpty(), qPrintable(broken.join(QLatin1Char('\n'))));
        QVERIFY2(inputs > 0, "no committed inputs for this target");
    }
};

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "tst_fuzz_regressions.moc"
