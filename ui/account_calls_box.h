#pragma once
// The "Incoming calls and voicemail" group of the account editor (issue 18): do not disturb,
// honour the PBX's auto-answer request, answer by itself after N s, and the voicemail extension
// the window's Voicemail button dials. load()/save() of its AccountSettings fields. GUI thread.
#include "core/phone/settings.h"
#include "ui/phone_names.h"

#include <QGroupBox>

class QCheckBox;
class QLineEdit;
class QSpinBox;

namespace iax::ui {

class AccountCallsBox : public QGroupBox {
    Q_OBJECT
public:
    explicit AccountCallsBox(QWidget* parent = nullptr);

    /// Shows the fields of `a`.
    void load(const AccountSettings& a);
    /// Writes the fields into `a` (the others stay).
    void save(AccountSettings& a) const;

private:
    QCheckBox* m_dnd;
    QCheckBox* m_autoAnswerFromPbx;
    QSpinBox* m_autoAnswerAfter;
    QLineEdit* m_voicemail;
};

} // namespace iax::ui
