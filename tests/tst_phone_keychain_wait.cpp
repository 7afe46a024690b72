// waitForKeychain (core/phone/keychain_wait.h): a keychain call that answers late is waited for
// while the user is told (a keyring asking for its password), ends at once when the user gives up,
// and without anybody told keeps the short limit. The "keychain call" here is a timer; the real
// keychain (gnome-keyring stopped with SIGSTOP) is in tst_ui_keychain.
#include "core/phone/keychain_secret_store.h"
#include "core/phone/keychain_wait.h"

#include <QElapsedTimer>
#include <QTest>
#include <QTimer>

using namespace iax::phone;

namespace {

/// Counts show()/hide(); gives up `giveUpAfterMs` after being shown when >= 0.
class FakeNotice : public KeychainWaitNotice {
public:
    explicit FakeNotice(int giveUpAfterMs = -1)
        : m_giveUpAfterMs(giveUpAfterMs)
    { }
    void show(std::function<void()> giveUp) override
    {
        ++shown;
        visible = true;
        m_giveUp = std::move(giveUp);
        if (m_giveUpAfterMs >= 0)
            QTimer::singleShot(m_giveUpAfterMs, &m_context, [this] {
                if (m_giveUp)
                    m_giveUp();
            });
    }
    void hide() override
    {
        ++hidden;
        visible = false;
        m_giveUp = nullptr;
    }
    int shown = 0;
    int hidden = 0;
    bool visible = false;

private:
    int m_giveUpAfterMs;
    std::function<void()> m_giveUp;
    QObject m_context;
};

/// A keychain call answering after `ms` (0: from the event loop at once; -1: never).
auto answerAfter(int ms, QObject* context)
{
    return [ms, context](std::function<void()> done) {
        if (ms >= 0)
            QTimer::singleShot(ms, context, [done] { done(); });
    };
}

KeychainWaitEnd endOf(const std::function<void(std::function<void()>)>& start, const KeychainWaitLimits& limits,
    KeychainWaitNotice* notice)
{
    return waitForKeychain(start, limits, notice).end;
}

} // namespace

class TstPhoneKeychainWait : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aQuickAnswerShowsNothing()
    {
        QObject context;
        FakeNotice notice;
        const KeychainWaitLimits limits { 5000, 4000, 60000 };
        QCOMPARE(endOf(answerAfter(0, &context), limits, &notice), KeychainWaitEnd::Answered);
        QCOMPARE(notice.shown, 0);
        // Answered inside start() itself: no event loop at all.
        QCOMPARE(endOf([](std::function<void()> done) { done(); }, limits, &notice),
            KeychainWaitEnd::Answered);
        QCOMPARE(notice.shown, 0);
    }

    // The user types the keyring's password: the answer comes after the short limit, and is taken
    // because the notice was shown and the long limit applies.
    void aLateAnswerIsWaitedForWhileTheUserIsTold()
    {
        QObject context;
        FakeNotice notice;
        const KeychainWaitLimits limits { 400, 100, 60000 };
        QElapsedTimer t;
        t.start();
        QCOMPARE(endOf(answerAfter(1500, &context), limits, &notice), KeychainWaitEnd::Answered);
        QVERIFY(t.elapsed() >= 1400);
        QCOMPARE(notice.shown, 1);
        QCOMPARE(notice.hidden, 1);
        QVERIFY(!notice.visible);
    }

    // Nobody to tell (no notice, as in the CLI or a test): the short limit, as before.
    void withoutANoticeTheShortLimitHolds()
    {
        QObject context;
        const KeychainWaitLimits limits { 300, 100, 60000 };
        QElapsedTimer t;
        t.start();
        QCOMPARE(endOf(answerAfter(-1, &context), limits, nullptr), KeychainWaitEnd::TimedOut);
        QVERIFY(t.elapsed() >= 250); // coarse timers fire up to 5 % early
        QVERIFY2(t.elapsed() < 30000, "waited for the long limit without telling anybody");
    }

    void theUserEndsTheWait()
    {
        QObject context;
        FakeNotice notice(200);
        const KeychainWaitLimits limits { 400, 100, 600000 };
        QElapsedTimer t;
        t.start();
        QCOMPARE(endOf(answerAfter(-1, &context), limits, &notice), KeychainWaitEnd::GaveUp);
        QVERIFY2(t.elapsed() < 300000, "the give-up did not end the wait");
        QCOMPARE(notice.shown, 1);
        QCOMPARE(notice.hidden, 1);
    }

    // The long limit ends a wait the user neither answers nor ends.
    void theLongLimitEndsItToo()
    {
        QObject context;
        FakeNotice notice;
        const KeychainWaitLimits limits { 200, 50, 700 };
        QElapsedTimer t;
        t.start();
        QCOMPARE(endOf(answerAfter(-1, &context), limits, &notice), KeychainWaitEnd::TimedOut);
        QVERIFY(t.elapsed() >= 600);
        QCOMPARE(notice.shown, 1);
        QCOMPARE(notice.hidden, 1);
    }

    // An answer after the wait ended (the job outlived it) touches nothing.
    void aLateDoneIsHarmless()
    {
        std::function<void()> kept;
        const KeychainWaitLimits limits { 50, 10, 100 };
        QCOMPARE(endOf([&kept](std::function<void()> done) { kept = std::move(done); }, limits, nullptr),
            KeychainWaitEnd::TimedOut);
        kept(); // the loop it would quit is gone
        QTest::qWait(10);
    }
};

QTEST_GUILESS_MAIN(TstPhoneKeychainWait)
#include "tst_phone_keychain_wait.moc"
