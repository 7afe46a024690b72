#include "ui/settings_dialog.h"

#include "core/keys/key_generation.h"
#include "core/phone/settings_persistence.h"
#include "core/phone/settings_validator.h"
#include "ui/account_editor.h"
#include "ui/accounts_page.h"
#include "ui/audio_page.h"
#include "ui/general_page.h"
#include "ui/phone_names.h"
#include "ui/trusted_keys_page.h"

#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QScreen>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace iax::ui {

SettingsDialog::SettingsDialog(const Settings& current, SettingsStore& store, SecretStore& secrets,
    AudioDeviceProvider* devices, const KeyLocations& keys, QWidget* parent)
    : QDialog(parent)
    , m_original(current)
    , m_applied(current)
    , m_store(store)
    , m_secrets(secrets)
    , m_pageList(new QListWidget)
    , m_stack(new QStackedWidget)
    , m_errors(new QLabel)
    , m_accounts(new AccountsPage)
    , m_trustedKeys(new TrustedKeysPage(keys.trustedKeys.isEmpty() ? core::defaultKeyDirectory() : keys.trustedKeys))
    , m_audio(new AudioPage(devices))
    , m_general(new GeneralPage)
{
    setWindowTitle(tr("IAXPhone Settings"));
    setObjectName(QStringLiteral("settingsDialog"));
    m_pageList->setObjectName(QStringLiteral("pageList"));
    m_pageList->setAccessibleName(tr("Settings pages"));
    m_pageList->setIconSize(QSize(24, 24));
    m_pageList->setFixedWidth(150);
    m_pageList->setSpacing(2);
    m_errors->setObjectName(QStringLiteral("validationErrors"));
    m_errors->setWordWrap(true);
    m_errors->setStyleSheet(QStringLiteral("QLabel { color: #9b2c2c; background: #fdecec; border: 1px solid #f3b9b7;"
                                           " border-radius: 6px; padding: 6px; }"));
    m_errors->hide();
    if (!keys.privateKeys.isEmpty())
        m_accounts->editor()->setPrivateKeyDirectory(keys.privateKeys);
    for (SettingsPage* p : { static_cast<SettingsPage*>(m_accounts), static_cast<SettingsPage*>(m_audio),
             static_cast<SettingsPage*>(m_general), static_cast<SettingsPage*>(m_trustedKeys) })
        addPage(p);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_pageList, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);

    auto* body = new QHBoxLayout;
    body->addWidget(m_pageList);
    body->addWidget(m_stack, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(body, 1);
    if (!keys.identityFingerprint.isEmpty()) {
        auto* identity = new QLabel(tr("Your identity key for end-to-end calls: %1").arg(keys.identityFingerprint));
        identity->setObjectName(QStringLiteral("identityFingerprint"));
        identity->setTextInteractionFlags(Qt::TextSelectableByMouse);
        identity->setToolTip(tr("Other IAXPhones see this fingerprint in end-to-end calls with you and pin it once "
                                "the words are confirmed. The private key is kept in the system keychain."));
        layout->addWidget(identity);
    }
    layout->addWidget(m_errors);
    layout->addWidget(buttons);
    // As large as the pages like, but never larger than the screen (an 800×600 one too).
    const QScreen* screen = parent ? parent->screen() : QGuiApplication::primaryScreen();
    resize(screen ? QSize(960, 680).boundedTo(screen->availableGeometry().size()) : QSize(960, 680));
    m_pageList->setCurrentRow(0);
}

void SettingsDialog::addPage(SettingsPage* page)
{
    page->load(m_original);
    m_pages.append(page);
    m_stack->addWidget(page);
    new QListWidgetItem(page->icon(), page->title(), m_pageList);
}

void SettingsDialog::showPage(int index)
{
    m_pageList->setCurrentRow(index);
}

QString SettingsDialog::errorText() const
{
    return m_errors->isVisible() || !m_errors->text().isEmpty() ? m_errors->text() : QString();
}

void SettingsDialog::accept()
{
    if (m_accounts->editor()->isGeneratingKey()) {
        m_errors->setText(tr("A key pair is still being generated; wait until it is done, or press Cancel."));
        m_errors->show();
        return;
    }
    Settings candidate = m_original;
    for (SettingsPage* p : m_pages)
        p->save(candidate);
    const QStringList problems = SettingsValidator::validate(candidate);
    if (!problems.isEmpty()) {
        m_errors->setText(
            tr("Please correct:") + QLatin1Char('\n') + QStringLiteral("• ") + problems.join(QStringLiteral("\n• ")));
        m_errors->show();
        return;
    }
    QString error;
    m_secrets.retry(); // OK again after "Go on without the keychain": the user asks for another try
    if (!saveSettings(candidate, m_original, m_store, m_secrets, &error)) {
        m_errors->setText(error);
        m_errors->show();
        return;
    }
    m_errors->clear();
    m_errors->hide();
    m_applied = candidate;
    m_accounts->discardUnusedGeneratedKeys(candidate);
    QDialog::accept();
}

void SettingsDialog::reject()
{
    m_accounts->editor()->cancelKeyGeneration(); // its result is dropped, never written
    m_accounts->discardUnusedGeneratedKeys(m_applied);
    QDialog::reject();
}

} // namespace iax::ui
