#pragma once
// Secrets on disk (device tokens, the chair PIN's hash): files readable by
// their owner only, never briefly world-readable, and on disk when we return.

#include <string>

namespace regiebord {

/// Creates or replaces path with content: opened with mode 0600 (O_NOFOLLOW),
/// narrowed to 0600 if it existed, written, fsync'ed. Returns "" or the
/// reason (strerror); a file that could not be written whole is removed.
std::string writePrivateFile(const std::string& path, const std::string& content);

} // namespace regiebord
