#include "core/phone/call_transfer.h"

#include <QCoreApplication>

namespace iax::phone {

namespace {
QString tr(const char* s)
{
    // The context lupdate gives a namespace-level tr("…") here (tst_translations checks it).
    return QCoreApplication::translate("iax::phone", s);
}
} // namespace

TransferProgress transferRequested(const QString& target)
{
    return TransferProgress { TransferState::Requested, target, {} };
}

TransferProgress transferEnded(const TransferProgress& p, core::CallState state, const core::CallEnd& end, bool byUs)
{
    if (p.state != TransferState::Requested)
        return p;
    TransferProgress r = p;
    if (state == core::CallState::HungUp && !byUs) {
        r.state = TransferState::Done;
        r.reason = tr("the PBX took the transfer and hung up our leg");
        return r;
    }
    r.state = TransferState::Failed;
    if (byUs)
        r.reason = tr("the call was hung up here before the PBX took the transfer");
    else
        r.reason = end.reason.empty() ? tr("the call ended before the PBX took the transfer")
                                      : QString::fromStdString(end.reason);
    return r;
}

TransferProgress transferTimedOut(const TransferProgress& p)
{
    if (p.state != TransferState::Requested)
        return p;
    TransferProgress r = p;
    r.state = TransferState::Failed;
    r.reason = tr("the PBX did not take the transfer: our leg was not hung up within %1 s (Asterisk refuses "
                  "silently, e.g. when nobody is bridged to us)")
                   .arg(kTransferWaitMs / 1000);
    return r;
}

TransferProgress transferRefused(const QString& target, const QString& why)
{
    return TransferProgress { TransferState::Failed, target, why };
}

QString transferStateName(TransferState s)
{
    switch (s) {
    case TransferState::None:
        break;
    case TransferState::Requested:
        return QStringLiteral("requested");
    case TransferState::Done:
        return QStringLiteral("done");
    case TransferState::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

} // namespace iax::phone
