#pragma once
// The start-up self-check written to the journal: what IT needs to see when a
// room's screen misbehaves. Display (driver, renderer, resolution), touch
// device, the cache's and outbox's PRAGMA quick_check, and free disk space.

#include <cstdint>
#include <string>
#include <vector>

#include "log.hpp"
#include "sync_engine.hpp"

namespace regiebord::ui {

struct CheckLine {
    LogLevel level;
    std::string text;
};

/// Touch devices SDL found (call after the display is open). None: a loud warning.
std::vector<CheckLine> checkTouch();

/// What the sync engine found when it opened the cache and the outbox. A damaged
/// cache is only a copy of the hub's data: it was moved aside (<name>.damaged) and
/// is refilled. A damaged outbox may hold decisions not yet delivered: it was set
/// aside byte for byte (outbox.db.damaged-<time>/) for `regiebord --salvage-outbox`,
/// an error for IT; the kiosk runs on with a new outbox.
std::vector<CheckLine> checkStorage(const StoreReport& report, const std::string& cachePath,
                                    const std::string& outboxPath);

/// Free space where the state lives; a warning below minFreeBytes.
std::vector<CheckLine> checkDisk(const std::string& stateDir, std::uint64_t minFreeBytes = 64ull << 20);

} // namespace regiebord::ui
