#pragma once
// One page of the SettingsDialog. Pages edit a copy: load() fills the widgets from settings,
// save() writes the widgets back into a Settings value (never applying anything itself).
// GUI thread.
#include "core/phone/settings.h"
#include "ui/phone_names.h"

#include <QIcon>
#include <QWidget>

namespace iax::ui {

class SettingsPage : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;
    /// Title in the dialog's page list.
    virtual QString title() const = 0;
    /// Icon in the dialog's page list (may be null).
    virtual QIcon icon() const { return {}; }
    /// Shows the values of `settings`.
    virtual void load(const Settings& settings) = 0;
    /// Writes the shown values into `settings` (only the fields this page owns).
    virtual void save(Settings& settings) = 0;
};

} // namespace iax::ui
