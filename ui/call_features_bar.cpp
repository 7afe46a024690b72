#include "ui/call_features_bar.h"

#include "core/phone/phone_controller.h"
#include "ui/call_chat_pane.h"
#include "ui/call_list_model.h"

#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace iax::ui {

namespace {

const QString kButton
    = QStringLiteral("QPushButton { background: #ffffff; color: #1f2937; border: 1px solid #d6dce4; border-radius: 8px;"
                     " padding: 4px 12px; } QPushButton:hover { background: #eef3fb; }"
                     " QPushButton:checked { background: #dbe6f8; border-color: #2f6fdf; color: #1d4fb0; }"
                     " QPushButton:disabled { color: #a0a8b4; }");

QPushButton* makeButton(const QString& text, const char* name, QWidget* parent)
{
    auto* b = new QPushButton(text, parent);
    b->setObjectName(QLatin1String(name));
    b->setMinimumHeight(30);
    b->setCursor(Qt::PointingHandCursor);
    b->setStyleSheet(kButton);
    return b;
}

QLabel* makeLine(const char* name, const char* style, QWidget* parent)
{
    auto* l = new QLabel(parent);
    l->setObjectName(QLatin1String(name));
    l->setWordWrap(true);
    l->setTextFormat(Qt::PlainText); // targets and reasons may come from the PBX
    l->setStyleSheet(QLatin1String(style));
    return l;
}

} // namespace

CallFeaturesBar::CallFeaturesBar(PhoneController* controller, const CallListModel* model, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_model(model)
{
    setObjectName(QStringLiteral("callFeatures"));
    m_transfer = makeButton(tr("Transfer…"), "transferButton", this);
    m_transfer->setToolTip(tr("Blind transfer: the PBX connects the other party to the extension you enter and "
                              "hangs up this call (IAX TRANSFER, encrypted like the rest of the call)."));
    m_consult = makeButton(tr("Consult…"), "consultButton", this);
    m_consult->setToolTip(
        tr("Attended transfer: puts this call on hold and calls the extension you enter, so you can talk first. "
           "Complete transfer then hangs up that consult call and has the PBX connect this call to the same "
           "extension (a blind transfer). Asterisk refuses IAX2's native transfer (TXREQ) on encrypted calls, so "
           "IAXPhone does not use it."));
    m_complete = makeButton(tr("Complete transfer"), "completeTransferButton", this);
    m_complete->setToolTip(m_consult->toolTip());
    m_cancel = makeButton(tr("Cancel consult"), "cancelConsultButton", this);
    m_cancel->setToolTip(tr("Hangs up the consult call and resumes the held call."));
    m_chatButton = makeButton(tr("Chat"), "chatButton", this);
    m_chatButton->setCheckable(true);
    m_chatButton->setToolTip(tr("Text messages in this call (IAX TEXT frames, encrypted like the rest)."));
    m_progress = makeLine("transferStatus", "color: #1d4f7a;", this);
    m_notice = makeLine("autoAnswerNotice",
        "QLabel { background: #eaf2fb; color: #1d4f7a; border: 1px solid #b9d3ee; border-radius: 6px;"
        " padding: 4px 10px; }",
        this);
    m_chat = new CallChatPane(controller, this);

    auto* row = new QHBoxLayout;
    row->setSpacing(8);
    for (QPushButton* b : { m_transfer, m_consult, m_complete, m_cancel, m_chatButton })
        row->addWidget(b);
    row->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_notice);
    layout->addLayout(row);
    layout->addWidget(m_progress);
    layout->addWidget(m_chat);

    connect(m_transfer, &QPushButton::clicked, this, [this] { askExtension(false); });
    connect(m_consult, &QPushButton::clicked, this, [this] { askExtension(true); });
    connect(m_complete, &QPushButton::clicked, this, [this] {
        QString why;
        const auto steps = m_attended.complete(&why);
        m_refusal = why;
        run(steps);
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_refusal.clear();
        run(m_attended.cancel());
    });
    connect(m_chatButton, &QPushButton::toggled, this, [this](bool on) {
        m_chat->setVisible(on);
        if (on)
            m_chat->focusInput();
    });
    // A text arriving for the shown call opens the pane.
    connect(m_chat, &CallChatPane::messageShown, this, [this] { m_chatButton->setChecked(true); });
    connect(m_model, &CallListModel::callChanged, this, [this](const CallSnapshot& c, bool) {
        m_attended.update(c.id, c.state);
        refresh();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, &CallFeaturesBar::refresh);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &CallFeaturesBar::refresh);
    m_chat->hide();
    refresh();
}

void CallFeaturesBar::setCall(int callId)
{
    if (callId != m_callId) {
        if (m_dialog)
            m_dialog->reject();
        m_refusal.clear();
    }
    m_callId = callId;
    m_chat->setCall(callId);
    m_chatButton->setChecked(m_chat->hasMessages());
    refresh();
}

QString CallFeaturesBar::transferText() const
{
    return m_progress->isVisibleTo(this) ? m_progress->text() : QString();
}

QString CallFeaturesBar::noticeText() const
{
    return m_notice->isVisibleTo(this) ? m_notice->text() : QString();
}

void CallFeaturesBar::askExtension(bool consult)
{
    if (m_dialog)
        m_dialog->reject();
    const int callId = m_callId;
    auto* d = new QInputDialog(window());
    d->setObjectName(QStringLiteral("transferDialog"));
    d->setAttribute(Qt::WA_DeleteOnClose);
    d->setWindowTitle(consult ? tr("Consult before transferring") : tr("Transfer call"));
    d->setLabelText(
        consult ? tr("Extension to call first (this call is put on hold):") : tr("Extension to transfer the call to:"));
    d->setInputMode(QInputDialog::TextInput);
    d->setOkButtonText(consult ? tr("Call") : tr("Transfer"));
    d->setToolTip(m_consult->toolTip());
    m_dialog = d;
    connect(d, &QInputDialog::textValueSelected, this, [this, callId, consult](const QString& text) {
        const QString target = text.trimmed();
        if (target.isEmpty())
            return;
        if (consult)
            startConsult(callId, target);
        else {
            m_refusal.clear();
            m_controller->transfer(callId, target);
        }
    });
    d->open();
}

void CallFeaturesBar::startConsult(int first, const QString& number)
{
    const CallSnapshot* c = m_model->snapshot(first);
    if (!c)
        return;
    QString why;
    const auto steps = m_attended.start(first, c->state, number, &why);
    m_refusal = why;
    if (steps.empty()) {
        refresh();
        return;
    }
    const QString accountId = c->accountId; // `c` may go while the steps run
    for (const auto& step : steps) {
        if (step.kind == AttendedTransfer::Step::Kind::Dial)
            m_attended.consultPlaced(m_controller->dial(accountId, step.number));
        else
            run({ step });
    }
    refresh();
}

void CallFeaturesBar::run(const AttendedTransfer::Steps& steps)
{
    using Kind = AttendedTransfer::Step::Kind;
    for (const auto& step : steps) {
        switch (step.kind) {
        case Kind::Hold:
        case Kind::Unhold:
            m_controller->hold(step.call, step.kind == Kind::Hold);
            break;
        case Kind::HangUp:
            m_controller->hangup(step.call);
            break;
        case Kind::Transfer:
            m_controller->transfer(step.call, step.number);
            break;
        case Kind::Dial: // only at the start (startConsult)
            break;
        }
    }
    refresh();
}

void CallFeaturesBar::refresh()
{
    const CallSnapshot* c = m_model->snapshot(m_callId);
    if (!c) {
        hide();
        return;
    }
    const bool live = !isTerminal(c->state) && (c->state == CallState::Answered || c->state == CallState::Held);
    const bool consulting = m_attended.stage() == AttendedTransfer::Stage::Consulting;
    const bool partOfConsult
        = consulting && (m_callId == m_attended.firstCall() || m_callId == m_attended.consultCall());
    const bool requested = c->transfer.state == TransferState::Requested;
    m_transfer->setVisible(live && !partOfConsult && !requested);
    m_consult->setVisible(live && !consulting && !requested);
    m_complete->setVisible(partOfConsult);
    m_complete->setEnabled(m_attended.canComplete());
    m_cancel->setVisible(partOfConsult);
    m_chatButton->setVisible(live || m_chat->hasMessages());
    if (!m_chatButton->isVisibleTo(this))
        m_chatButton->setChecked(false);

    QString line;
    switch (c->transfer.state) {
    case TransferState::None:
        break;
    case TransferState::Requested:
        line = tr("Transferring to %1…").arg(c->transfer.target);
        break;
    case TransferState::Done:
        line = tr("Transferred to %1: %2").arg(c->transfer.target, c->transfer.reason);
        break;
    case TransferState::Failed:
        line = tr("Transfer to %1 failed: %2").arg(c->transfer.target, c->transfer.reason);
        break;
    }
    if (!m_refusal.isEmpty())
        line = m_refusal;
    else if (line.isEmpty() && partOfConsult) {
        const CallSnapshot* first = m_model->snapshot(m_attended.firstCall());
        const QString who = first ? (first->peer.isEmpty() ? first->number : first->peer) : QString();
        line = m_attended.canComplete() ? tr("Consulting %1 while %2 is on hold. Complete transfer connects %2 to %1.")
                                              .arg(m_attended.number(), who)
                                        : tr("Calling %1 while %2 is on hold…").arg(m_attended.number(), who);
    }
    m_progress->setText(line);
    m_progress->setVisible(!line.isEmpty());
    m_progress->setStyleSheet(c->transfer.state == TransferState::Failed || !m_refusal.isEmpty()
            ? QStringLiteral("color: #8a2424;")
            : c->transfer.state == TransferState::Done ? QStringLiteral("color: #1f7a45;")
                                                       : QStringLiteral("color: #1d4f7a;"));
    m_notice->setText(c->autoAnswered ? tr("Answered automatically.") : QString());
    m_notice->setVisible(c->autoAnswered);
    const bool any = m_transfer->isVisibleTo(this) || m_consult->isVisibleTo(this) || m_complete->isVisibleTo(this)
        || m_chatButton->isVisibleTo(this) || !line.isEmpty() || c->autoAnswered;
    setVisible(any);
}

} // namespace iax::ui
