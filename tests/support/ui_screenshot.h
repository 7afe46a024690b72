#pragma once
// Typing and screenshots shared by the widget tests that drive the dial field (tst_ui_dialing,
// tst_ui_contacts). GUI thread.
#include <QApplication>
#include <QLineEdit>
#include <QPainter>
#include <QPixmap>
#include <QTest>

namespace iax::test {

/// Types `text` as the user does: into the open popup when there is one (the completion list),
/// else into `field`.
inline void type(QLineEdit* field, const QString& text)
{
    field->setFocus();
    for (const QChar ch : text)
        QTest::keyClick(QApplication::activePopupWidget() ? QApplication::activePopupWidget() : field, ch.toLatin1());
}

/// With IAXPHONE_SCREENSHOT_DIR set, saves `window` as NAME.png with its popup `popup` (nullptr:
/// none) drawn where the screen shows it (a popup is a window of its own), for a person to look at.
inline void screenshot(QWidget* window, QWidget* popup, const char* name)
{
    const QString dir = qEnvironmentVariable("IAXPHONE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QTest::qWait(100);
    QPixmap shot = window->grab();
    if (popup && popup->isVisible()) {
        QPainter p(&shot);
        p.drawPixmap(window->mapFromGlobal(popup->pos()), popup->grab());
    }
    shot.save(QStringLiteral("%1/%2.png").arg(dir, QLatin1String(name)));
}

} // namespace iax::test
