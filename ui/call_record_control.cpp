#include "ui/call_record_control.h"

#include "core/phone/call_recording.h"
#include "core/phone/phone_controller.h"
#include "ui/call_list_model.h"
#include "ui/call_model_watch.h"

#include <QDateTime>
#include <QLabel>
#include <QPainter>

namespace iax::ui {

namespace {

/// A red dot (the universal record symbol), `size` logical px.
QIcon recordIcon(int size, qreal dpr)
{
    QPixmap pm(QSize(size, size) * dpr);
    pm.setDevicePixelRatio(dpr);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0xd6, 0x45, 0x41));
    p.drawEllipse(QRectF(size * 0.2, size * 0.2, size * 0.6, size * 0.6));
    return QIcon(pm);
}

} // namespace

CallRecordControl::CallRecordControl(PhoneController* controller, QWidget* markParent, QWidget* parent)
    : QToolButton(parent)
    , m_controller(controller)
    , m_mark(new QLabel(tr("● REC"), markParent))
{
    setObjectName(QStringLiteral("recordButton"));
    setCheckable(true);
    setMinimumHeight(34);
    setCursor(Qt::PointingHandCursor);
    setIcon(recordIcon(18, devicePixelRatioF()));
    setIconSize(QSize(18, 18));
    setAccessibleName(tr("Record call"));
    setStyleSheet(QStringLiteral("QToolButton { background: #ffffff; border: 1px solid #d6dce4; border-radius: 8px;"
                                 " padding: 6px 8px; } QToolButton:hover { background: #eef3fb; }"
                                 " QToolButton:checked { background: #fdecec; border-color: #d64541; }"));
    m_mark->setObjectName(QStringLiteral("recordingIndicator"));
    m_mark->setAccessibleName(tr("Recording"));
    m_mark->setStyleSheet(QStringLiteral("QLabel { color: #ffffff; background: #d64541; font-weight: 700;"
                                         " border-radius: 6px; padding: 2px 8px; }"));
    m_mark->hide();
    connect(this, &QToolButton::clicked, this, &CallRecordControl::toggle);
    hide();
}

void CallRecordControl::setCall(const CallListModel* model, int callId)
{
    m_model = model;
    m_callId = callId;
    watchCallModel(
        m_model, this, [this] { refresh(); }, m_connections);
    refresh();
}

bool CallRecordControl::recordingShown() const
{
    return !isHidden() && !m_mark->isHidden();
}

void CallRecordControl::toggle(bool on)
{
    const CallSnapshot* c = m_model ? m_model->snapshot(m_callId) : nullptr;
    if (!c)
        return;
    m_controller->setRecording(
        m_callId, on ? phone::recordingPath(m_folder, c->number, QDateTime::currentDateTimeUtc(), m_opus) : QString());
    refresh(); // the toggle shows the snapshot's state until the controller confirms
}

void CallRecordControl::refresh()
{
    const CallSnapshot* c = m_model ? m_model->snapshot(m_callId) : nullptr;
    const bool live = c && (c->state == CallState::Answered || c->state == CallState::Held);
    const bool recording = live && !c->recordingFile.isEmpty();
    setVisible(live);
    m_mark->setVisible(recording);
    setChecked(recording);
    const QString what = recording ? tr("Stop recording this call") : tr("Record this call to a WAV file");
    const QString keys = property("shortcutText").toString(); // CallMenu's
    setToolTip(keys.isEmpty() ? what : QStringLiteral("%1 (%2)").arg(what, keys));
    setAccessibleDescription(what);
    m_mark->setToolTip(recording ? tr("Recording to %1").arg(c->recordingFile) : QString());
}

} // namespace iax::ui
