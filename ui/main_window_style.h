#pragma once
// The look shared by the main window's parts: the white rounded "card" frames. GUI thread.
#include <QFrame>

namespace iax::ui {

/// Gives `frame` the object name `name` and the card look (white, light border, rounded).
inline void styleAsCard(QFrame* frame, const char* name)
{
    frame->setObjectName(QLatin1String(name));
    frame->setStyleSheet(
        QStringLiteral("QFrame#%1 { background: #ffffff; border: 1px solid #dde2e8; border-radius: 10px; }")
            .arg(QLatin1String(name)));
}

} // namespace iax::ui
