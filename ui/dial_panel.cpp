#include "ui/dial_panel.h"

#include "core/phone/call_history.h"
#include "core/phone/contact_book.h"
#include "core/phone/secure_dialer.h"
#include "ui/dial_pad.h"
#include "ui/main_window_style.h"

#include <QAbstractItemView>
#include <QCheckBox>
#include <QCompleter>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>
#include <QStringListModel>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace iax::ui {

namespace {

/// A completer that offers its whole list: DialPanel keeps only the suggestions the typed text finds
/// (phone::searchMatches, which ignores separators), a match QCompleter's own cannot make.
class PrefilteredCompleter : public QCompleter {
public:
    using QCompleter::QCompleter;
    QStringList splitPath(const QString&) const override { return {}; }
};

} // namespace

DialPanel::DialPanel(CallHistory* history, QWidget* parent)
    : QFrame(parent)
    , m_history(history)
{
    styleAsCard(this, "dialCard");
    m_dial = new QLineEdit;
    m_dial->setObjectName(QStringLiteral("dialField"));
    m_dial->setAccessibleName(tr("Number to call"));
    m_dial->setPlaceholderText(tr("Number or iax2: address"));
    m_dial->setClearButtonEnabled(true);
    m_dial->setMinimumHeight(36);
    m_dial->setStyleSheet(QStringLiteral("QLineEdit { font-size: 16px; border: 1px solid #cfd6df; border-radius: 8px;"
                                         " padding: 4px 8px; background: #ffffff; }"
                                         "QLineEdit:focus { border-color: #2f6fdf; }"));
    m_completions = new QStringListModel(m_history ? m_history->numbers() : QStringList(), this);
    m_allCompletions = m_completions->stringList();
    m_completer = new PrefilteredCompleter(m_completions, this);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_dial->setCompleter(m_completer);
    // Before the field asks the completer (QLineEdit emits textEdited first, then completes).
    connect(m_dial, &QLineEdit::textEdited, this, &DialPanel::filterCompletions);
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
    m_notice = new QLabel;
    m_notice->setObjectName(QStringLiteral("dialNotice"));
    m_notice->setWordWrap(true);
    m_notice->setTextFormat(Qt::PlainText); // numbers from history or links are never markup
    m_notice->hide();
    m_noticeTimer = new QTimer(this);
    m_noticeTimer->setSingleShot(true);
    m_noticeTimer->setInterval(10000);
    connect(m_noticeTimer, &QTimer::timeout, this, [this] { showNotice({}, false); });
    m_pad = new DialPad;
    auto* col = new QVBoxLayout(this);
    col->setContentsMargins(12, 12, 12, 12);
    col->setSpacing(10);
    col->addWidget(m_dial);
    col->addWidget(m_secure);
    col->addWidget(m_notice);
    col->addWidget(m_pad, 1);
    col->addWidget(m_call);
    col->addStretch(1); // what the capped keys leave of a tall window
    setFixedWidth(270);

    connect(m_call, &QPushButton::clicked, this, &DialPanel::dialRequested);
    connect(m_dial, &QLineEdit::returnPressed, this, &DialPanel::dialRequested);
    connect(m_pad, &DialPad::digitPressed, this, &DialPanel::pressDigit);
    connect(m_dial, &QLineEdit::textEdited, this, [this] { showNotice({}, false); }); // the user moved on
    m_dial->installEventFilter(this);
    // After the completer's own filter, so this one sees the list's keys first.
    m_completer->popup()->installEventFilter(this);
    if (m_history)
        connect(m_history, &CallHistory::changed, this, &DialPanel::refreshCompletions);
}

void DialPanel::setContacts(phone::ContactBook* contacts)
{
    if (m_contacts)
        disconnect(m_contacts, nullptr, this, nullptr);
    m_contacts = contacts;
    if (m_contacts)
        connect(m_contacts, &phone::ContactBook::changed, this, &DialPanel::refreshCompletions);
    refreshCompletions();
}

void DialPanel::refreshCompletions()
{
    QStringList all = m_contacts ? m_contacts->dialTexts() : QStringList();
    if (m_history)
        all += m_history->numbers();
    m_allCompletions = all;
    filterCompletions(m_dial->text());
}

void DialPanel::filterCompletions(const QString& typed)
{
    QStringList found;
    for (const QString& s : std::as_const(m_allCompletions))
        if (phone::searchMatches(s, typed))
            found << s;
    if (found != m_completions->stringList())
        m_completions->setStringList(found);
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
    if (watched == m_completer->popup()) {
        if (event->type() == QEvent::Show || event->type() == QEvent::Move)
            placeCompletions();
        const auto* key = event->type() == QEvent::KeyPress ? static_cast<QKeyEvent*>(event) : nullptr;
        if (key && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)) {
            // One Enter dials: the highlighted suggestion (if any) first. The completer would only
            // pick it after the field's returnPressed, putting it back into the cleared field.
            const QModelIndex current = m_completer->popup()->currentIndex();
            if (current.isValid())
                m_dial->setText(current.data(m_completer->completionRole()).toString());
            m_completer->popup()->hide();
            Q_EMIT dialRequested();
            return true;
        }
    }
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

void DialPanel::placeCompletions()
{
    // The completer puts its list right under the field, over the Secure dial box the user must
    // see before dialling: move it under the box (the dial pad is what it covers then).
    QAbstractItemView* list = m_completer->popup();
    const int fieldTop = m_dial->mapToGlobal(QPoint(0, 0)).y();
    const int top = m_secure->mapToGlobal(QPoint(0, m_secure->height())).y() + 2;
    QRect g = list->geometry();
    if (g.top() < fieldTop || g.top() >= top)
        return; // above the field (no room below it), or clear of the box already
    const int wanted = g.height();
    g.moveTop(top);
    g.setBottom(std::min(g.bottom(), list->screen()->availableGeometry().bottom()));
    if (g.height() < std::min(wanted, 2 * list->sizeHintForRow(0))) { // no room under the box
        g.setHeight(wanted);
        g.moveBottom(fieldTop - 1);
    }
    list->setGeometry(g);
}

void DialPanel::showNotice(const QString& text, bool refusal)
{
    m_noticeTimer->stop();
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
    m_notice->setStyleSheet(refusal ? QStringLiteral("QLabel { color: #8a1c1c; background: #fdecec; border: 1px solid"
                                                     " #f5c2c2; border-radius: 6px; padding: 4px 6px; }")
                                    : QStringLiteral("QLabel { color: #1f3b63; background: #eaf1fd; border: 1px solid"
                                                     " #c9dafa; border-radius: 6px; padding: 4px 6px; }"));
    if (!text.isEmpty() && !refusal)
        m_noticeTimer->start();
}

QString DialPanel::noticeText() const
{
    return m_notice->isHidden() ? QString() : m_notice->text();
}

bool DialPanel::secureDialChosen() const
{
    return m_secure->isEnabled() && m_secure->isChecked();
}

void DialPanel::showAccount(const AccountSettings* a)
{
    m_call->setEnabled(a != nullptr);
    const QString id = a ? a->id : QString();
    const bool available = a && secureDialAvailable(*a);
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
