// RsaFallbackPolicy: the decision table — MD5 fallback is selected exactly when the account
// allows it (and has a secret) and RSA could not complete before authentication; never after a
// failed RSA verification.
#include "core/protocol/rsa_fallback_policy.h"

#include <QTest>

using namespace iax::core;
using O = RsaAttempt::Outcome;
using A = RsaFallbackDecision::Action;

Q_DECLARE_METATYPE(RsaAttempt::Outcome)
Q_DECLARE_METATYPE(RsaFallbackDecision::Action)

class TstKeysFallback : public QObject {
    Q_OBJECT
private slots:
    void table_data()
    {
        QTest::addColumn<O>("outcome");
        QTest::addColumn<bool>("allow");
        QTest::addColumn<bool>("secret");
        QTest::addColumn<A>("expected");
        const O outcomes[]
            = { O::Verified, O::KeyAvailable, O::KeyUnknown, O::FetchFailed, O::KeyRefused, O::VerifyFailed };
        const char* names[]
            = { "verified", "key-available", "key-unknown", "fetch-failed", "key-refused", "verify-failed" };
        for (int i = 0; i < 6; ++i) {
            for (bool allow : { false, true }) {
                for (bool secret : { false, true }) {
                    const O o = outcomes[i];
                    A expected = A::Reject;
                    if (o == O::Verified || o == O::KeyAvailable)
                        expected = A::UseRsa;
                    else if (o != O::VerifyFailed && allow && secret)
                        expected = A::FallbackMd5;
                    QTest::addRow("%s allow=%d secret=%d", names[i], int(allow), int(secret))
                        << o << allow << secret << expected;
                }
            }
        }
    }
    void table()
    {
        QFETCH(O, outcome);
        QFETCH(bool, allow);
        QFETCH(bool, secret);
        QFETCH(A, expected);
        const auto d = RsaFallbackPolicy::decide({ allow, secret }, { outcome, "some reason" });
        QCOMPARE(d.action, expected);
        switch (d.action) {
        case A::UseRsa:
            QCOMPARE(QString::fromStdString(d.callDetails), QStringLiteral("authenticated by RSA"));
            QVERIFY(d.rejectReason.empty());
            break;
        case A::FallbackMd5:
            QCOMPARE(QString::fromStdString(d.callDetails),
                QStringLiteral("authenticated by MD5 (RSA unavailable: some reason)"));
            QVERIFY(d.rejectReason.empty());
            break;
        case A::Reject:
            QVERIFY(d.callDetails.empty());
            QVERIFY(!d.rejectReason.empty());
            QVERIFY(QString::fromStdString(d.rejectReason).contains(QStringLiteral("some reason")));
            break;
        }
    }

    void fetchFailureReasonReachesCallDetails()
    {
        const auto d = RsaFallbackPolicy::decide(
            { true, true }, { O::FetchFailed, "key server did not answer within 5000 ms for alice" });
        QCOMPARE(d.action, A::FallbackMd5);
        QCOMPARE(QString::fromStdString(d.callDetails),
            QStringLiteral(
                "authenticated by MD5 (RSA unavailable: key server did not answer within 5000 ms for alice)"));
    }

    void rejectExplainsWhy()
    {
        auto d = RsaFallbackPolicy::decide({ false, true }, { O::KeyUnknown, "" });
        QVERIFY(QString::fromStdString(d.rejectReason).contains(QStringLiteral("not allowed")));
        d = RsaFallbackPolicy::decide({ true, false }, { O::KeyUnknown, "" });
        QVERIFY(QString::fromStdString(d.rejectReason).contains(QStringLiteral("no shared secret")));
        d = RsaFallbackPolicy::decide({ true, true }, { O::VerifyFailed, "" });
        QVERIFY(QString::fromStdString(d.rejectReason).startsWith(QStringLiteral("RSA authentication failed")));
    }
};

QTEST_GUILESS_MAIN(TstKeysFallback)
#include "tst_keys_fallback.moc"
