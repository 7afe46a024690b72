#include "ui/account_editor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace iax::ui {

namespace {

template <typename T>
T* named(T* w, const char* name)
{
    w->setObjectName(QLatin1String(name));
    return w;
}

} // namespace

AccountEditor::AccountEditor(QWidget* parent)
    : QWidget(parent)
    , m_name(named(new QLineEdit, "name"))
    , m_host(named(new QLineEdit, "host"))
    , m_port(named(new QSpinBox, "port"))
    , m_username(named(new QLineEdit, "username"))
    , m_secret(named(new QLineEdit, "secret"))
    , m_auth(named(new QComboBox, "auth"))
    , m_privateKey(named(new QLineEdit, "privateKeyFile"))
    , m_privateKeyBrowse(new QPushButton(tr("Browse…")))
    , m_passphrase(named(new QLineEdit, "keyPassphrase"))
    , m_publicKeys(named(new QListWidget, "trustedPublicKeys"))
    , m_policy(named(new QComboBox, "encryptionPolicy"))
    , m_rotation(named(new QCheckBox(tr("Rotate keys")), "keyRotation"))
    , m_rotationInterval(named(new QSpinBox, "keyRotationInterval"))
    , m_codecs(named(new QListWidget, "codecs"))
    , m_secureDial(named(new QCheckBox(tr("Dial through the secure dial extension")), "secureDial"))
    , m_secureExt(named(new QLineEdit, "secureDialExtension"))
    , m_terminator(named(new QComboBox, "secureDialTerminator"))
    , m_pause(named(new QSpinBox, "secureDialPause"))
    , m_keyServer(named(new QLineEdit, "keyServerUrl"))
    , m_md5Fallback(named(new QCheckBox(tr("Allow MD5+AES when RSA is unavailable")), "allowMd5Fallback"))
{
    m_port->setRange(1, 65535);
    m_secret->setEchoMode(QLineEdit::Password);
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_host->setPlaceholderText(tr("pbx.example.net"));
    m_auth->addItem(tr("MD5 challenge"), toString(AuthMethod::Md5));
    m_auth->addItem(tr("RSA signature"), toString(AuthMethod::Rsa));
    m_policy->addItem(tr("Off — never encrypt"), toString(EncryptionPolicy::Off));
    m_policy->addItem(tr("Opportunistic — encrypt when the peer agrees"), toString(EncryptionPolicy::Opportunistic));
    m_policy->addItem(tr("Required — refuse unencrypted calls"), toString(EncryptionPolicy::Required));
    m_rotationInterval->setRange(0, 86400);
    m_rotationInterval->setSuffix(tr(" s"));
    m_rotationInterval->setSpecialValueText(tr("Automatic (as Asterisk)"));
    m_terminator->addItem(QStringLiteral("#"), QStringLiteral("#"));
    m_terminator->addItem(QStringLiteral("*"), QStringLiteral("*"));
    m_terminator->addItem(tr("none"), QString());
    m_pause->setRange(50, 5000);
    m_pause->setSuffix(tr(" ms"));
    m_keyServer->setPlaceholderText(QStringLiteral("https://keys.example.net/{name}.pub"));
    m_publicKeys->setMaximumHeight(70);
    m_codecs->setMaximumHeight(80);

    auto* server = new QGroupBox(tr("Server"));
    auto* f1 = new QFormLayout(server);
    f1->addRow(tr("Account name:"), m_name);
    auto* hostRow = new QHBoxLayout;
    hostRow->addWidget(m_host, 1);
    hostRow->addWidget(m_port);
    f1->addRow(tr("Host and port:"), hostRow);
    f1->addRow(tr("User name:"), m_username);
    f1->addRow(tr("Secret:"), m_secret);

    auto* security = new QGroupBox(tr("Security"));
    auto* f2 = new QFormLayout(security);
    f2->addRow(tr("Encryption:"), m_policy);
    f2->addRow(tr("Authentication:"), m_auth);
    auto* keyRow = new QHBoxLayout;
    keyRow->addWidget(m_privateKey, 1);
    keyRow->addWidget(m_privateKeyBrowse);
    f2->addRow(tr("Private key:"), keyRow);
    f2->addRow(tr("Key passphrase:"), m_passphrase);
    auto* pubRow = new QHBoxLayout;
    pubRow->addWidget(m_publicKeys, 1);
    auto* pubButtons = new QVBoxLayout;
    auto* addPub = new QPushButton(tr("Add…"));
    auto* removePub = new QPushButton(tr("Remove"));
    pubButtons->addWidget(addPub);
    pubButtons->addWidget(removePub);
    pubButtons->addStretch();
    pubRow->addLayout(pubButtons);
    f2->addRow(tr("Trusted public keys:"), pubRow);
    auto* rotRow = new QHBoxLayout;
    rotRow->addWidget(m_rotation);
    rotRow->addWidget(m_rotationInterval, 1);
    f2->addRow(tr("Key rotation:"), rotRow);
    f2->addRow(tr("Key server URL:"), m_keyServer);
    f2->addRow(QString(), m_md5Fallback);

    auto* media = new QGroupBox(tr("Codecs and secure dial"));
    auto* f3 = new QFormLayout(media);
    auto* codecRow = new QHBoxLayout;
    codecRow->addWidget(m_codecs, 1);
    auto* codecButtons = new QVBoxLayout;
    auto* up = new QPushButton(tr("Up"));
    auto* down = new QPushButton(tr("Down"));
    codecButtons->addWidget(up);
    codecButtons->addWidget(down);
    codecButtons->addStretch();
    codecRow->addLayout(codecButtons);
    f3->addRow(tr("Codecs (preferred first):"), codecRow);
    f3->addRow(QString(), m_secureDial);
    f3->addRow(tr("Secure dial extension:"), m_secureExt);
    auto* sdRow = new QHBoxLayout;
    sdRow->addWidget(m_terminator);
    sdRow->addWidget(m_pause);
    sdRow->addStretch();
    f3->addRow(tr("Terminator, pause:"), sdRow);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(server);
    layout->addWidget(security);
    layout->addWidget(media);
    layout->addStretch();

    connect(m_name, &QLineEdit::textEdited, this, &AccountEditor::nameEdited);
    connect(m_auth, &QComboBox::currentIndexChanged, this, &AccountEditor::updateEnabled);
    connect(m_rotation, &QCheckBox::toggled, this, &AccountEditor::updateEnabled);
    connect(m_secureDial, &QCheckBox::toggled, this, &AccountEditor::updateEnabled);
    connect(m_policy, &QComboBox::currentIndexChanged, this, &AccountEditor::updateEnabled);
    connect(m_privateKeyBrowse, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Private key"), QString(), tr("PEM keys (*.key *.pem);;All files (*)"));
        if (!f.isEmpty())
            m_privateKey->setText(f);
    });
    connect(addPub, &QPushButton::clicked, this, [this] {
        for (const auto& f : QFileDialog::getOpenFileNames(this, tr("Trusted public keys"), QString(), tr("Public keys (*.pub *.pem);;All files (*)")))
            m_publicKeys->addItem(f);
    });
    connect(removePub, &QPushButton::clicked, this, [this] { delete m_publicKeys->currentItem(); });
    connect(up, &QPushButton::clicked, this, [this] { moveCodec(-1); });
    connect(down, &QPushButton::clicked, this, [this] { moveCodec(1); });
}

void AccountEditor::moveCodec(int delta)
{
    const int row = m_codecs->currentRow();
    const int to = row + delta;
    if (row < 0 || to < 0 || to >= m_codecs->count())
        return;
    QListWidgetItem* item = m_codecs->takeItem(row);
    m_codecs->insertItem(to, item);
    m_codecs->setCurrentRow(to);
}

void AccountEditor::updateEnabled()
{
    const bool rsa = m_auth->currentData().toString() == toString(AuthMethod::Rsa);
    m_privateKey->setEnabled(rsa);
    m_privateKeyBrowse->setEnabled(rsa);
    m_passphrase->setEnabled(rsa);
    m_md5Fallback->setEnabled(rsa);
    const bool encrypt = m_policy->currentData().toString() != toString(EncryptionPolicy::Off);
    m_rotation->setEnabled(encrypt);
    m_rotationInterval->setEnabled(encrypt && m_rotation->isChecked());
    m_secureExt->setEnabled(m_secureDial->isChecked());
    m_terminator->setEnabled(m_secureDial->isChecked());
    m_pause->setEnabled(m_secureDial->isChecked());
}

void AccountEditor::load(const AccountSettings& a)
{
    m_name->setText(a.name);
    m_host->setText(a.host);
    m_port->setValue(a.port);
    m_username->setText(a.username);
    m_secret->setText(a.secret);
    m_auth->setCurrentIndex(m_auth->findData(toString(a.auth)));
    m_privateKey->setText(a.privateKeyFile);
    m_passphrase->setText(a.keyPassphrase);
    m_publicKeys->clear();
    m_publicKeys->addItems(a.trustedPublicKeys);
    m_policy->setCurrentIndex(m_policy->findData(toString(a.encryption)));
    m_rotation->setChecked(a.keyRotation);
    m_rotationInterval->setValue(a.keyRotationIntervalSeconds);
    m_codecs->clear();
    QStringList order = a.codecs;
    for (const auto& c : knownCodecs()) {
        if (!order.contains(c))
            order << c;
    }
    for (const auto& c : order) {
        auto* item = new QListWidgetItem(c, m_codecs);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(a.codecs.contains(c) ? Qt::Checked : Qt::Unchecked);
    }
    m_secureDial->setChecked(a.secureDialEnabled);
    m_secureExt->setText(a.secureDialExtension);
    m_terminator->setCurrentIndex(
        m_terminator->findData(a.secureDialTerminator.isNull() ? QString() : QString(a.secureDialTerminator)));
    m_pause->setValue(a.secureDialPauseMs);
    m_keyServer->setText(a.keyServerUrl);
    m_md5Fallback->setChecked(a.allowMd5Fallback);
    updateEnabled();
}

void AccountEditor::save(AccountSettings& a) const
{
    a.name = m_name->text().trimmed();
    a.host = m_host->text().trimmed();
    a.port = m_port->value();
    a.username = m_username->text().trimmed();
    a.secret = m_secret->text();
    a.auth = authMethodFromString(m_auth->currentData().toString(), AuthMethod::Md5);
    a.privateKeyFile = m_privateKey->text().trimmed();
    a.keyPassphrase = m_passphrase->text();
    a.trustedPublicKeys.clear();
    for (int i = 0; i < m_publicKeys->count(); ++i)
        a.trustedPublicKeys << m_publicKeys->item(i)->text();
    a.encryption = encryptionPolicyFromString(m_policy->currentData().toString(), EncryptionPolicy::Opportunistic);
    a.keyRotation = m_rotation->isChecked();
    a.keyRotationIntervalSeconds = m_rotationInterval->value();
    a.codecs.clear();
    for (int i = 0; i < m_codecs->count(); ++i) {
        if (m_codecs->item(i)->checkState() == Qt::Checked)
            a.codecs << m_codecs->item(i)->text();
    }
    a.secureDialEnabled = m_secureDial->isChecked();
    a.secureDialExtension = m_secureExt->text().trimmed();
    const QString term = m_terminator->currentData().toString();
    a.secureDialTerminator = term.isEmpty() ? QChar() : term.at(0);
    a.secureDialPauseMs = m_pause->value();
    a.keyServerUrl = m_keyServer->text().trimmed();
    a.allowMd5Fallback = m_md5Fallback->isChecked();
}

} // namespace iax::ui
