#pragma once
// The red security banner above the main window: every security warning (a key server refusing a
// changed key …) since the user last dismissed it, with a "Dismiss" link, and a non-modal message
// box with the newest one. GUI thread.
#include <QLabel>
#include <QPointer>
#include <QStringList>

class QMessageBox;

namespace iax::ui {

class SecurityBanner : public QLabel {
    Q_OBJECT
public:
    explicit SecurityBanner(QWidget* parent = nullptr);

    /// Adds `text` (already prefixed "SECURITY WARNING: ") to the banner, shows it, and shows
    /// `message` in the message box (opened once, parented to `window`).
    void addWarning(const QString& text, const QString& message, QWidget* window);
    /// The warnings shown now, oldest first (empty after Dismiss).
    const QStringList& warnings() const { return m_warnings; }

private:
    QStringList m_warnings;
    QPointer<QMessageBox> m_box;
};

} // namespace iax::ui
