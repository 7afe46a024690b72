#include "ui/desk_features_bar.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>

namespace iax::ui {

namespace {

const QString kToggle = QStringLiteral(
    "QToolButton { background: #ffffff; color: #1f2937; border: 1px solid #d6dce4; border-radius: 8px;"
    " padding: 3px 10px; } QToolButton:hover { background: #eef3fb; }"
    " QToolButton:checked { background: #fdecec; border-color: #d64541; color: #8a2424; font-weight: 600; }");

QToolButton* toggleButton(QAction* action, const char* name, QWidget* parent)
{
    auto* b = new QToolButton(parent);
    b->setObjectName(QLatin1String(name));
    b->setDefaultAction(action);
    b->setStyleSheet(kToggle);
    b->setCursor(Qt::PointingHandCursor);
    return b;
}

} // namespace

DeskFeaturesBar::DeskFeaturesBar(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("deskFeatures"));
    m_badge = new QLabel(this);
    m_badge->setObjectName(QStringLiteral("voicemailBadge"));
    m_badge->setTextFormat(Qt::PlainText);
    m_voicemail = new QPushButton(tr("Voicemail"), this);
    m_voicemail->setObjectName(QStringLiteral("voicemailButton"));
    m_voicemail->setCursor(Qt::PointingHandCursor);
    m_voicemail->setStyleSheet(QStringLiteral(
        "QPushButton { background: #ffffff; color: #1f2937; border: 1px solid #d6dce4; border-radius: 8px;"
        " padding: 3px 12px; } QPushButton:hover { background: #eef3fb; }"));
    m_accountDnd = new QAction(tr("Do not disturb"), this);
    m_accountDnd->setObjectName(QStringLiteral("accountDndAction"));
    m_accountDnd->setCheckable(true);
    m_globalDnd = new QAction(tr("Do not disturb: all accounts"), this);
    m_globalDnd->setIconText(tr("All accounts"));
    m_globalDnd->setObjectName(QStringLiteral("globalDndAction"));
    m_globalDnd->setCheckable(true);
    m_globalDnd->setToolTip(tr("Refuses every incoming call of every account as busy, so the PBX sends callers "
                               "to its busy path (usually voicemail)."));
    m_accountDndButton = toggleButton(m_accountDnd, "accountDndButton", this);
    m_globalDndButton = toggleButton(m_globalDnd, "globalDndButton", this);

    // Never wider than the window: the row gives way rather than widening it.
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(4, 0, 4, 0);
    row->setSpacing(8);
    row->addWidget(m_badge);
    row->addWidget(m_voicemail);
    row->addStretch();
    auto* dnd = new QLabel(tr("Do not disturb:"), this);
    dnd->setStyleSheet(QStringLiteral("color: #5b6675;"));
    row->addWidget(dnd);
    row->addWidget(m_accountDndButton);
    row->addWidget(m_globalDndButton);

    connect(m_voicemail, &QPushButton::clicked, this, [this] { Q_EMIT voicemailRequested(m_accountId); });
    connect(m_accountDnd, &QAction::triggered, this, [this](bool on) {
        if (!m_accountId.isEmpty())
            Q_EMIT accountDndToggled(m_accountId, on);
    });
    connect(m_globalDnd, &QAction::triggered, this, [this](bool on) { Q_EMIT globalDndToggled(on); });
    showAccount(nullptr, {}, false);
}

QString DeskFeaturesBar::countText(int newMessages, int oldMessages)
{
    if (newMessages < 0)
        return {};
    return tr("%1 new, %2 old").arg(newMessages).arg(std::max(0, oldMessages));
}

void DeskFeaturesBar::showAccount(const AccountSettings* account, const QList<AccountSettings>& all, bool globalDnd)
{
    m_accountId = account ? account->id : QString();
    const RegistrationSnapshot r = m_counts.value(m_accountId);
    const QString count = account ? countText(r.voicemailNew, r.voicemailOld) : QString();
    m_badge->setText(count.isEmpty() ? QString() : tr("Voicemail: %1").arg(count));
    m_badge->setVisible(!count.isEmpty());
    m_badge->setStyleSheet(r.voicemailNew > 0
            ? QStringLiteral("QLabel { background: #d64541; color: white; font-weight: 600; border-radius: 9px;"
                             " padding: 2px 10px; }")
            : QStringLiteral("QLabel { background: #e6e9ee; color: #3b4452; border-radius: 9px; padding: 2px 10px; }"));
    QStringList lines;
    for (const AccountSettings& a : all) {
        const RegistrationSnapshot c = m_counts.value(a.id);
        if (c.voicemailNew >= 0)
            lines << tr("%1: %2").arg(a.name, countText(c.voicemailNew, c.voicemailOld));
    }
    m_badge->setToolTip(lines.join(QLatin1Char('\n')) + QLatin1Char('\n')
        + tr("Updated at each registration refresh (the server sends the count with its acknowledgement)."));
    const bool hasVoicemail = account && !account->voicemailExtension.trimmed().isEmpty();
    m_voicemail->setVisible(hasVoicemail);
    if (hasVoicemail)
        m_voicemail->setToolTip(tr("Calls %1 with %2").arg(account->voicemailExtension, account->name));
    m_accountDnd->setEnabled(account != nullptr);
    m_accountDnd->setChecked(account && account->doNotDisturb);
    // The tray menu shows the account's name; the button, next to the account bar, does not
    // (a long name would widen the window).
    m_accountDnd->setText(account ? tr("Do not disturb: %1").arg(account->name) : tr("Do not disturb"));
    m_accountDnd->setIconText(tr("This account"));
    m_accountDnd->setToolTip(account
            ? tr("Refuses incoming calls of %1 as busy (cause 17), so the PBX sends callers to its busy path "
                 "(usually voicemail).")
                  .arg(account->name)
            : QString());
    m_accountDndButton->setVisible(account != nullptr);
    m_globalDnd->setChecked(globalDnd);
}

void DeskFeaturesBar::applyRegistration(const RegistrationSnapshot& reg)
{
    RegistrationSnapshot& kept = m_counts[reg.accountId];
    if (reg.state == RegistrationState::Registered) {
        kept = reg; // each REGACK says it again (or says nothing: no mailbox)
    } else if (reg.state == RegistrationState::Offline) {
        kept = RegistrationSnapshot {}; // no longer known
        kept.accountId = reg.accountId;
    } // Registering / Failed: the last count stays on show until the next answer
}

QString DeskFeaturesBar::badgeText() const
{
    return m_badge->isVisibleTo(this) ? m_badge->text() : QString();
}

bool DeskFeaturesBar::firstAnnouncement(int callId)
{
    if (m_announced.contains(callId))
        return false;
    m_announced.insert(callId);
    return true;
}

} // namespace iax::ui
