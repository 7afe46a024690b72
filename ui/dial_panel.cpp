#include "ui/dial_panel.h"

#include "core/phone/call_history.h"
#include "ui/dial_pad.h"
#include "ui/main_window_style.h"

#include <QCheckBox>
#include <QCompleter>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPushButton>
#include <QStringListModel>
#include <QVBoxLayout>

namespace iax::ui {

DialPanel::DialPanel(CallHistory* history, QWidget* parent)
    : QFrame(parent)
    , m_history(history)
{
    styleAsCard(this, "dialCard");
    m_dial = new QLineEdit;
    m_dial->setObjectName(QStringLiteral("dialField"));
    m_dial->setPlaceholderText(tr("Number or iax2: address"));
    m_dial->setClearButtonEnabled(true);
    m_dial->setMinimumHeight(36);
    m_dial->setStyleSheet(QStringLiteral("QLineEdit { font-size: 16px; border: 1px solid #cfd6df; border-radius: 8px;"
                                         " padding: 4px 8px; background: #ffffff; }"
                                         "QLineEdit:focus { border-color: #2f6fdf; }"));
    m_completions = new QStringListModel(m_history ? m_history->numbers() : QStringList(), this);
    auto* completer = new QCompleter(m_completions, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_dial->setCompleter(completer);
    m_call = new QPushButton(tr("Call"));
    m_call->setObjectName(QStringLiteral("callButton"));
    m_call->setMinimumHeight(40);
    m_call->setCursor(Qt::PointingHandCursor);
    m_call->setStyleSheet(
        QStringLiteral("QPushButton { background: #2e9d57; color: white; font-size: 15px; font-weight:"
                       " 700; border: none; border-radius: 8px; padding: 6px 18px; }"
                       "QPushButton:hover { background: #27864a; }"
                       "QPushButton:disabled { background: #a9d6b9; }"));
    m_secure = new QCheckBox(tr("Secure dial"));
    m_secure->setObjectName(QStringLiteral("secureDialToggle"));
    m_pad = new DialPad;
    auto* col = new QVBoxLayout(this);
    col->setContentsMargins(12, 12, 12, 12);
    col->setSpacing(10);
    col->addWidget(m_dial);
    col->addWidget(m_secure);
    col->addWidget(m_pad, 1);
    col->addWidget(m_call);
    col->addStretch(1); // what the capped keys leave of a tall window
    setFixedWidth(270);

    connect(m_call, &QPushButton::clicked, this, &DialPanel::dialRequested);
    connect(m_dial, &QLineEdit::returnPressed, this, &DialPanel::dialRequested);
    connect(m_pad, &DialPad::digitPressed, this, &DialPanel::pressDigit);
    m_dial->installEventFilter(this);
    if (m_history)
        connect(m_history, &CallHistory::changed, this, [this] { m_completions->setStringList(m_history->numbers()); });
}

void DialPanel::pressDigit(QChar digit)
{
    if (m_dtmfSink && m_dtmfSink(digit))
        return;
    m_dial->insert(QString(digit));
    m_dial->setFocus();
}

bool DialPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() != QEvent::KeyPress || !m_dtmfSink)
        return QFrame::eventFilter(watched, event);
    const auto* key = static_cast<QKeyEvent*>(event);
    const QString text = key->text();
    const auto mods = key->modifiers() & ~(Qt::KeypadModifier | Qt::ShiftModifier);
    if (text.size() == 1 && mods == Qt::NoModifier && QStringLiteral("0123456789*#").contains(text[0])
        && m_dtmfSink(text[0]))
        return true; // sent as DTMF, not typed
    return QFrame::eventFilter(watched, event);
}

bool DialPanel::secureDialChosen() const
{
    return m_secure->isEnabled() && m_secure->isChecked();
}

void DialPanel::showAccount(const AccountSettings* a)
{
    m_call->setEnabled(a != nullptr);
    const QString id = a ? a->id : QString();
    const bool available = a && !a->secureDialExtension.isEmpty() && a->encryption != EncryptionPolicy::Off;
    m_secure->setEnabled(available);
    // The account's default applies when the account (or its settings) change; a registration
    // update must not undo the user's own choice.
    const bool defaultOn = available && a->secureDialEnabled;
    if (id != m_secureDefaultFor || defaultOn != m_secureDefault || !available)
        m_secure->setChecked(defaultOn);
    m_secureDefaultFor = id;
    m_secureDefault = defaultOn;
    m_secure->setToolTip(available ? tr("Calls %1 and sends the number as encrypted DTMF once the call is encrypted.")
                                         .arg(a->secureDialExtension)
                                   : tr("Set a secure dial extension for this account in Settings."));
}

} // namespace iax::ui
