// The German translation covers every user-visible string: lupdate runs over ui/ and core/phone/
// (update_translations' project: same sources and include paths) into a temporary copy of
// iaxphone_de.ts; every message of the
// result must have a finished translation. Failures list "file:line [context] source" per string;
// `tst_translations -list` (or scripts/untranslated.sh) prints that list for the checked-in file
// without failing.
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

/// One message of a .ts file that still needs a translation.
struct Unfinished {
    QString context, source, location;
};

/// The messages of `tsPath` without a finished translation (unfinished, or empty); obsolete and
/// vanished ones are not counted. Error text in *error when the file cannot be read.
QList<Unfinished> unfinishedIn(const QString& tsPath, QString* error)
{
    QList<Unfinished> out;
    QFile f(tsPath);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = f.errorString();
        return out;
    }
    QXmlStreamReader xml(&f);
    QString context;
    Unfinished m;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            m = { context, {}, {} };
        } else if (name == QLatin1String("location") && m.location.isEmpty()) {
            m.location = QStringLiteral("%1:%2").arg(xml.attributes().value(QLatin1String("filename")).toString(),
                xml.attributes().value(QLatin1String("line")).toString());
        } else if (name == QLatin1String("source")) {
            m.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            if (type == QLatin1String("obsolete") || type == QLatin1String("vanished"))
                continue;
            if (type == QLatin1String("unfinished") || text.trimmed().isEmpty())
                out << m;
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return out;
}

QString listing(const QList<Unfinished>& list)
{
    QStringList lines;
    for (const auto& u : list)
        lines << QStringLiteral("%1 [%2] %3").arg(u.location, u.context, u.source);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class TstTranslations : public QObject {
    Q_OBJECT
    /// Runs `program` with `args`; false (with its output as the failure message) unless it
    /// exits with 0.
    static bool run(const QString& program, const QStringList& args)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(program, args);
        const bool ok = p.waitForFinished(120000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
        if (!ok)
            qWarning("%s failed: %s", qPrintable(program), p.readAll().constData());
        return ok;
    }
private Q_SLOTS:
    void germanIsComplete()
    {
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("iaxphone_de.ts"));
        QVERIFY(QFile::copy(QStringLiteral(IAX_TS_FILE), copy));
        QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        const QString project = dir.filePath(QStringLiteral("project.json"));
        QVERIFY2(QFile::exists(QStringLiteral(IAX_LUPDATE_PROJECT)),
            "no lupdate project of iax_ui (configure with IAXPHONE_GUI=ON): " IAX_LUPDATE_PROJECT);
        QVERIFY(run(QStringLiteral(IAX_CMAKE),
            { QStringLiteral("-DIN_FILE=" IAX_LUPDATE_PROJECT), QStringLiteral("-DOUT_FILE=") + project,
                QStringLiteral("-P"), QStringLiteral(IAX_LUPDATE_GENERATOR) }));
        QVERIFY(run(QStringLiteral(IAX_LUPDATE),
            { QStringLiteral("-project"), project, QStringLiteral("-no-obsolete"), QStringLiteral("-ts"), copy }));
        QString error;
        const QList<Unfinished> missing = unfinishedIn(copy, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(missing.isEmpty(),
            qPrintable(QStringLiteral("%1 strings without a German translation (translate them in %2 after "
                                      "`cmake --build B --target update_translations`, or run "
                                      "scripts/untranslated.sh):\n%3")
                           .arg(missing.size())
                           .arg(QStringLiteral(IAX_TS_FILE), listing(missing))));
    }

    /// A file's own tr() helper (`QCoreApplication::translate("ctx", text)`) finds a translation
    /// only under a context lupdate gave that file's strings: lupdate files a namespace-level
    /// tr("…") under the namespace, so a helper naming a class there looks in an empty context
    /// and the message stays English (call_transfer.cpp, redial.cpp … did).
    void helperContextsExistInTheTs()
    {
        QFile ts(QStringLiteral(IAX_TS_FILE));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        QSet<QString> contexts;
        QXmlStreamReader xml(&ts);
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("context")) {
                xml.readNextStartElement(); // <name>
                contexts.insert(xml.readElementText());
            }
        }
        const QString root = QFileInfo(QStringLiteral(IAX_TS_FILE)).absolutePath() + QStringLiteral("/../..");
        static const QRegularExpression helper(
            QStringLiteral("QCoreApplication::translate\\(\\s*\"([^\"]+)\"\\s*,\\s*[A-Za-z_]"));
        QStringList wrong;
        int seen = 0;
        for (const QString& dir : { QStringLiteral("/ui"), QStringLiteral("/core/phone") }) {
            QDirIterator it(root + dir, { QStringLiteral("*.cpp"), QStringLiteral("*.h") }, QDir::Files);
            while (it.hasNext()) {
                QFile f(it.next());
                QVERIFY(f.open(QIODevice::ReadOnly));
                const QString text = QString::fromUtf8(f.readAll());
                for (auto m = helper.globalMatch(text); m.hasNext();) {
                    const QString ctx = m.next().captured(1);
                    ++seen;
                    if (!contexts.contains(ctx))
                        wrong << QStringLiteral("%1: \"%2\"").arg(it.fileName(), ctx);
                }
            }
        }
        QVERIFY(seen > 0); // the scan found the helpers at all
        QVERIFY2(wrong.isEmpty(), qPrintable(QStringLiteral("tr() helpers whose context has no messages in the .ts:\n")
                                                + wrong.join(QLatin1Char('\n'))));
    }
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (app.arguments().contains(QStringLiteral("-list"))) {
        QString error;
        const QList<Unfinished> list = unfinishedIn(QStringLiteral(IAX_TS_FILE), &error);
        if (!error.isEmpty()) {
            qCritical("%s", qPrintable(error));
            return 2;
        }
        if (!list.isEmpty())
            printf("%s\n", qPrintable(listing(list)));
        printf("%lld unfinished\n", qlonglong(list.size()));
        return list.isEmpty() ? 0 : 1;
    }
    TstTranslations t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_translations.moc"
