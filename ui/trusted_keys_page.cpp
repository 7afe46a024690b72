#include "ui/trusted_keys_page.h"

#include "ui/icons.h"

#include <QCheckBox>
#include <QColor>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShowEvent>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace iax::ui {

namespace {

enum Column { NameColumn, FingerprintColumn, BitsColumn, SourceColumn, PinnedColumn };

QString describeSource(const core::KeyPin& pin)
{
    if (pin.source == QLatin1String("paste"))
        return TrustedKeysPage::tr("pasted");
    if (pin.source.startsWith(QLatin1String("file:")))
        return TrustedKeysPage::tr("file %1").arg(pin.source.mid(5));
    return TrustedKeysPage::tr("key server %1").arg(pin.source);
}

} // namespace

TrustedKeysPage::TrustedKeysPage(const QString& directory, QWidget* parent)
    : SettingsPage(parent)
    , m_store(directory)
    , m_list(new QTreeWidget)
    , m_pasteName(new QLineEdit)
    , m_paste(new QPlainTextEdit)
    , m_replace(new QCheckBox(tr("Replace a different key already pinned under the same name")))
    , m_message(new QLabel)
{
    m_list->setObjectName(QStringLiteral("trustedKeyList"));
    m_list->setAccessibleName(tr("Trusted keys"));
    m_pasteName->setObjectName(QStringLiteral("pasteName"));
    m_paste->setObjectName(QStringLiteral("pasteKey"));
    m_replace->setObjectName(QStringLiteral("replaceKey"));
    m_message->setObjectName(QStringLiteral("trustedKeyMessage"));
    m_list->setHeaderLabels({ tr("Name"), tr("SHA-256 fingerprint"), tr("Bits"), tr("Source"), tr("Pinned") });
    m_list->setRootIsDecorated(false);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    // Fits the page (800×600 too): the long columns share the width and elide in the middle,
    // whole on hover; never a horizontal scrollbar.
    m_list->header()->setStretchLastSection(false);
    for (const Column c : { NameColumn, BitsColumn, PinnedColumn })
        m_list->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    for (const Column c : { FingerprintColumn, SourceColumn })
        m_list->header()->setSectionResizeMode(c, QHeaderView::Stretch);
    m_list->setTextElideMode(Qt::ElideMiddle);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_pasteName->setPlaceholderText(tr("name the caller uses, e.g. alice"));
    m_paste->setPlaceholderText(QStringLiteral("-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----"));
    m_paste->setMaximumHeight(120);
    m_message->setWordWrap(true);
    m_message->hide();

    auto* intro = new QLabel(tr("Public keys of peers accepted for incoming RSA calls (the caller's user name is the "
                                "key name). Keys fetched from a key server are pinned here on first use. "
                                "Directory: %1")
                                 .arg(directory.toHtmlEscaped()));
    intro->setWordWrap(true);
    auto* importButton = new QPushButton(tr("Import file…"));
    importButton->setObjectName(QStringLiteral("importKeyFile"));
    auto* removeButton = new QPushButton(tr("Remove"));
    removeButton->setObjectName(QStringLiteral("removeKey"));
    auto* pasteButton = new QPushButton(tr("Import pasted key"));
    pasteButton->setObjectName(QStringLiteral("importPastedKey"));

    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(importButton);
    listButtons->addWidget(removeButton);
    listButtons->addStretch();
    auto* pasteBox = new QGroupBox(tr("Paste a public key"));
    auto* pasteForm = new QFormLayout(pasteBox);
    pasteForm->addRow(tr("Name:"), m_pasteName);
    pasteForm->addRow(tr("PEM:"), m_paste);
    pasteForm->addRow(QString(), pasteButton);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(intro);
    layout->addWidget(m_list, 1);
    layout->addLayout(listButtons);
    layout->addWidget(pasteBox);
    layout->addWidget(m_replace);
    layout->addWidget(m_message);

    connect(importButton, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(
            this, tr("Import a public key"), QString(), tr("Public keys (*.pub *.pem);;All files (*)"));
        if (!f.isEmpty())
            importFile(f);
    });
    connect(pasteButton, &QPushButton::clicked, this, [this] { importPasted(); });
    connect(removeButton, &QPushButton::clicked, this, [this] { removeSelected(); });
    refresh();
}

QString TrustedKeysPage::title() const
{
    return tr("Trusted keys");
}

QIcon TrustedKeysPage::icon() const
{
    return Icons::icon(QStringLiteral("padlock-closed"));
}

void TrustedKeysPage::load(const Settings&)
{
    refresh();
}

void TrustedKeysPage::save(Settings&)
{ }

void TrustedKeysPage::showMessage(const QString& text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("QLabel { color: #9b2c2c; background: #fdecec; border: 1px solid "
                                                    "#f3b9b7; border-radius: 6px; padding: 6px; }")
                                   : QStringLiteral("QLabel { color: #2e6b3f; }"));
    m_message->setVisible(!text.isEmpty());
}

void TrustedKeysPage::showEvent(QShowEvent* event)
{
    SettingsPage::showEvent(event);
    refresh();
}

void TrustedKeysPage::refresh()
{
    const QString selected = m_list->currentItem() ? m_list->currentItem()->text(NameColumn) : QString();
    m_list->clear();
    for (const core::PublicKeyInfo& k : m_store.list()) {
        auto* item = new QTreeWidgetItem(m_list);
        item->setText(NameColumn, k.name);
        item->setText(FingerprintColumn, k.fingerprint.isEmpty() ? tr("(unreadable)") : k.fingerprint);
        item->setText(BitsColumn, k.bits ? QString::number(k.bits) : QStringLiteral("?"));
        item->setText(SourceColumn, k.pin ? describeSource(*k.pin) : tr("placed by hand (not pinned)"));
        item->setText(PinnedColumn,
            k.pin ? k.pin->firstSeen.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString());
        item->setToolTip(FingerprintColumn, item->text(FingerprintColumn));
        item->setToolTip(SourceColumn, item->text(SourceColumn));
        if (!k.problem.isEmpty()) {
            item->setToolTip(NameColumn, k.problem);
            item->setForeground(NameColumn, QColor(0x9b, 0x2c, 0x2c));
            item->setText(SourceColumn, item->text(SourceColumn) + QStringLiteral(" — ") + k.problem);
            item->setToolTip(SourceColumn, item->text(SourceColumn));
        }
        if (k.name == selected)
            m_list->setCurrentItem(item);
    }
}

bool TrustedKeysPage::report(const core::Result<core::PublicKeyInfo>& r, QString* error)
{
    if (!r) {
        const QString why = tr("Not imported: %1").arg(QString::fromStdString(r.error().reason));
        showMessage(why, true);
        if (error)
            *error = why;
        return false;
    }
    refresh();
    showMessage(tr("Imported %1 (%2-bit RSA, SHA-256 %3).").arg(r->name).arg(r->bits).arg(r->fingerprint), false);
    return true;
}

bool TrustedKeysPage::importFile(const QString& path, const QString& name, QString* error)
{
    const QString n = name.isEmpty() ? QFileInfo(path).completeBaseName() : name;
    const auto onChange
        = m_replace->isChecked() ? core::PublicKeyStore::OnChange::Replace : core::PublicKeyStore::OnChange::Refuse;
    return report(m_store.importFile(path, n, onChange), error);
}

bool TrustedKeysPage::importPasted(QString* error)
{
    const QString name = m_pasteName->text().trimmed();
    const QByteArray pem = m_paste->toPlainText().trimmed().toUtf8() + '\n';
    QString why;
    if (name.isEmpty())
        why = tr("Give the pasted key a name (the user name the caller sends).");
    else if (!core::PublicKeyStore::isValidName(name))
        why = tr("\"%1\" cannot name a key: use 1 to 64 letters, digits, '.', '_' or '-', not starting with '.'.")
                  .arg(name.left(80));
    else if (pem.trimmed().isEmpty())
        why = tr("Paste the PEM text of the public key (-----BEGIN PUBLIC KEY----- …).");
    if (!why.isEmpty()) {
        showMessage(why, true);
        if (error)
            *error = why;
        return false;
    }
    const auto onChange
        = m_replace->isChecked() ? core::PublicKeyStore::OnChange::Replace : core::PublicKeyStore::OnChange::Refuse;
    if (!report(m_store.importPem(name, pem, QStringLiteral("paste"), onChange), error))
        return false;
    m_paste->clear();
    m_pasteName->clear();
    return true;
}

bool TrustedKeysPage::removeSelected(QString* error)
{
    const QTreeWidgetItem* item = m_list->currentItem();
    QString why;
    if (!item) {
        why = tr("Select the key to remove.");
    } else {
        const QString name = item->text(NameColumn);
        if (const core::Status st = m_store.remove(name); !st)
            why = tr("Not removed: %1").arg(QString::fromStdString(st.error().reason));
        else {
            refresh();
            showMessage(tr("Removed %1 and its pin.").arg(name), false);
            return true;
        }
    }
    showMessage(why, true);
    if (error)
        *error = why;
    return false;
}

} // namespace iax::ui
