#include "ui/security_banner.h"

#include <QMessageBox>

namespace iax::ui {

SecurityBanner::SecurityBanner(QWidget* parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("securityBanner"));
    setWordWrap(true);
    setTextFormat(Qt::RichText);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    setStyleSheet(QStringLiteral("QLabel { color: #ffffff; background: #b42318; border-radius: 8px;"
                                 " padding: 8px 12px; font-weight: bold; }"));
    hide();
    connect(this, &QLabel::linkActivated, this, [this](const QString& link) {
        if (link == QLatin1String("dismiss")) {
            m_warnings.clear();
            hide();
        }
    });
}

void SecurityBanner::addWarning(const QString& text, const QString& message, QWidget* window)
{
    m_warnings << text;
    QString html;
    for (const QString& w : std::as_const(m_warnings))
        html += QStringLiteral("<p>%1</p>").arg(w.toHtmlEscaped());
    html += QStringLiteral("<p><a href='dismiss' style='color:#ffffff'>%1</a></p>").arg(tr("Dismiss").toHtmlEscaped());
    setText(html);
    setToolTip(tr("Check the key with the peer by another channel before trusting a new one; "
                  "to accept it, remove the old key under Settings → Trusted keys."));
    show();
    if (!m_box) {
        m_box = new QMessageBox(QMessageBox::Warning, tr("Security warning"), QString(), QMessageBox::Ok, window);
        m_box->setObjectName(QStringLiteral("securityWarningBox"));
        m_box->setAttribute(Qt::WA_DeleteOnClose);
        m_box->setWindowModality(Qt::NonModal);
    }
    m_box->setText(message);
    m_box->setInformativeText(toolTip());
    m_box->show();
}

} // namespace iax::ui
