#include "ui/e2e_trust_keeper.h"

#include "core/phone/e2e_trust.h"
#include "ui/call_list_model.h"
#include "ui/call_panel.h"

namespace iax::ui {

E2eTrustKeeper::E2eTrustKeeper(
    phone::Settings& settings, phone::SettingsStore* store, CallListModel* model, CallPanel* panel, QObject* parent)
    : QObject(parent)
    , m_settings(settings)
    , m_store(store)
    , m_model(model)
{
    m_model->setE2eTrust([this](const phone::CallSnapshot& c) {
        if (c.encryption != phone::EncryptionState::Encrypted && !c.everEncrypted)
            return phone::E2eTrustStatus::None;
        return phone::e2eTrustStatus(
            m_settings.e2ePeers, c.accountId, peerOf(c), c.details.mode, c.details.peerIdentity);
    });
    connect(m_model, &CallListModel::callChanged, this, [this](const phone::CallSnapshot& c, bool) {
        if (c.encryption == phone::EncryptionState::Encrypted && c.details.mode == QLatin1String("e2e")
            && phone::noteE2ePeer(m_settings.e2ePeers, c.accountId, peerOf(c), false))
            changed(); // seen in the mode: a later call without it is a downgrade
    });
    connect(panel, &CallPanel::wordsConfirmed, this, &E2eTrustKeeper::confirm);
}

QString E2eTrustKeeper::peerOf(const phone::CallSnapshot& call) const
{
    const phone::AccountSettings* a = m_settings.account(call.accountId);
    return phone::e2ePeerOf(call, a ? a->host : QString());
}

void E2eTrustKeeper::confirm(int callId)
{
    const phone::CallSnapshot* c = m_model->snapshot(callId);
    if (c && c->details.mode == QLatin1String("e2e")
        && phone::noteE2ePeer(m_settings.e2ePeers, c->accountId, peerOf(*c), true, c->details.peerIdentity))
        changed();
}

void E2eTrustKeeper::changed()
{
    if (m_store) {
        QString error; // a failed save keeps the list for this session; the next change tries again
        m_store->save(m_settings, &error);
    }
    m_model->refreshE2eTrust();
}

} // namespace iax::ui
