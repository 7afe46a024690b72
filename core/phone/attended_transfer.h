#pragma once
// Attended transfer as IAXPhone does it (issue 18). Asterisk refuses IAX2's native transfer
// (TXREQ, the two legs joined at the media level) on encrypted calls, so: the first call is put on
// hold, a consult call goes to the target, and "Complete" hangs the consult call up and sends the
// blind TRANSFER of the first call to the consulted number (the PBX then rings the target with
// the transferee). The steps are values the front end carries out with its PhoneController; the
// plan reads only call ids and states. No Qt objects, no I/O, no clock: GUI thread (or a test).
#include "core/phone/call_snapshot.h"

#include <QString>

#include <vector>

namespace iax::phone {

class AttendedTransfer {
public:
    /// Where the transfer stands: Idle (none), Consulting (the consult call exists; the first is
    /// held), Completed (the TRANSFER of the first call was asked for).
    enum class Stage { Idle, Consulting, Completed };

    /// One command for the front end to carry out, in order.
    struct Step {
        enum class Kind { Hold, Unhold, Dial, HangUp, Transfer };
        Kind kind;
        int call = -1; ///< the call it is about (-1 for Dial)
        QString number; ///< Dial and Transfer: the consulted number

        friend bool operator==(const Step&, const Step&) = default;
    };
    using Steps = std::vector<Step>;

    /// Starts consulting `number` from call `first` in `firstState`: Hold(first) unless it is held
    /// already, then Dial(number). Empty with a sentence in *why when a transfer runs already, the
    /// first call is not answered or held, or `number` is empty.
    Steps start(int first, CallState firstState, const QString& number, QString* why);
    /// The consult call's id once dialled; -1 when the dial was refused (back to Idle: the first
    /// call stays on hold, the user resumes it).
    void consultPlaced(int consultCall);
    /// A call changed state. The consult call ending, or the first call ending (the transferee
    /// hung up), ends the consultation (Idle); nothing is sent for it.
    void update(int callId, CallState state);
    /// True while consulting with the consult call ringing or answered (the PBX knows the target).
    bool canComplete() const;
    /// Completes: HangUp(consult), then Transfer(first, number). Empty with *why when !canComplete().
    Steps complete(QString* why);
    /// Gives up: HangUp(consult), Unhold(first). Empty when not consulting.
    Steps cancel();

    Stage stage() const { return m_stage; }
    int firstCall() const { return m_first; }
    int consultCall() const { return m_consult; }
    QString number() const { return m_number; }

private:
    void reset();

    Stage m_stage = Stage::Idle;
    int m_first = -1;
    int m_consult = -1;
    CallState m_consultState = CallState::Calling;
    QString m_number;
};

} // namespace iax::phone
