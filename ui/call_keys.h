#pragma once
// What a key outside the window (media keys through MPRIS, a headset's telephony buttons) does to
// the calls: it acts as the call panel's buttons would — the call is selected and its Answer, Hang
// up, Mute or Hold button clicked — so it never does what the window would refuse. GUI thread.
#include "core/phone/call_snapshot.h"

#include <functional>

class QObject;

namespace iax::ui {

class MainWindow;

/// The first call of the window's list in `state` from `direction` (-1: either); -1 if none.
int findWindowCall(const MainWindow& window, phone::CallState state, int direction = -1);
/// Selects call `callId` and clicks the call panel's button `name` ("answerButton",
/// "hangupButton", "muteButton", "holdButton") when it is shown and enabled; false otherwise
/// (also for callId < 0), and then nothing happens.
bool clickCallButton(MainWindow& window, int callId, const char* name);

/// Calls `changed` (in `receiver`'s context) on every change of the window's call list: a call
/// added, removed, or any of its roles changed (state, mute…).
void onCallListChange(const MainWindow& window, QObject* receiver, std::function<void()> changed);

} // namespace iax::ui
