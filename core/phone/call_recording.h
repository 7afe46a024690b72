#pragma once
// Where call recordings go and what their files are called. Pure; any thread.
#include <QDateTime>
#include <QString>

namespace iax::phone {

/// The recordings folder when the user chose none: "IAXPhone recordings" in the user's music
/// folder (the home folder when the system names none).
QString defaultRecordingsFolder();

/// The file for a recording of a call with `number` started at `startUtc` in `folder` ("" =
/// defaultRecordingsFolder()): "<folder>/2026-12-05_09-30-00_<number>.wav" (".opus" with `opus`:
/// the recorder writes Ogg Opus), local time, the number reduced to characters every file system
/// accepts (others become "_"; none at all: "call").
QString recordingPath(const QString& folder, const QString& number, const QDateTime& startUtc, bool opus = false);

} // namespace iax::phone
