#pragma once
// The single mapping from an encryption state to what the user sees (text, icon, colour). Used by
// the indicator widget, the call list delegate and the tray, so they can never disagree.
#include "core/phone/call_snapshot.h"
#include "ui/phone_names.h"

#include <QColor>
#include <QCoreApplication>
#include <QString>

namespace iax::ui {

/// How one encryption state is shown.
struct EncryptionLook {
    QString text; ///< "Not encrypted", "Negotiating", "End-to-end encrypted", "Encrypted (AES-128, MD5)", "Encryption
                  ///< failed"
    QString iconName; ///< "padlock-open", "spinner", "padlock-closed", "padlock-broken"
    QString iconPath; ///< ":/icons/<iconName>.svg"
    QColor color; ///< red, blue, green, dark red
    QString toolTip; ///< one sentence explaining the state
};

class EncryptionPresentation {
    Q_DECLARE_TR_FUNCTIONS(iax::ui::EncryptionPresentation)
public:
    /// The look of `state`. Only `state` decides the padlock; `details` only adds cipher/auth words
    /// to the Encrypted text and reasons to the tool tip. Any thread.
    static EncryptionLook lookFor(EncryptionState state, const EncryptionDetails& details);
    /// The red warning of a call that is not end-to-end with a peer that was before (issue 20).
    static QString e2eDowngradeWarning();
    /// The red warning of an end-to-end call whose peer identity differs from the pinned one.
    static QString e2eIdentityChangedWarning();
    /// "MD5", "RSA", or "RSA→MD5 fallback" style short auth name for the indicator text.
    static QString shortAuth(const QString& auth);
};

} // namespace iax::ui
