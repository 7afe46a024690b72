#include "ui/encryption_indicator.h"

#include "ui/call_list_model.h"
#include "ui/call_model_watch.h"
#include "ui/encryption_details_dialog.h"
#include "ui/encryption_presentation.h"
#include "ui/icons.h"

#include <QPainter>
#include <QTransform>

namespace iax::ui {

EncryptionIndicator::EncryptionIndicator(QWidget* parent)
    : QToolButton(parent)
{
    setObjectName(QStringLiteral("encryptionIndicator"));
    setAccessibleName(tr("Call encryption")); // refresh() names the state
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    setIconSize(QSize(20, 20));
    setAutoRaise(true);
    setCursor(Qt::PointingHandCursor);
    m_spinner.setInterval(80);
    connect(&m_spinner, &QTimer::timeout, this, &EncryptionIndicator::spin);
    connect(this, &QToolButton::clicked, this, [this] { showDetails(); });
    hide();
}

void EncryptionIndicator::setCall(const CallListModel* model, int callId)
{
    m_model = model;
    m_callId = callId;
    watchCallModel(m_model, this, [this] { refresh(); }, m_connections);
    refresh();
}

void EncryptionIndicator::refresh()
{
    const int row = m_model ? m_model->rowOf(m_callId) : -1;
    if (row < 0) {
        m_spinner.stop();
        if (m_dialog)
            m_dialog->close();
        hide();
        return;
    }
    const QModelIndex idx = m_model->index(row);
    // The padlock reads the encryption role and nothing else.
    m_state = EncryptionState(idx.data(CallListModel::EncryptionStateRole).toInt());
    m_details = idx.data(CallListModel::EncryptionDetailsRole).value<EncryptionDetails>();
    const EncryptionLook look = EncryptionPresentation::lookFor(m_state, m_details);
    m_iconName = look.iconName;
    setText(look.text);
    setToolTip(look.toolTip);
    setAccessibleName(look.text);
    const QColor bg = QColor(look.color.red(), look.color.green(), look.color.blue(), 28);
    setStyleSheet(QStringLiteral("QToolButton { color: %1; font-weight: 600; background: rgba(%2,%3,%4,%5);"
                                 " border: 1px solid rgba(%2,%3,%4,90); border-radius: 12px; padding: 3px 10px; }"
                                 "QToolButton:hover { background: rgba(%2,%3,%4,60); }")
            .arg(look.color.name())
            .arg(bg.red())
            .arg(bg.green())
            .arg(bg.blue())
            .arg(bg.alpha()));
    m_angle = 0;
    setIcon(Icons::icon(m_iconName));
    if (m_state == EncryptionState::Negotiating)
        m_spinner.start();
    else
        m_spinner.stop();
    if (m_dialog)
        m_dialog->setValues(m_state, m_details, idx.data(CallListModel::NumberRole).toString());
    show();
}

void EncryptionIndicator::spin()
{
    m_angle = (m_angle + 30) % 360;
    const qreal dpr = devicePixelRatioF();
    const int s = iconSize().width();
    QPixmap base = Icons::pixmap(m_iconName, s, dpr);
    QPixmap out(base.size());
    out.fill(Qt::transparent);
    out.setDevicePixelRatio(dpr);
    QPainter p(&out);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.translate(s / 2.0, s / 2.0);
    p.rotate(m_angle);
    p.translate(-s / 2.0, -s / 2.0);
    p.drawPixmap(0, 0, base);
    p.end();
    setIcon(QIcon(out));
}

EncryptionDetailsDialog* EncryptionIndicator::showDetails()
{
    const int row = m_model ? m_model->rowOf(m_callId) : -1;
    if (row < 0)
        return nullptr;
    const QString number = m_model->index(row).data(CallListModel::NumberRole).toString();
    if (!m_dialog) {
        m_dialog = new EncryptionDetailsDialog(m_state, m_details, number, window());
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_dialog->open();
    m_dialog->raise();
    return m_dialog;
}

} // namespace iax::ui
