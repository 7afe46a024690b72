#pragma once
// The main window's handling of iax2: links (issue 16): a URI typed into the dial field calls at
// once; a link from a browser, the command line or a second instance fills the dial field and asks
// first, unless the user allowed links to dial directly (GeneralSettings::dialLinksDirectly).
// GUI thread.
#include "core/phone/link_request.h"
#include "ui/phone_names.h"

#include <QMessageBox>
#include <QObject>
#include <QPointer>

#include <optional>

namespace iax::ui {

class AccountBar;
class MainWindow;

class LinkOpener : public QObject {
    Q_OBJECT
public:
    /// Works on `window` and its account bar `accounts` (both outlive the opener).
    LinkOpener(MainWindow* window, AccountBar* accounts);

    /// MainWindow::openUri: fills the dial field from `uri` and dials at once.
    bool openUri(const QString& uri);
    /// MainWindow::openLink: fills the dial field from `uri` and asks before dialling.
    bool openLink(const QString& uri);
    /// The open link confirmation (nullptr when none).
    QMessageBox* confirmation() const { return m_box; }

private:
    /// Resolves a link, selects its account and fills the dial field; nullopt with a status message.
    std::optional<LinkRequest> fill(const QString& uri);

    MainWindow* m_window;
    AccountBar* m_accounts;
    QPointer<QMessageBox> m_box;
};

} // namespace iax::ui
