#include "ui/call_panel.h"

#include "core/phone/phone_controller.h"
#include "ui/audio_device_provider.h"
#include "ui/call_features_bar.h"
#include "ui/call_list_model.h"
#include "ui/call_quality_indicator.h"
#include "ui/call_record_control.h"
#include "ui/dtmf_popup.h"
#include "ui/encryption_indicator.h"
#include "ui/encryption_presentation.h"
#include "ui/icons.h"
#include "ui/phone_names.h"

#include <QActionGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace iax::ui {

namespace {

QPushButton* makeButton(const QString& text, const char* name, const QString& style, QWidget* parent)
{
    auto* b = new QPushButton(text, parent);
    b->setObjectName(QLatin1String(name));
    b->setMinimumHeight(34);
    b->setCursor(Qt::PointingHandCursor);
    if (!style.isEmpty())
        b->setStyleSheet(style);
    return b;
}

QString filled(const char* bg, const char* hover)
{
    return QStringLiteral("QPushButton { background: %1; color: white; font-weight: 600; border: none;"
                          " border-radius: 8px; padding: 6px 16px; } QPushButton:hover { background: %2; }")
        .arg(QLatin1String(bg), QLatin1String(hover));
}

const QString kPlain
    = QStringLiteral("QPushButton { background: #ffffff; color: #1f2937; border: 1px solid #d6dce4; border-radius: 8px;"
                     " padding: 6px 14px; } QPushButton:hover { background: #eef3fb; }"
                     " QPushButton:checked { background: #dbe6f8; border-color: #2f6fdf; color: #1d4fb0; }");

} // namespace

CallPanel::CallPanel(
    PhoneController* controller, const CallListModel* model, AudioDeviceProvider* devices, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_model(model)
    , m_devices(devices)
{
    setObjectName(QStringLiteral("callPanel"));
    m_empty = new QLabel(tr("No call selected. Dial a number or pick a call from the list."), this);
    static_cast<QLabel*>(m_empty)->setAlignment(Qt::AlignCenter);
    static_cast<QLabel*>(m_empty)->setWordWrap(true); // never wider than the panel
    m_empty->setStyleSheet(QStringLiteral("color: #8a94a3;"));
    m_content = new QWidget(this);

    m_peer = new QLabel(m_content);
    m_peer->setObjectName(QStringLiteral("callPeer"));
    m_peer->setStyleSheet(QStringLiteral("font-size: 18px; font-weight: 700; color: #1f2937;"));
    m_state = new QLabel(m_content);
    m_state->setObjectName(QStringLiteral("callState"));
    m_state->setStyleSheet(QStringLiteral("color: #5b6675;"));
    // Long titles ("5551234 (via dtmf, sent encrypted)") wrap instead of widening the window.
    m_peer->setWordWrap(true);
    m_state->setWordWrap(true);
    m_indicator = new EncryptionIndicator(m_content);
    m_quality = new CallQualityIndicator(m_content);
    m_record = new CallRecordControl(controller, m_content, m_content);
    m_sas = new QLabel(m_content); // issue 20: the four words of an end-to-end call
    m_sas->setObjectName(QStringLiteral("callSas"));
    m_sas->setWordWrap(true);
    m_sas->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sas->hide();
    m_confirmWords = new QPushButton(tr("Confirm words"), m_content);
    m_confirmWords->setObjectName(QStringLiteral("confirmWordsButton"));
    m_confirmWords->setToolTip(tr("The other person read the same four words: mark this peer verified."));
    m_confirmWords->hide();
    connect(m_confirmWords, &QPushButton::clicked, this, [this] { Q_EMIT wordsConfirmed(m_callId); });
    m_banner = new QLabel(m_content);
    m_banner->setObjectName(QStringLiteral("callBanner"));
    m_banner->setWordWrap(true);
    m_detailsButton = new QToolButton(m_content);
    m_detailsButton->setObjectName(QStringLiteral("failureDetailsButton"));
    m_detailsButton->setText(tr("Details"));
    m_detailsButton->setCheckable(true);
    m_detailsButton->setAutoRaise(true);
    m_detail = new QLabel(m_content);
    m_detail->setObjectName(QStringLiteral("failureDetail"));
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setStyleSheet(QStringLiteral("color: #5b6675; font-size: 11px;"));
    m_detail->hide();
    m_secureIcon = new QLabel(m_content);
    m_secureIcon->setObjectName(QStringLiteral("secureDialIcon"));
    m_secureIcon->setPixmap(Icons::pixmap(QStringLiteral("padlock-closed"), 16, devicePixelRatioF()));
    m_secure = new QLabel(m_content);
    m_secure->setObjectName(QStringLiteral("secureDialStatus"));
    m_secure->setWordWrap(true);
    m_secure->setAlignment(Qt::AlignLeft | Qt::AlignTop); // level with its padlock
    m_keyNote = new QLabel(m_content);
    m_keyNote->setObjectName(QStringLiteral("callKeyNote"));
    m_keyNote->setWordWrap(true);
    m_keyNote->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Everything these labels show can come from the peer (caller name, causes, reasons): never
    // let Qt's rich-text detection render it as HTML.
    for (QLabel* l : { m_peer, m_state, m_banner, m_detail, m_secure, m_keyNote })
        l->setTextFormat(Qt::PlainText);
    m_keyNote->setStyleSheet(QStringLiteral("QLabel { background: #eaf2fb; color: #1d4f7a; border: 1px solid #b9d3ee;"
                                            " border-radius: 6px; padding: 6px 10px; }"));

    m_answer = makeButton(tr("Answer"), "answerButton", filled("#2e9d57", "#27864a"), m_content);
    m_answer->setIcon(Icons::icon(QStringLiteral("phone")));
    m_reject = makeButton(tr("Reject"), "rejectButton", filled("#d64541", "#bb3a36"), m_content);
    m_hangup = makeButton(tr("Hang up"), "hangupButton", filled("#d64541", "#bb3a36"), m_content);
    m_hold = makeButton(tr("Hold"), "holdButton", kPlain, m_content);
    m_mute = makeButton(tr("Mute"), "muteButton", kPlain, m_content);
    m_keypad = makeButton(tr("Keypad"), "keypadButton", kPlain, m_content);
    m_hold->setCheckable(true);
    m_mute->setCheckable(true);
    m_keypad->setCheckable(true);
    m_dismiss = makeButton(tr("Dismiss"), "dismissButton", kPlain, m_content);
    m_deviceButton = new QToolButton(m_content);
    m_deviceButton->setObjectName(QStringLiteral("deviceButton"));
    m_deviceButton->setText(tr("Devices"));
    m_deviceButton->setPopupMode(QToolButton::InstantPopup);
    m_deviceButton->setMinimumHeight(34);
    m_deviceButton->setStyleSheet(QStringLiteral("QToolButton { background: #ffffff; border: 1px solid #d6dce4;"
                                                 " border-radius: 8px; padding: 6px 12px; }"));
    m_deviceButton->setVisible(m_devices != nullptr);
    m_dtmf = new DtmfPopup(this); // a popup: opening it does not make the window taller

    auto* head = new QHBoxLayout;
    auto* who = new QVBoxLayout;
    who->setSpacing(2);
    auto* peerLine = new QHBoxLayout;
    peerLine->addWidget(m_peer, 1);
    peerLine->addWidget(m_record->mark(), 0, Qt::AlignVCenter);
    who->addLayout(peerLine);
    who->addWidget(m_state);
    auto* sasRow = new QHBoxLayout;
    sasRow->addWidget(m_sas, 1);
    sasRow->addWidget(m_confirmWords, 0, Qt::AlignVCenter);
    who->addLayout(sasRow);
    head->addLayout(who, 1);
    head->addWidget(m_quality, 0, Qt::AlignTop);
    head->addWidget(m_indicator, 0, Qt::AlignTop);
    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(8);
    for (QWidget* w : { static_cast<QWidget*>(m_answer), static_cast<QWidget*>(m_reject),
             static_cast<QWidget*>(m_hangup), static_cast<QWidget*>(m_hold), static_cast<QWidget*>(m_mute),
             static_cast<QWidget*>(m_keypad), static_cast<QWidget*>(m_deviceButton), static_cast<QWidget*>(m_dismiss) })
        buttons->addWidget(w);
    buttons->insertWidget(buttons->indexOf(m_keypad) + 1, m_record);
    buttons->addStretch();
    auto* content = new QVBoxLayout(m_content);
    content->setContentsMargins(0, 0, 0, 0);
    content->addLayout(head);
    auto* banner = new QHBoxLayout;
    banner->addWidget(m_banner, 1);
    banner->addWidget(m_detailsButton, 0, Qt::AlignTop);
    content->addLayout(banner);
    content->addWidget(m_detail);
    auto* secure = new QHBoxLayout;
    secure->setSpacing(6);
    secure->addWidget(m_secureIcon, 0, Qt::AlignTop);
    secure->addWidget(m_secure, 1);
    content->addLayout(secure);
    content->addWidget(m_keyNote);
    content->addLayout(buttons);
    m_features = new CallFeaturesBar(m_controller, m_model, m_content);
    content->addWidget(m_features);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 12, 14, 12);
    layout->addWidget(m_empty);
    layout->addWidget(m_content);

    connect(m_answer, &QPushButton::clicked, this, [this] {
        Q_EMIT incomingHandled(m_callId);
        m_controller->answer(m_callId);
    });
    connect(m_reject, &QPushButton::clicked, this, [this] {
        Q_EMIT incomingHandled(m_callId);
        m_controller->reject(m_callId);
    });
    connect(m_hangup, &QPushButton::clicked, this, [this] {
        m_hangingUp = m_callId; // the call's buttons go now, not when the engine confirms
        refresh();
        m_controller->hangup(m_hangingUp);
    });
    connect(m_dismiss, &QPushButton::clicked, this, [this] { Q_EMIT dismissRequested(m_callId); });
    connect(m_detailsButton, &QToolButton::toggled, this, &CallPanel::refresh);
    connect(m_hold, &QPushButton::clicked, this, [this](bool on) { m_controller->hold(m_callId, on); });
    connect(m_mute, &QPushButton::clicked, this, [this](bool on) { m_controller->mute(m_callId, on); });
    connect(m_keypad, &QPushButton::toggled, this, [this](bool on) {
        if (on)
            m_dtmf->openAt(m_keypad);
        else
            m_dtmf->hide();
    });
    connect(m_dtmf, &DtmfPopup::closed, this, [this] { m_keypad->setChecked(false); });
    connect(m_dtmf, &DtmfPopup::digitPressed, this, &CallPanel::sendDigit);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &CallPanel::refresh);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &CallPanel::refresh);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &CallPanel::refresh); // a reused id
    buildDeviceMenu();
    refresh();
}

void CallPanel::setCall(int callId)
{
    if (callId != m_callId) {
        m_keypad->setChecked(false);
        m_detailsButton->setChecked(false);
    }
    m_callId = callId;
    m_indicator->setCall(m_model, callId);
    m_quality->setCall(m_model, callId);
    m_record->setCall(m_model, callId);
    m_features->setCall(callId);
    refresh();
}

bool CallPanel::sendDigit(QChar digit)
{
    const CallSnapshot* c = m_model->snapshot(m_callId);
    if (!c || c->state != CallState::Answered || m_hangingUp == m_callId)
        return false;
    m_controller->sendDtmf(m_callId, digit);
    return true;
}

QString CallPanel::keyNoteText() const
{
    return m_keyNote->isVisibleTo(this) ? m_keyNote->text() : QString();
}

void CallPanel::setCurrentDevices(const QString& inputId, const QString& outputId)
{
    m_inputId = inputId;
    m_outputId = outputId;
    buildDeviceMenu();
}

void CallPanel::refreshWords(EncryptionState enc, CallState state)
{
    const CallSnapshot* snap = m_model->snapshot(m_callId);
    const bool live = snap && enc == EncryptionState::Encrypted && !isTerminal(state);
    const E2eTrustStatus trust = live ? snap->details.e2eTrust : E2eTrustStatus::None;
    QString text;
    if (live && !snap->details.sas.isEmpty())
        text = (trust == E2eTrustStatus::Verified ? tr("Words (peer verified before):")
                                                  : tr("Compare these words with the other person:"))
            + QLatin1Char('\n') + snap->details.sas;
    else if (trust == E2eTrustStatus::Downgrade)
        text = EncryptionPresentation::e2eDowngradeWarning();
    if (trust == E2eTrustStatus::IdentityChanged)
        text = EncryptionPresentation::e2eIdentityChangedWarning() + QLatin1Char('\n') + text;
    m_sas->setText(text);
    m_sas->setStyleSheet(trust == E2eTrustStatus::Downgrade || trust == E2eTrustStatus::IdentityChanged
            ? QStringLiteral("QLabel { color: #c62828; font-weight: 700; }")
            : QStringLiteral("QLabel { color: #1b5e35; }"));
    m_sas->setToolTip(
        tr("Both phones show the same four words unless someone is in the middle of the call. Words differ "
           "every call."));
    m_sas->setVisible(!text.isEmpty());
    m_confirmWords->setVisible((trust == E2eTrustStatus::Unverified || trust == E2eTrustStatus::IdentityChanged)
        && !snap->details.sas.isEmpty()); // confirming the words of a changed identity pins the new one
}

QString CallPanel::sasText() const
{
    return m_sas->isVisibleTo(this) ? m_sas->text() : QString();
}

QString CallPanel::bannerText() const
{
    return m_banner->isVisibleTo(this) ? m_banner->text() : QString();
}

QString CallPanel::detailText() const
{
    return m_detail->isVisibleTo(this) ? m_detail->text() : QString();
}

void CallPanel::buildDeviceMenu()
{
    if (!m_devices)
        return;
    auto* menu = new QMenu(m_deviceButton);
    auto addGroup = [&](const QString& title, const QList<AudioDeviceInfo>& list, bool input) {
        QMenu* sub = menu->addMenu(title);
        auto* group = new QActionGroup(sub);
        QList<AudioDeviceInfo> all { { QString(), tr("System default") } };
        all += list;
        for (const auto& d : all) {
            QAction* a = sub->addAction(d.name);
            a->setCheckable(true);
            a->setChecked(d.id == (input ? m_inputId : m_outputId));
            group->addAction(a);
            connect(a, &QAction::triggered, this, [this, id = d.id, input] {
                (input ? m_inputId : m_outputId) = id;
                m_controller->setDevices(m_inputId, m_outputId);
            });
        }
    };
    addGroup(tr("Microphone"), m_devices->inputDevices(), true);
    addGroup(tr("Speaker"), m_devices->outputDevices(), false);
    delete m_deviceButton->menu();
    m_deviceButton->setMenu(menu);
}

void CallPanel::refresh()
{
    const int row = m_model->rowOf(m_callId);
    m_empty->setVisible(row < 0);
    if (row < 0) {
        m_content->hide();
        Q_EMIT contentChanged();
        return;
    }
    const QModelIndex idx = m_model->index(row);
    const auto state = CallState(idx.data(CallListModel::StateRole).toInt());
    const auto dir = CallDirection(idx.data(CallListModel::DirectionRole).toInt());
    const auto enc = EncryptionState(idx.data(CallListModel::EncryptionStateRole).toInt());
    m_peer->setText(idx.data(CallListModel::PeerRole).toString());
    QStringList st { idx.data(CallListModel::StateTextRole).toString() };
    const QString dur = idx.data(CallListModel::DurationTextRole).toString();
    if (!dur.isEmpty())
        st << dur;
    const QString codec = idx.data(CallListModel::CodecRole).toString();
    if (!codec.isEmpty())
        st << codec;
    const bool muted = idx.data(CallListModel::MutedRole).toBool();
    if (muted && !isTerminal(state))
        st << tr("Muted");
    m_state->setText(st.join(QStringLiteral("  ·  ")));
    refreshWords(enc, state);

    const QString banner = idx.data(CallListModel::BannerRole).toString();
    const bool warning = enc == EncryptionState::Off && state != CallState::Failed;
    m_banner->setText(banner);
    m_banner->setStyleSheet(warning
            ? QStringLiteral("QLabel { background: #fff6e0; color: #7a5200; border: 1px solid #f0d48a;"
                             " border-radius: 6px; padding: 6px 10px; }")
            : QStringLiteral("QLabel { background: #fdecec; color: #8a2424; border: 1px solid #f3b9b7;"
                             " border-radius: 6px; padding: 6px 10px; }"));
    m_banner->setVisible(!banner.isEmpty());
    const QString detail = idx.data(CallListModel::FailureDetailRole).toString();
    m_detailsButton->setVisible(!banner.isEmpty() && !detail.isEmpty());
    m_detail->setText(detail);
    m_detail->setVisible(m_detailsButton->isVisibleTo(this) && m_detailsButton->isChecked());
    const auto secureStage = SecureDialProgress::Stage(idx.data(CallListModel::SecureDialStageRole).toInt());
    const QString secureText = idx.data(CallListModel::SecureDialTextRole).toString();
    const bool sent = secureStage == SecureDialProgress::Stage::Sent;
    m_secure->setText(secureText);
    m_secureIcon->setVisible(sent); // the app's padlock: an emoji is a box in common fonts
    m_secure->setStyleSheet(
        sent ? QStringLiteral("color: #1f7a45; font-weight: 600;") : QStringLiteral("color: #5b6675;"));
    m_secure->setVisible(!secureText.isEmpty());
    const QString keyNote = idx.data(CallListModel::KeyNoteRole).toString();
    m_keyNote->setText(keyNote); // no 🔑 emoji: a box in common fonts, as the padlock was (item 9)
    m_keyNote->setVisible(!keyNote.isEmpty());

    const bool ringingIn
        = dir == CallDirection::Incoming && (state == CallState::Calling || state == CallState::Ringing);
    // An ended call (or one being hung up) keeps no call buttons; a failed one can be dismissed.
    if (m_hangingUp == m_callId && isTerminal(state))
        m_hangingUp = -1; // ended: the engine may give the id to a later call
    const bool over = isTerminal(state) || m_hangingUp == m_callId;
    const bool live = !over && (state == CallState::Answered || state == CallState::Held);
    m_answer->setVisible(ringingIn && !over);
    m_reject->setVisible(ringingIn && !over);
    for (QWidget* w : { static_cast<QWidget*>(m_hangup), static_cast<QWidget*>(m_hold), static_cast<QWidget*>(m_mute),
             static_cast<QWidget*>(m_keypad) })
        w->setVisible(!ringingIn && !over);
    m_deviceButton->setVisible(m_devices != nullptr && !over);
    m_dismiss->setVisible(idx.data(CallListModel::DismissableRole).toBool());
    m_hold->setEnabled(live);
    m_mute->setEnabled(live);
    m_keypad->setEnabled(live);
    m_hold->setChecked(state == CallState::Held);
    m_hold->setText(state == CallState::Held ? tr("Resume") : tr("Hold"));
    m_mute->setChecked(muted);
    m_mute->setText(muted ? tr("Unmute") : tr("Mute"));
    if (!live)
        m_keypad->setChecked(false);
    // Shown last: with the previous call's (or the constructor's) buttons still visible, the
    // layout would ask the window for their width once, and the window never shrinks back.
    m_content->show();
    Q_EMIT contentChanged();
}

} // namespace iax::ui
