#pragma once
// The end-to-end part of the encryption details dialog (docs/E2E.md): the call's four SAS words,
// what the mode protects (integrity, forward secrecy, the words against a man in the middle) and
// what still shows on the network (call numbers, sizes, timing, addresses). Empty for calls that are
// not end-to-end. GUI thread (tr()); pure text, no widgets.
#include "core/phone/call_snapshot.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace iax::ui {

class E2eDetailsSection {
    Q_DECLARE_TR_FUNCTIONS(iax::ui::E2eDetailsSection)
public:
    /// The section as rich text for the dialog's label ("" unless `details.mode` is "e2e").
    static QString html(const phone::EncryptionDetails& details);
    /// The same as plain text, one line per item ("" unless end-to-end).
    static QString plain(const phone::EncryptionDetails& details);

private:
    static QStringList protects();
    static QStringList stillShows();
};

} // namespace iax::ui
