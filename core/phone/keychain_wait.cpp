#include "core/phone/keychain_wait.h"

#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace iax::phone {

KeychainWaitResult waitForKeychain(
    const std::function<void(std::function<void()> done)>& start, const KeychainWaitLimits& limits,
    KeychainWaitNotice* notice)
{
    // Shared with `done` and `giveUp`, which may outlive this call: after it returns they only
    // find `loop` null.
    struct State {
        QEventLoop* loop = nullptr;
        bool answered = false;
        bool gaveUp = false;
    };
    auto state = std::make_shared<State>();
    start([state] {
        state->answered = true;
        if (state->loop)
            state->loop->quit();
    });
    if (state->answered)
        return { KeychainWaitEnd::Answered, false };

    QEventLoop loop;
    state->loop = &loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    deadline.start(std::max(limits.timeoutMs, 0));
    QTimer noticeTimer;
    bool shown = false;
    if (notice && limits.noticeAfterMs < limits.timeoutMs) {
        noticeTimer.setSingleShot(true);
        QObject::connect(&noticeTimer, &QTimer::timeout, &loop, [&] {
            if (state->answered)
                return;
            shown = true;
            deadline.start(std::max(limits.patientTimeoutMs - limits.noticeAfterMs, 0));
            notice->show([state] {
                state->gaveUp = true;
                if (state->loop)
                    state->loop->quit();
            });
        });
        noticeTimer.start(std::max(limits.noticeAfterMs, 0));
    }
    while (!state->answered && !state->gaveUp && deadline.isActive())
        loop.exec();
    state->loop = nullptr;
    if (shown)
        notice->hide();
    if (state->answered)
        return { KeychainWaitEnd::Answered, shown };
    return { state->gaveUp ? KeychainWaitEnd::GaveUp : KeychainWaitEnd::TimedOut, shown };
}

} // namespace iax::phone
