// Issue 18 (desktop): the live call-quality icon and the live encryption details, driven by the
// production CallTracker fed with the engine's periodic CallStats (what EnginePhoneController does
// every second), and the per-call Record toggle with its REC mark; offscreen. With
// IAXPHONE_SCREENSHOT_DIR set it saves the main window with the quality tooltip open and while
// recording (docs/screenshots/main-quality-tooltip.png, main-recording.png).
#include "core/phone/call_recording.h"
#include "core/phone/call_tracker.h"
#include "core/phone/qsettings_store.h"
#include "support/command_log_controller.h"
#include "support/ui_test_support.h"
#include "ui/call_list_model.h"
#include "ui/call_panel.h"
#include "ui/call_quality_indicator.h"
#include "ui/call_record_control.h"
#include "ui/device_call_audio.h"
#include "ui/encryption_details_dialog.h"
#include "ui/encryption_indicator.h"
#include "ui/general_page.h"
#include "ui/icons.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>
#include <QtEndian>

#include <sndfile.h>

using namespace iax;
using namespace iax::ui;

namespace {

using Controller = iax::test::CommandLogController;

/// The tracker, the model and a call panel joined as in the app; call 7 answered with A-law.
struct Rig {
    CallTracker tracker;
    CallListModel model { nullptr };
    Controller controller;
    CallPanel panel { &controller, &model, nullptr };
    Rig()
    {
        QObject::connect(&tracker, &CallTracker::callUpdated, &model, &CallListModel::applySnapshot);
        tracker.addOutgoing(7, QStringLiteral("acc"), QStringLiteral("600"), EncryptionPolicy::Opportunistic);
        panel.setCall(7);
        tracker.apply(core::CallAccepted { core::CallId(7), core::Codec::Alaw });
        tracker.apply(core::CallStateChanged { core::CallId(7), core::CallState::Answered, {} });
    }
    CallQualityIndicator* quality() { return panel.qualityIndicator(); }
};

core::CallStats stats(int rttMs, int jitterMs, std::uint64_t received, std::uint64_t lost)
{
    core::CallStats s;
    s.rttMs = rttMs;
    s.jitterMs = jitterMs;
    s.voiceReceived = received;
    s.lost = lost;
    return s;
}

} // namespace

class TstUiQuality : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        Icons::initResources();
    }

    void qualityIconFollowsTheStatistics()
    {
        Rig r;
        QVERIFY(!r.quality()->isVisibleTo(&r.panel)); // nothing measured yet

        core::CallStats good = stats(80, 4, 2000, 0);
        good.peerJitterMs = 3;
        good.peerLossPercent = 0;
        good.peerPackets = 1990;
        good.peerOutOfOrder = 2;
        QVERIFY(r.tracker.applyStats(7, good, 40));
        QVERIFY(r.quality()->isVisibleTo(&r.panel));
        QCOMPARE(r.quality()->level(), CallQualityIndicator::Level::Excellent);
        const QString tip = r.quality()->toolTip();
        QVERIFY2(tip.contains(QLatin1String("Round trip: 80 ms")), qPrintable(tip));
        QVERIFY(tip.contains(QLatin1String("Jitter of what we receive: 4 ms")));
        QVERIFY(tip.contains(QLatin1String("Loss of what we receive: 0 %")));
        QVERIFY(tip.contains(QLatin1String("Jitter buffer delay: 40 ms")));
        QVERIFY(tip.contains(QLatin1String("jitter 3 ms, loss 0 %, 1990 packets, 2 out of order")));
        const QString mos = QString::number(r.model.snapshot(7)->quality.mos, 'f', 2);
        QVERIFY(tip.contains(QStringLiteral("MOS %1").arg(mos)));
        QCOMPARE(r.quality()->accessibleDescription(), tip);
        QVERIFY(!tip.contains(QLatin1String("Our share of it"))); // no sound card reported

        // With a sound card: our pipeline's share and its underruns (issue 19); Ta = ours + RTT/2.
        QVERIFY(r.tracker.applyStats(7, good, 40, 34, 1));
        const QString own = r.quality()->toolTip();
        QVERIFY2(own.contains(QLatin1String("Estimated one-way delay: 74 ms")), qPrintable(own));
        QVERIFY(own.contains(QLatin1String("Our share of it: 34 ms")));
        QVERIFY(own.contains(QLatin1String("Sound card underruns: 1")));

        // A second later: 10 % of what we receive is lost and the round trip grew to 600 ms.
        QVERIFY(r.tracker.applyStats(7, stats(600, 30, 1800, 200), 120));
        QCOMPARE(r.quality()->level(), CallQualityIndicator::Level::Bad);
        QVERIFY(r.quality()->toolTip().contains(QLatin1String("Round trip: 600 ms")));
        QVERIFY(r.quality()->toolTip().contains(QLatin1String("Peer's report of our stream: none yet")));

        // The call ends: the icon goes.
        r.tracker.apply(core::CallStateChanged { core::CallId(7), core::CallState::HungUp, {} });
        QVERIFY(!r.quality()->isVisibleTo(&r.panel));
    }

    void levelsFollowG109Classes()
    {
        CallQuality q;
        QCOMPARE(CallQualityIndicator::levelOf(q), CallQualityIndicator::Level::Unknown);
        q.known = true;
        const std::pair<double, CallQualityIndicator::Level> cases[] = {
            { mosFromRating(93.2), CallQualityIndicator::Level::Excellent },
            { mosFromRating(85), CallQualityIndicator::Level::Good },
            { mosFromRating(75), CallQualityIndicator::Level::Fair },
            { mosFromRating(65), CallQualityIndicator::Level::Poor },
            { mosFromRating(55), CallQualityIndicator::Level::Bad },
        };
        for (const auto& [mos, level] : cases) {
            q.mos = mos;
            QCOMPARE(CallQualityIndicator::levelOf(q), level);
        }
    }

    void encryptionDetailsRefreshLive()
    {
        Rig r;
        core::EncryptionStateChanged e { core::CallId(7), core::EncryptionState::Encrypted, {} };
        e.details.cipher = "AES-128";
        e.details.auth = "md5";
        e.details.rxProven = e.details.txProven = true;
        e.details.framesEncrypted = e.details.framesDecrypted = 1;
        r.tracker.apply(e);
        EncryptionDetailsDialog* dlg = r.panel.indicator()->showDetails();
        QVERIFY(dlg);
        QVERIFY2(dlg->plainText().contains(QLatin1String("Frames encrypted / decrypted: 1 / 1")),
            qPrintable(dlg->plainText()));

        // A minute later: the engine's counters, and the peer rotated its key once while we do not.
        core::CallStats s = stats(60, 3, 3000, 0);
        s.encryption = e.details;
        s.encryption.framesEncrypted = 3001;
        s.encryption.framesDecrypted = 2999;
        s.encryption.rekeysReceived = 1;
        QVERIFY(r.tracker.applyStats(7, s, 40));
        const QString text = dlg->plainText(); // the open dialog, not a new one
        QVERIFY2(text.contains(QLatin1String("Frames encrypted / decrypted: 3001 / 2999")), qPrintable(text));
        // "off" and "0 / 1" side by side, each saying what it means: no contradiction.
        QVERIFY(text.contains(QLatin1String("Key rotation started by us: off")));
        QVERIFY(text.contains(QLatin1String("The peer may still change its own key.")));
        QVERIFY(text.contains(QLatin1String("Key changes by us / by the peer: 0 / 1")));
        QVERIFY(text.contains(QLatin1String("How often each side replaced the key it sends with")));
        dlg->close();
    }

    void recordToggleAndRecMark()
    {
        Rig r;
        CallRecordControl* rec = r.panel.recordControl();
        QVERIFY(rec->isVisibleTo(&r.panel)); // answered: the toggle is there, off
        QVERIFY(!rec->isChecked());
        QVERIFY(!rec->recordingShown());
        rec->setRecordingsFolder(QStringLiteral("/home/alice/Calls"), true); // "Record as Opus"
        rec->click();
        QCOMPARE(r.controller.commands.size(), 1);
        const QString path = r.controller.commands.first().section(QLatin1Char(' '), 2, -1);
        QVERIFY(r.controller.commands.first().startsWith(QLatin1String("record 7 ")));
        QVERIFY2(path.startsWith(QLatin1String("/home/alice/Calls/")) && path.endsWith(QLatin1String("_600.opus")),
            qPrintable(path));
        // No REC before the controller says the media records.
        QVERIFY(!rec->recordingShown());
        QVERIFY(!rec->isChecked());

        r.tracker.setRecording(7, path);
        QVERIFY(rec->recordingShown());
        QVERIFY(rec->isChecked());
        QVERIFY(rec->mark()->toolTip().contains(path));
        QCOMPARE(rec->accessibleName(), QStringLiteral("Record call"));
        rec->click();
        QCOMPARE(r.controller.commands.last(), QStringLiteral("record 7"));
        r.tracker.setRecording(7, QString());
        QVERIFY(!rec->recordingShown());

        r.tracker.setRecording(7, path);
        r.tracker.apply(core::CallStateChanged { core::CallId(7), core::CallState::HungUp, {} });
        QVERIFY(!rec->isVisibleTo(&r.panel)); // the recording ends with the call
    }

    void desktopMediaRecordsToAStereoWav_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("WAV") << QStringLiteral("call.wav");
        QTest::newRow("Ogg Opus") << QStringLiteral("call.opus");
    }
    void desktopMediaRecordsToAStereoWav()
    {
        // The desktop app's call media (without the sound card) opens the recorder at the codec's
        // rate; the file is a valid stereo WAV once the call's media closes, or for .opus an Ogg
        // stream whose OpusHead says 2 channels at that rate (nothing was recorded: no audio page,
        // which libsndfile does not open; tst_audio_recording reads recorded Ogg Opus back).
        QFETCH(QString, file);
        DeviceCallAudio audio(false);
        phone::CallMediaRequest request;
        request.call.call = 3;
        request.call.format = core::Codec::Alaw;
        phone::CallMediaResult made = audio.create(request);
        QVERIFY2(made.media, made.error.c_str());
        QTemporaryDir dir;
        const QString path = dir.filePath(file);
        QCOMPARE(made.media->setRecording(path.toStdString()), std::string());
        const std::string refused = made.media->setRecording("/nonexistent-dir/x.wav");
        QVERIFY(QString::fromStdString(refused).contains(QLatin1String("/nonexistent-dir/x.wav")));
        QCOMPARE(made.media->setRecording(path.toStdString()), std::string()); // again, after the refusal
        made.media->close();
        if (file.endsWith(QLatin1String(".opus"))) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray page = f.read(47); // the first page: 27-byte header, 1 lacing byte, OpusHead
            QVERIFY(page.startsWith("OggS"));
            QCOMPARE(page.mid(28, 8), QByteArray("OpusHead"));
            QCOMPARE(int(page.at(28 + 9)), 2);
            QCOMPARE(qFromLittleEndian<quint32>(page.constData() + 28 + 12), quint32(8000));
            return;
        }
        SF_INFO info {};
        SNDFILE* f = sf_open(path.toLocal8Bit().constData(), SFM_READ, &info);
        QVERIFY(f);
        sf_close(f);
        QCOMPARE(info.channels, 2);
        QCOMPARE(info.samplerate, 8000);
        QCOMPARE(info.format & SF_FORMAT_TYPEMASK, SF_FORMAT_WAV);
    }

    void recordingsFolderSetting()
    {
        // Off by default, no folder chosen: the default one, named in the field's placeholder.
        Settings s;
        QVERIFY(s.general.recordingsFolder.isEmpty());
        GeneralPage page;
        page.load(s);
        auto* field = page.findChild<QLineEdit*>(QStringLiteral("recordingsFolder"));
        QVERIFY(field);
        QCOMPARE(field->placeholderText(), phone::defaultRecordingsFolder());
        field->setText(QStringLiteral(" /srv/calls "));
        page.save(s);
        QCOMPARE(s.general.recordingsFolder, QStringLiteral("/srv/calls"));
        QTemporaryDir dir;
        QSettingsStore store(dir.filePath(QStringLiteral("iaxphone.ini")));
        QVERIFY(store.save(s, nullptr));
        QCOMPARE(store.load().general.recordingsFolder, QStringLiteral("/srv/calls"));
        // WAV by default; "Record as Opus" names the files .opus (the recorder then writes Ogg Opus).
        auto* opus = page.findChild<QCheckBox*>(QStringLiteral("recordOpus"));
        QVERIFY(opus && !opus->isChecked());
        QVERIFY(!s.general.recordOpus);
        opus->setChecked(true);
        page.save(s);
        QVERIFY(s.general.recordOpus);
        QVERIFY(store.save(s, nullptr));
        QVERIFY(store.load().general.recordOpus);
        // File names: the start time and the number, with what a file system refuses replaced.
        const QDateTime t = QDateTime::fromString(QStringLiteral("2026-12-05T09:30:00Z"), Qt::ISODate);
        const QString p = phone::recordingPath(QStringLiteral("/srv/calls"), QStringLiteral("*98#/../x"), t);
        QVERIFY2(p.startsWith(QLatin1String("/srv/calls/")) && p.endsWith(QLatin1String("-00__98__.._x.wav")),
            qPrintable(p));
        QCOMPARE(QFileInfo(p).dir().path(), QStringLiteral("/srv/calls"));
        QVERIFY(phone::recordingPath(QString(), QString(), t).startsWith(phone::defaultRecordingsFolder()));
        QVERIFY(phone::recordingPath(QStringLiteral("/srv/calls"), QStringLiteral("600"), t, true)
                    .endsWith(QLatin1String("_600.opus")));
    }

    void screenshotOfTheTooltip()
    {
        Controller c;
        MainWindowDeps deps;
        deps.controller = &c;
        deps.useTray = false;
        Settings settings;
        settings.accounts << iax::test::localAccount(QStringLiteral("acc"), QStringLiteral("alice"), QString());
        MainWindow w(deps, settings);
        w.resize(800, 600);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        CallSnapshot call = iax::test::encryptedMutedCall(21, QStringLiteral("acc"));
        call.muted = false;
        call.number = call.peer = QStringLiteral("600");
        core::CallStats s = stats(84, 6, 3000, 30);
        s.peerJitterMs = 5;
        s.peerLossPercent = 1;
        s.peerPackets = 2970;
        s.peerOutOfOrder = 0;
        call.quality = estimateQuality(s, call.codec, 60);
        c.report(call);
        w.selectCall(21);
        auto* q = w.callPanel()->qualityIndicator();
        QVERIFY(q->isVisible());
        QCOMPARE(q->level(), CallQualityIndicator::Level::Good);
        const QString dir = qEnvironmentVariable("IAXPHONE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QToolTip::showText(q->mapToGlobal(QPoint(q->width() / 2, q->height())), q->toolTip(), q);
        QTest::qWait(50);
        QPixmap shot = w.grab();
        QPainter p(&shot);
        // The offscreen screen is as small as the window: draw the tooltip above the icon, inside.
        for (QWidget* top : QApplication::topLevelWidgets()) {
            if (!top->isVisible() || !top->inherits("QTipLabel"))
                continue;
            const QPoint icon = q->mapTo(&w, QPoint(0, 0));
            p.drawPixmap(QPoint(std::max(0, std::min(icon.x(), w.width() - top->width())),
                             std::max(0, icon.y() - top->height() - 4)),
                top->grab());
        }
        p.end();
        QVERIFY(shot.save(dir + QStringLiteral("/main-quality-tooltip.png")));
        QToolTip::hideText();

        call.recordingFile = QStringLiteral("/home/alice/Music/IAXPhone recordings/2026-12-05_09-30-00_600.wav");
        c.report(call);
        QVERIFY(w.callPanel()->recordControl()->recordingShown());
        QTest::qWait(50);
        QVERIFY(w.grab().save(dir + QStringLiteral("/main-recording.png")));
    }
};

QTEST_MAIN(TstUiQuality)
#include "tst_ui_quality.moc"
