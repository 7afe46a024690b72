#include "ui/calls_card.h"

#include "ui/call_item_delegate.h"
#include "ui/call_list_model.h"
#include "ui/call_panel.h"
#include "ui/main_window_style.h"
#include "ui/panel_scroll_area.h"
#include "ui/recent_calls_list.h"

#include <QLabel>
#include <QListView>
#include <QVBoxLayout>

namespace iax::ui {

namespace {

/// A list that asks the layout only for its minimum height: when the window is short the call
/// panel gets its height first and the lists give way; when it is tall they share what is left.
template<typename List> class Compact : public List {
public:
    using List::List;
    QSize sizeHint() const override { return { List::sizeHint().width(), List::minimumHeight() }; }
};

} // namespace

CallsCard::CallsCard(PhoneController* controller, CallListModel* model, CallHistory* history,
    AudioDeviceProvider* devices, QWidget* parent)
    : QFrame(parent)
    , m_model(model)
{
    styleAsCard(this, "callsCard");
    auto* callsTitle = new QLabel(tr("Calls"));
    callsTitle->setStyleSheet(QStringLiteral("font-weight: 700; color: #1f2937; font-size: 14px;"));
    m_view = new Compact<QListView>;
    m_view->setObjectName(QStringLiteral("callList"));
    m_view->setAccessibleName(tr("Calls"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new CallItemDelegate(m_view));
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // the rows elide
    m_view->setStyleSheet(QStringLiteral("QListView { background: transparent; }"));
    m_view->setMinimumHeight(CallItemDelegate::rowHeight(m_view->fontMetrics(), true)); // one call
    m_panel = new CallPanel(controller, m_model, devices);
    auto* line = new QFrame;
    line->setFrameShape(QFrame::HLine);
    line->setStyleSheet(QStringLiteral("color: #e5e9ee;"));
    auto* col = new QVBoxLayout(this);
    col->setContentsMargins(12, 12, 12, 6);
    col->addWidget(callsTitle);
    col->addWidget(m_view, 3);
    if (history) {
        auto* recentTitle = new QLabel(tr("Recent calls"));
        recentTitle->setStyleSheet(QStringLiteral("font-weight: 700; color: #1f2937; font-size: 13px;"));
        auto* recent = new Compact<RecentCallsList>(history);
        recent->setMinimumHeight(2 * recent->fontMetrics().height() + 16); // one entry and a bit
        col->addWidget(recentTitle);
        col->addWidget(recent, 2);
        connect(recent, &RecentCallsList::redialRequested, this, &CallsCard::redialRequested);
    }
    col->addWidget(line);
    auto* panelArea = new PanelScrollArea(m_panel); // scrolls rather than make the window taller
    col->addWidget(panelArea);
    connect(m_panel, &CallPanel::contentChanged, panelArea, &PanelScrollArea::refit, Qt::QueuedConnection);

    connect(m_panel, &CallPanel::dismissRequested, m_model, &CallListModel::dismissCall);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
        const QModelIndex idx = m_view->currentIndex();
        m_panel->setCall(idx.isValid() ? idx.data(CallListModel::CallIdRole).toInt() : -1);
    });
}

void CallsCard::selectCall(int callId)
{
    const int row = m_model->rowOf(callId);
    if (row >= 0)
        m_view->setCurrentIndex(m_model->index(row));
}

} // namespace iax::ui
