#pragma once
// How many playback frames a sound card needs queued in front of it (issue 19): the rule behind
// PortAudioDevice::suggestedPlayoutFrames(), kept apart so the latency benchmark models a card
// with the same rule the device uses. Pure; any thread.

namespace iax::audio {

/// Ring frames (of `frameMs`) to keep queued for a device that takes `blockMs` of audio at a time
/// while the media thread refills its ring every `tickMs`: every block the device can take before
/// the next refill, which may come up to half a tick late — ceil(1.5 tick / block) blocks — in
/// whole frames. So a block longer than the tick needs only itself (a refill comes within its
/// period), a short one about 1.5 ticks. At least 2, at most 80 ms of frames; `blockMs` <= 0
/// counts as 1 ms.
int playoutFramesFor(double blockMs, int tickMs, int frameMs);

} // namespace iax::audio
