#pragma once
// The kiosk's log: one line per event on stderr. Under systemd, stderr is the
// journal (JOURNAL_STREAM is set): lines then carry a "<N>" syslog priority
// prefix so `journalctl -p warning` finds the problems. The kiosk writes no log
// files of its own (they would wear out the SD card).

#include <string>

namespace regiebord::ui {

enum class LogLevel { Error = 3, Warning = 4, Notice = 5, Info = 6 };

/// Writes one line. Outside the journal it starts with "regiebord: " (and
/// "WARNING: " / "ERROR: " where that applies) so a terminal reads the same facts.
void logLine(LogLevel level, const std::string& message);

/// printf-style convenience.
[[gnu::format(printf, 2, 3)]] void logf(LogLevel level, const char* format, ...);

/// True when stderr is connected to the systemd journal.
bool loggingToJournal();

} // namespace regiebord::ui
