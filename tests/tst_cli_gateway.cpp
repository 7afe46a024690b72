// The DTMF gateway's digit input (GatewayInput) on a virtual clock: '#' ends it at once, 5 s of
// silence ends it, the call's end reports what was collected, exactly one report per call, and
// digits after the report are not collected.
#include "app/cli/gateway_input.h"

#include <QtTest>

using namespace iax::cli;

namespace {
// Feeds "digits" one per `stepMs` from `startMs`; returns the first report a digit produced.
std::optional<GatewayReport> feed(GatewayInput& in, const char* digits, qint64 startMs, qint64 stepMs)
{
    qint64 t = startMs;
    for (const char* d = digits; *d; ++d, t += stepMs)
        if (auto r = in.digit(*d, t))
            return r;
    return std::nullopt;
}
} // namespace

class TestCliGateway : public QObject {
    Q_OBJECT
private slots:
    void hashEndsTheInputAtOnce()
    {
        GatewayInput in;
        in.answered(1000);
        const auto r = feed(in, "4711#", 1200, 250);
        QVERIFY(r);
        QCOMPARE(r->digits, QString("4711"));
        QVERIFY(r->complete);
        QVERIFY(in.done());
        QVERIFY(!in.tick(1000000)); // one report only
        QVERIFY(!in.ended());
    }

    void silenceEndsTheInputIncomplete()
    {
        GatewayInput in;
        in.answered(0);
        QVERIFY(!feed(in, "12", 1000, 1000)); // last digit at 2000
        QVERIFY(!in.tick(2000 + GatewayInput::kSilenceMs - 1));
        const auto r = in.tick(2000 + GatewayInput::kSilenceMs);
        QVERIFY(r);
        QCOMPARE(r->digits, QString("12"));
        QVERIFY(!r->complete);
        QVERIFY(!in.ended());
    }

    void silenceCountsFromTheAnswerWithoutDigits()
    {
        GatewayInput in;
        in.answered(3000);
        QVERIFY(!in.tick(3000 + GatewayInput::kSilenceMs - 1));
        const auto r = in.tick(3000 + GatewayInput::kSilenceMs);
        QVERIFY(r);
        QCOMPARE(r->digits, QString());
        QVERIFY(!r->complete);
    }

    void hangupReportsWhatWasCollected()
    {
        GatewayInput in;
        in.answered(0);
        QVERIFY(!feed(in, "*99", 100, 100));
        QVERIFY(!in.tick(1000));
        const auto r = in.ended();
        QVERIFY(r);
        QCOMPARE(r->digits, QString("*99"));
        QVERIFY(!r->complete);
        QVERIFY(!in.ended()); // once
    }

    void hangupWithoutDigitsReportsEmpty()
    {
        GatewayInput in;
        in.answered(0);
        const auto r = in.ended();
        QVERIFY(r);
        QCOMPARE(r->digits, QString());
        QVERIFY(!r->complete);
        // A call that was never answered and sent nothing has nothing to report.
        GatewayInput never;
        QVERIFY(!never.ended());
    }

    void digitsAfterTheReportAreNotCollected()
    {
        GatewayInput in;
        in.answered(0);
        QVERIFY(feed(in, "5#", 100, 100));
        QVERIFY(in.done()); // CliPhone flags the next digits as ignored
        QVERIFY(!in.digit('6', 400));
        QVERIFY(!in.digit('#', 500));
        QVERIFY(!in.ended());
    }

    void aLateAnswerDoesNotShortenTheSilence()
    {
        // A digit that arrives before the answer event is processed counts as the last activity.
        GatewayInput in;
        QVERIFY(!in.digit('7', 2000));
        in.answered(1000);
        QVERIFY(!in.tick(2000 + GatewayInput::kSilenceMs - 1));
        QVERIFY(in.tick(2000 + GatewayInput::kSilenceMs));
    }
};

QTEST_GUILESS_MAIN(TestCliGateway)
#include "tst_cli_gateway.moc"
