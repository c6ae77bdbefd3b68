#pragma once
// Reading ahead what a start reads. On the appliance most of the kiosk's start-up is the GL
// stack being loaded (Mesa's driver and, under it, LLVM: about 100 MB), read from a cold disk
// page by page as the loader touches it. The kiosk remembers which files its last start mapped
// (rememberStartupFiles, in its state directory) and, at the next start, asks the kernel to read
// the ones not mapped yet on a helper thread (readAheadStartupFiles): the disk then works while
// SDL, the stores and the fonts use the CPU. Nothing else depends on it: a missing, stale or
// damaged list only means nothing, or something useless, is read ahead.

#include <future>
#include <string>
#include <vector>

namespace regiebord::ui {

/// The regular files under /usr and /lib in text in the form of /proc/<pid>/maps, each once, in
/// the order first seen.
std::vector<std::string> mappedFiles(const std::string& maps);

/// Starts reading ahead, smallest first, the files listed in `listPath` (one absolute path a
/// line, under /usr or /lib; at most 256 of them) that this process has not mapped yet; returns
/// at once. What cannot be read is passed over.
std::future<void> readAheadStartupFiles(const std::string& listPath);

/// Writes the files this process maps now (mappedFiles of /proc/self/maps) to `listPath` when
/// the list there differs: through a temporary file and a rename, so a power cut leaves the old
/// list or the new one. Returns "" or the reason.
std::string rememberStartupFiles(const std::string& listPath);

} // namespace regiebord::ui
