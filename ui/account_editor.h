#pragma once
// The form for one account (part of the Accounts settings page). GUI thread.
#include "ui/settings.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace iax::ui {

class AccountEditor : public QWidget {
    Q_OBJECT
public:
    explicit AccountEditor(QWidget* parent = nullptr);
    /// Shows `account` (its secrets included: they are edited here, stored by the SecretStore).
    void load(const AccountSettings& account);
    /// Writes the form into `account` (keeps `account.id`).
    void save(AccountSettings& account) const;

Q_SIGNALS:
    /// The account name was edited (the page list follows).
    void nameEdited(const QString& name);

private:
    void updateEnabled();
    void moveCodec(int delta);

    QLineEdit* m_name;
    QLineEdit* m_host;
    QSpinBox* m_port;
    QLineEdit* m_username;
    QLineEdit* m_secret;
    QComboBox* m_auth;
    QLineEdit* m_privateKey;
    QPushButton* m_privateKeyBrowse;
    QLineEdit* m_passphrase;
    QListWidget* m_publicKeys;
    QComboBox* m_policy;
    QCheckBox* m_rotation;
    QSpinBox* m_rotationInterval;
    QListWidget* m_codecs;
    QCheckBox* m_secureDial;
    QLineEdit* m_secureExt;
    QComboBox* m_terminator;
    QSpinBox* m_pause;
    QLineEdit* m_keyServer;
    QCheckBox* m_md5Fallback;
};

} // namespace iax::ui
