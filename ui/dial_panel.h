#pragma once
// The dialling column of the main window: the dial field (completes numbers of the call history;
// Enter dials, also from the completion list), the secure dial toggle (the account's default, kept
// while the user's own choice applies), a notice under it (what a redial does, why a call was
// refused), the dial pad and the Call button. It only collects what to dial; the window places the
// call. GUI thread.
#include "core/phone/settings.h"
#include "ui/phone_names.h"

#include <QFrame>

#include <functional>

class QCheckBox;
class QCompleter;
class QLabel;
class QLineEdit;
class QPushButton;
class QStringListModel;
class QTimer;

namespace iax::phone {
class CallHistory;
class ContactBook;
} // namespace iax::phone

namespace iax::ui {

class DialPad;

class DialPanel : public QFrame {
    Q_OBJECT
public:
    /// Completes numbers of `history` (may be nullptr; not owned, must outlive the panel).
    explicit DialPanel(CallHistory* history, QWidget* parent = nullptr);

    QLineEdit* field() const { return m_dial; }
    /// Also completes contacts (`contacts` may be nullptr; not owned, must outlive the panel): a
    /// name or a number typed matches "Name — number" (MainWindow resolves it to the number).
    void setContacts(phone::ContactBook* contacts);
    /// True when the next call goes through secure dial (toggle available and on).
    bool secureDialChosen() const;
    /// Shows account `account` (nullptr: none): the Call button, and the secure dial toggle with
    /// the account's default when the account or its settings changed.
    void showAccount(const AccountSettings* account);
    /// Where the pad's keys and the keyboard's digits (0-9 * #) go first: `sink` returns true when
    /// it took the digit as DTMF (an answered call), else the digit goes into the dial field.
    void setDtmfSink(std::function<bool(QChar)> sink) { m_dtmfSink = std::move(sink); }
    /// Offers `digit` to the DTMF sink, else types it into the dial field.
    void pressDigit(QChar digit);
    /// Shows `text` under the Secure dial box, where the user looks when dialling: a refusal (kept
    /// until the field is edited or the next call is placed) or what is being done (`refusal`
    /// false: goes after 10 s). "" hides it.
    void showNotice(const QString& text, bool refusal);
    /// The notice shown now ("" = none).
    QString noticeText() const;
    /// Digits typed in the dial field or in a widget this panel filters (installEventFilter) are
    /// offered to the DTMF sink. In the completion list, Enter dials (the highlighted suggestion,
    /// else the field's text) and the list is kept clear of the Secure dial box.
    bool eventFilter(QObject* watched, QEvent* event) override;

Q_SIGNALS:
    /// The user asked to call the field's number (Call button or Enter).
    void dialRequested();

private:
    /// Moves the open completion list under the Secure dial box (above the field when the screen
    /// has no room there).
    void placeCompletions();
    /// The completion list: contacts' "Name — number" first, then the history's numbers.
    void refreshCompletions();
    /// Keeps in the completion list only what `typed` finds (phone::searchMatches).
    void filterCompletions(const QString& typed);

    CallHistory* m_history;
    phone::ContactBook* m_contacts = nullptr;
    QLineEdit* m_dial;
    QStringList m_allCompletions; ///< every suggestion; m_completions holds those the text finds
    QStringListModel* m_completions;
    QCompleter* m_completer;
    QCheckBox* m_secure;
    QLabel* m_notice;
    QTimer* m_noticeTimer; ///< hides a notice that is not a refusal
    DialPad* m_pad;
    QPushButton* m_call;
    QString m_secureDefaultFor; ///< account whose secure dial default the toggle shows
    bool m_secureDefault = false;
    std::function<bool(QChar)> m_dtmfSink;
};

} // namespace iax::ui
