#include "ui/contact_editor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTableWidget>
#include <QVBoxLayout>

namespace iax::ui {

namespace {

enum Column { NumberColumn, TypeColumn, AccountColumn };

} // namespace

ContactEditor::ContactEditor(const Contact& contact, const QList<AccountSettings>& accounts, QWidget* parent)
    : QDialog(parent)
    , m_original(contact)
    , m_accounts(accounts)
{
    setWindowTitle(contact.id.isEmpty() ? tr("New contact") : tr("Edit contact"));
    setObjectName(QStringLiteral("contactEditor"));
    m_name = new QLineEdit(contact.name);
    m_name->setObjectName(QStringLiteral("contactName"));
    m_name->setAccessibleName(tr("Name"));
    m_numbers = new QTableWidget(0, 3);
    m_numbers->setObjectName(QStringLiteral("contactNumbers"));
    m_numbers->setAccessibleName(tr("Numbers"));
    m_numbers->setHorizontalHeaderLabels({ tr("Number"), tr("Type"), tr("Account") });
    m_numbers->horizontalHeader()->setSectionResizeMode(NumberColumn, QHeaderView::Stretch);
    // Type and Account as wide as their longest entry (an account box as wide as its longest
    // choice); the number takes the rest.
    m_numbers->horizontalHeader()->setSectionResizeMode(TypeColumn, QHeaderView::ResizeToContents);
    m_numbers->horizontalHeader()->setSectionResizeMode(AccountColumn, QHeaderView::ResizeToContents);
    m_numbers->verticalHeader()->hide();
    m_numbers->setSelectionBehavior(QAbstractItemView::SelectRows);
    for (const phone::ContactNumber& n : contact.numbers)
        addNumberRow(n);
    if (contact.numbers.isEmpty())
        addNumberRow({});
    auto* addNumber = new QPushButton(tr("Add number"));
    addNumber->setObjectName(QStringLiteral("addNumber"));
    auto* removeNumber = new QPushButton(tr("Remove number"));
    removeNumber->setObjectName(QStringLiteral("removeNumber"));
    connect(addNumber, &QPushButton::clicked, this, [this] {
        addNumberRow({});
        m_numbers->setCurrentCell(m_numbers->rowCount() - 1, NumberColumn);
        m_numbers->editItem(m_numbers->item(m_numbers->rowCount() - 1, NumberColumn));
    });
    connect(removeNumber, &QPushButton::clicked, this, [this] {
        if (m_numbers->currentRow() >= 0)
            m_numbers->removeRow(m_numbers->currentRow());
    });
    m_note = new QPlainTextEdit(contact.note);
    m_note->setObjectName(QStringLiteral("contactNote"));
    m_note->setAccessibleName(tr("Note"));
    m_note->setMaximumHeight(80);
    m_alwaysEncrypted = new QCheckBox(tr("Always encrypted"));
    m_alwaysEncrypted->setObjectName(QStringLiteral("contactAlwaysEncrypted"));
    m_alwaysEncrypted->setChecked(contact.alwaysEncrypted);
    m_alwaysEncrypted->setToolTip(
        tr("Calls to this contact require encryption, whatever the account's policy: a call that would not be "
           "encrypted is refused instead of going out in clear."));
    m_alwaysEndToEnd = new QCheckBox(tr("Always end-to-end"));
    m_alwaysEndToEnd->setObjectName(QStringLiteral("contactAlwaysEndToEnd"));
    m_alwaysEndToEnd->setChecked(contact.alwaysEndToEnd);
    m_alwaysEndToEnd->setToolTip(tr("Calls with this contact (another IAXPhone) must be end-to-end encrypted: a call "
                                    "that would not be is refused, placed or taken."));
    m_error = new QLabel;
    m_error->setObjectName(QStringLiteral("contactError"));
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #8a1c1c; }"));
    m_error->hide();

    auto* form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    auto* numberButtons = new QHBoxLayout;
    numberButtons->addWidget(addNumber);
    numberButtons->addWidget(removeNumber);
    numberButtons->addStretch(1);
    auto* numbers = new QVBoxLayout;
    numbers->addWidget(m_numbers);
    numbers->addLayout(numberButtons);
    form->addRow(tr("Numbers:"), numbers);
    form->addRow(tr("N&ote:"), m_note);
    form->addRow(QString(), m_alwaysEncrypted);
    form->addRow(QString(), m_alwaysEndToEnd);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &ContactEditor::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ContactEditor::reject);
    auto* root = new QVBoxLayout(this);
    root->addLayout(form);
    root->addWidget(m_error);
    root->addWidget(buttons);
    resize(520, 420);
}

void ContactEditor::addNumberRow(const phone::ContactNumber& n)
{
    const int row = m_numbers->rowCount();
    m_numbers->insertRow(row);
    m_numbers->setItem(row, NumberColumn, new QTableWidgetItem(n.number));
    m_numbers->setItem(row, TypeColumn, new QTableWidgetItem(n.type));
    auto* account = new QComboBox;
    account->setAccessibleName(tr("Account for this number"));
    account->addItem(tr("Selected account"), QString());
    for (const AccountSettings& a : m_accounts)
        account->addItem(a.name, a.id);
    if (!n.accountId.isEmpty() && account->findData(n.accountId) < 0)
        account->addItem(tr("%1 (no such account)").arg(n.accountId), n.accountId); // kept, not lost
    account->setCurrentIndex(std::max(0, account->findData(n.accountId)));
    m_numbers->setCellWidget(row, AccountColumn, account);
    fitNumbersTable();
}

void ContactEditor::fitNumbersTable()
{
    // Room for a whole international number beside the Type and Account columns as they are now.
    const int numberWidth = m_numbers->fontMetrics().horizontalAdvance(QStringLiteral("+1 555 123 4567 ")) + 12;
    const QAbstractItemView* view = m_numbers; // sizeHintForColumn is public there
    const int sides
        = std::max(view->sizeHintForColumn(TypeColumn), m_numbers->horizontalHeader()->sectionSizeHint(TypeColumn))
        + std::max(
            view->sizeHintForColumn(AccountColumn), m_numbers->horizontalHeader()->sectionSizeHint(AccountColumn));
    m_numbers->setMinimumWidth(
        numberWidth + sides + m_numbers->verticalScrollBar()->sizeHint().width() + 2 * m_numbers->frameWidth() + 8);
}

Contact ContactEditor::contact() const
{
    Contact c = m_original;
    c.name = m_name->text().simplified();
    c.note = m_note->toPlainText();
    c.alwaysEncrypted = m_alwaysEncrypted->isChecked();
    c.alwaysEndToEnd = m_alwaysEndToEnd->isChecked();
    c.numbers.clear();
    for (int row = 0; row < m_numbers->rowCount(); ++row) {
        const QString number
            = m_numbers->item(row, NumberColumn) ? m_numbers->item(row, NumberColumn)->text().trimmed() : QString();
        if (number.isEmpty())
            continue;
        const QString type = m_numbers->item(row, TypeColumn)
            ? m_numbers->item(row, TypeColumn)->text().trimmed().toLower()
            : QString();
        const auto* account = qobject_cast<QComboBox*>(m_numbers->cellWidget(row, AccountColumn));
        c.numbers.append({ number, type, account ? account->currentData().toString() : QString() });
    }
    if (c.name.isEmpty() && !c.numbers.isEmpty())
        c.name = c.numbers.first().number.simplified();
    return c;
}

void ContactEditor::accept()
{
    const Contact c = contact();
    QString problem;
    if (c.name.isEmpty() && c.numbers.isEmpty())
        problem = tr("Enter a name or a number.");
    for (const phone::ContactNumber& n : c.numbers) {
        if (problem.isEmpty() && phone::normalizedNumber(n.number).isEmpty())
            problem = tr("\u201c%1\u201d is not a number: it has no digits or letters. Correct it or remove it.")
                          .arg(n.number);
    }
    if (!problem.isEmpty()) {
        m_error->setText(problem);
        m_error->show();
        return;
    }
    QDialog::accept();
}

QString ContactEditor::errorText() const
{
    return m_error->isVisibleTo(this) ? m_error->text() : QString();
}

} // namespace iax::ui
