// The single-instance socket lives only in a directory no other local user can enter (issue 16,
// item 9): $XDG_RUNTIME_DIR when it is ours with mode 0700, else <tmp>/iaxphone-<uid> created
// 0700; a directory someone else owns, a symlink or one with group/other access is refused with a
// reason — never the shared /tmp/iaxphone.sock another user could create first and be handed
// every link. Then a URI is forwarded through the socket.
#include "core/phone/single_instance.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <thread>

#include <sys/stat.h>
#include <unistd.h>

using namespace iax::phone;

namespace {

int modeOf(const QString& path)
{
    struct stat st { };
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

QString ownDirIn(const QString& tmp)
{
    return tmp + QStringLiteral("/iaxphone-%1").arg(::geteuid());
}

} // namespace

class TstUiSingleInstance : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void usesAPrivateRuntimeDirectory()
    {
        QTemporaryDir run; // QTemporaryDir creates it with mode 0700
        QTemporaryDir tmp;
        QCOMPARE(modeOf(run.path()), 0700);
        QString error;
        QCOMPARE(SingleInstance::socketPathIn(run.path(), tmp.path(), &error), run.path() + "/iaxphone.sock");
        QVERIFY(!QFile::exists(ownDirIn(tmp.path()))); // nothing created in the shared directory
    }

    void withoutRuntimeDirectoryCreatesAPrivateOne()
    {
        QTemporaryDir tmp;
        QString error;
        const QString path = SingleInstance::socketPathIn(QString(), tmp.path(), &error);
        QCOMPARE(path, ownDirIn(tmp.path()) + "/iaxphone.sock");
        QCOMPARE(modeOf(ownDirIn(tmp.path())), 0700);
        // Again (a second instance, or a restart): the same directory is accepted.
        QCOMPARE(SingleInstance::socketPathIn(QString(), tmp.path(), &error), path);
        QVERIFY(path != tmp.path() + "/iaxphone.sock");
    }

    void openRuntimeDirectoryIsNotUsed()
    {
        // XDG_RUNTIME_DIR set to a directory others can enter: the private fallback is used.
        QTemporaryDir run;
        QTemporaryDir tmp;
        QFile::setPermissions(run.path(),
            QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther | QFile::WriteOther
                | QFile::ExeOther);
        QString error;
        QCOMPARE(SingleInstance::socketPathIn(run.path(), tmp.path(), &error), ownDirIn(tmp.path()) + "/iaxphone.sock");
    }

    void squattedDirectoryIsRefused_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("world-writable") << "mode";
        QTest::newRow("symlink") << "symlink";
        QTest::newRow("file") << "file";
        QTest::newRow("other owner") << "owner";
    }
    void squattedDirectoryIsRefused()
    {
        QFETCH(QString, kind);
        QTemporaryDir tmp;
        QTemporaryDir elsewhere;
        const QString own = ownDirIn(tmp.path());
        QString mentions;
        if (kind == "mode") {
            QVERIFY(QDir().mkdir(own));
            QVERIFY(::chmod(QFile::encodeName(own).constData(), 0777) == 0);
            mentions = QStringLiteral("other users (mode 0777)");
        } else if (kind == "symlink") {
            QVERIFY(QFile::link(elsewhere.path(), own)); // elsewhere is 0700 and ours: still refused
            mentions = QStringLiteral("symbolic link");
        } else if (kind == "file") {
            QFile f(own);
            QVERIFY(f.open(QIODevice::WriteOnly));
            mentions = QStringLiteral("not a directory");
        } else {
            if (::geteuid() != 0)
                QSKIP("needs root to create a directory owned by another user");
            QVERIFY(QDir().mkdir(own));
            QVERIFY(::chmod(QFile::encodeName(own).constData(), 0700) == 0);
            QVERIFY(::chown(QFile::encodeName(own).constData(), 65534, 65534) == 0);
            mentions = QStringLiteral("belongs to another user (uid 65534)");
        }
        QString error;
        QCOMPARE(SingleInstance::socketPathIn(QString(), tmp.path(), &error), QString());
        QVERIFY2(error.contains(mentions), qPrintable(error));
        QVERIFY2(error.contains(own), qPrintable(error));
        // No socket anywhere, and listen() refuses a path in such a directory outright.
        SingleInstance squatted(own + "/iaxphone.sock");
        QString why;
        QVERIFY(!squatted.listen(&why));
        QVERIFY2(why.contains(QLatin1String("not in a private directory")), qPrintable(why));
        SingleInstance none { QString() };
        QVERIFY(!none.listen(&why));
        QVERIFY(!none.forward(QStringLiteral("iax2:host/1"), 200));
        QVERIFY(!none.isRunning(200));
    }

    void forwardsThroughThePrivateSocket()
    {
        QTemporaryDir tmp;
        QString error;
        const QString path = SingleInstance::socketPathIn(QString(), tmp.path(), &error);
        QVERIFY2(!path.isEmpty(), qPrintable(error));
        SingleInstance primary(path);
        QVERIFY2(primary.listen(&error), qPrintable(error));
        QSignalSpy got(&primary, &SingleInstance::messageReceived);
        // forward() blocks for the answer, which the primary writes from this thread's event loop:
        // the second instance runs in a thread of its own.
        std::atomic<bool> handed { false };
        std::thread second(
            [&] { handed = SingleInstance(path).forward(QStringLiteral("iax2:pbx.example.net/600"), 10000); });
        QTRY_COMPARE_WITH_TIMEOUT(got.count(), 1, 10000);
        second.join();
        QVERIFY(handed);
        QCOMPARE(got.at(0).at(0).toString(), QStringLiteral("iax2:pbx.example.net/600"));
    }
};

QTEST_GUILESS_MAIN(TstUiSingleInstance)
#include "tst_ui_single_instance.moc"
