#include "ui/account_bar.h"

#include "core/phone/phone_controller.h"
#include "core/protocol/events.h"
#include "ui/elided_combo_box.h"
#include "ui/elided_label.h"
#include "ui/icons.h"
#include "ui/main_window_style.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

#include <algorithm>

namespace iax::ui {

namespace {

QString stateColor(RegistrationState s)
{
    switch (s) {
    case RegistrationState::Registered:
        return QStringLiteral("#2e9d57");
    case RegistrationState::Registering:
        return QStringLiteral("#c98a12");
    case RegistrationState::Failed:
        return QStringLiteral("#d64541");
    case RegistrationState::Offline:
        break;
    }
    return QStringLiteral("#8a94a3");
}

/// The engine's own name of `s` ("unregistered"): a reason that only says this is no reason.
QString engineWord(RegistrationState s)
{
    switch (s) {
    case RegistrationState::Offline:
        return QString::fromLatin1(core::stateName(core::RegistrationState::Unregistered));
    case RegistrationState::Registering:
        return QString::fromLatin1(core::stateName(core::RegistrationState::Registering));
    case RegistrationState::Registered:
        return QString::fromLatin1(core::stateName(core::RegistrationState::Registered));
    case RegistrationState::Failed:
        return QString::fromLatin1(core::stateName(core::RegistrationState::Failed));
    }
    return {};
}

} // namespace

QString AccountBar::stateText(RegistrationState s)
{
    switch (s) {
    case RegistrationState::Offline:
        return tr("Not registered");
    case RegistrationState::Registering:
        return tr("Registering…");
    case RegistrationState::Registered:
        return tr("Registered");
    case RegistrationState::Failed:
        return tr("Registration failed");
    }
    return {};
}

QString AccountBar::summary(const RegistrationSnapshot& r)
{
    QString text = stateText(r.state);
    // The reason once, and only when it says more than the state ("Not registered — unregistered").
    const QString reason = r.reason.trimmed();
    if (!reason.isEmpty() && r.state != RegistrationState::Registered
        && reason.compare(engineWord(r.state), Qt::CaseInsensitive) != 0
        && reason.compare(text, Qt::CaseInsensitive) != 0)
        text += QStringLiteral(" — ") + reason;
    return text;
}

QString AccountBar::stateIcon(RegistrationState s)
{
    switch (s) {
    case RegistrationState::Offline:
        return QStringLiteral("tray-offline");
    case RegistrationState::Registering:
        return QStringLiteral("tray-registering");
    case RegistrationState::Registered:
        return QStringLiteral("tray-registered");
    case RegistrationState::Failed:
        return QStringLiteral("tray-failed");
    }
    return QStringLiteral("tray-offline");
}

AccountBar::AccountBar(PhoneController* controller, QWidget* parent)
    : QFrame(parent)
    , m_controller(controller)
{
    styleAsCard(this, "accountCard");
    m_account = new ElidedComboBox; // a long account name ends in "…" (whole in the list and tooltip)
    m_account->setObjectName(QStringLiteral("accountCombo"));
    m_account->setMinimumWidth(240);
    // A long account name elides in the chooser instead of widening the window (item 12).
    m_account->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_account->setMinimumContentsLength(16);
    m_account->setIconSize(QSize(18, 18));
    m_regLabel = new ElidedLabel; // a long reason elides (whole on hover), never widens the window
    m_regLabel->setObjectName(QStringLiteral("registrationLabel"));
    m_regLabel->setTextFormat(Qt::PlainText); // shows the server's reasons: never rendered as HTML
    m_regButton = new QPushButton;
    m_regButton->setObjectName(QStringLiteral("registerButton"));
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(12, 8, 12, 8);
    auto* accountLabel = new QLabel(tr("Account:"));
    accountLabel->setStyleSheet(QStringLiteral("color: #5b6675;"));
    row->addWidget(accountLabel);
    row->addWidget(m_account);
    row->addSpacing(8);
    row->addWidget(m_regLabel, 1);
    row->addWidget(m_regButton);

    connect(m_account, &QComboBox::currentIndexChanged, this, &AccountBar::refresh);
    connect(m_regButton, &QPushButton::clicked, this, [this] {
        const QString id = currentAccountId();
        if (id.isEmpty()) {
            Q_EMIT settingsRequested();
            return;
        }
        const auto st = m_registrations.value(id).state;
        if (st == RegistrationState::Registered || st == RegistrationState::Registering)
            m_controller->unregisterAccount(id);
        else
            m_controller->registerAccount(id);
    });
}

void AccountBar::setAccounts(const QList<AccountSettings>& accounts)
{
    for (const auto& old : std::as_const(m_accounts)) {
        const bool kept
            = std::any_of(accounts.begin(), accounts.end(), [&](const AccountSettings& a) { return a.id == old.id; });
        if (!kept)
            m_registrations.remove(old.id);
    }
    m_failureSaid.clear();
    m_accounts = accounts;
    m_notes.clear(); // the secret may have been corrected
    refresh();
}

QString AccountBar::currentAccountId() const
{
    return m_account->currentData().toString();
}

void AccountBar::selectAccount(const QString& accountId)
{
    const int idx = m_account->findData(accountId);
    if (idx >= 0)
        m_account->setCurrentIndex(idx);
}

void AccountBar::applyRegistration(const RegistrationSnapshot& reg)
{
    m_registrations.insert(reg.accountId, reg);
    if (reg.state == RegistrationState::Registered)
        m_notes.remove(reg.accountId); // its credentials work
    if (reg.state == RegistrationState::Registered || reg.state == RegistrationState::Offline)
        m_failureSaid.remove(reg.accountId);
    refresh();
    // A failure of the selected account shows in the bar; another one would be only a red dot.
    if (reg.state == RegistrationState::Failed && reg.accountId != currentAccountId()
        && !m_failureSaid.contains(reg.accountId)) {
        const auto a = std::find_if(
            m_accounts.cbegin(), m_accounts.cend(), [&](const AccountSettings& s) { return s.id == reg.accountId; });
        if (a == m_accounts.cend())
            return;
        m_failureSaid.insert(reg.accountId);
        Q_EMIT registrationFailed(a->name, reg.reason.isEmpty() ? stateText(reg.state) : reg.reason);
    }
}

bool AccountBar::noteAccount(const QString& accountId, const QString& note)
{
    if (m_notes.value(accountId) == note)
        return false;
    if (note.isEmpty())
        m_notes.remove(accountId);
    else
        m_notes.insert(accountId, note);
    refresh();
    return true;
}

RegistrationState AccountBar::overall(int* registered) const
{
    RegistrationState best = RegistrationState::Offline;
    *registered = 0;
    for (const auto& a : m_accounts) {
        const auto st = m_registrations.value(a.id).state;
        if (st == RegistrationState::Registered)
            ++*registered;
        if (st == RegistrationState::Registered
            || (st == RegistrationState::Registering && best != RegistrationState::Registered)
            || (st == RegistrationState::Failed && best == RegistrationState::Offline))
            best = st;
    }
    return best;
}

QString AccountBar::statusLine(const AccountSettings& account) const
{
    return account.name + QStringLiteral(": ") + summary(m_registrations.value(account.id));
}

void AccountBar::refresh()
{
    const QString selected = currentAccountId();
    {
        const QSignalBlocker block(m_account);
        m_account->clear();
        QStringList lines;
        for (const auto& a : std::as_const(m_accounts)) {
            const auto st = m_registrations.value(a.id).state;
            m_account->addItem(Icons::icon(stateIcon(st)), a.name, a.id);
            lines << statusLine(a);
            m_account->setItemData(m_account->count() - 1, lines.last(), Qt::ToolTipRole);
        }
        m_account->setToolTip(lines.join(QLatin1Char('\n'))); // every account's state on hover
        const int idx = m_account->findData(selected);
        m_account->setCurrentIndex(idx >= 0 ? idx : 0);
    }
    const QString id = currentAccountId();
    if (id.isEmpty()) {
        m_regLabel->setText(tr("No account yet — add one in Settings."));
        m_regLabel->setStyleSheet(QStringLiteral("color: #5b6675;"));
        m_regButton->setText(tr("Settings…"));
    } else {
        const RegistrationSnapshot r = m_registrations.value(id);
        QString text = QStringLiteral("● ") + summary(r);
        if (const QString note = m_notes.value(id); !note.isEmpty())
            text += QStringLiteral(" — ⚠ ") + note;
        m_regLabel->setText(text);
        m_regLabel->setToolTip(
            r.apparentAddress.isEmpty() ? QString() : tr("Seen by the server as %1").arg(r.apparentAddress));
        m_regLabel->setStyleSheet(QStringLiteral("color: %1; font-weight: 600;").arg(stateColor(r.state)));
        const bool on = r.state == RegistrationState::Registered || r.state == RegistrationState::Registering;
        m_regButton->setText(on ? tr("Unregister") : tr("Register"));
    }
    Q_EMIT refreshed();
}

} // namespace iax::ui
