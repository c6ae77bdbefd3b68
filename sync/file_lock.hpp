#pragma once
// An advisory lock on a file next to a database (flock(2)): held shared by every
// user of the outbox while it is open, and taken exclusively (without waiting)
// by the check that may move the outbox aside, so that the check never judges,
// let alone moves, files another connection is writing. flock locks belong to
// the open file, so two users in one process exclude each other too.

#include <string>

namespace regiebord {

class FileLock {
public:
    enum class Mode { Shared, ExclusiveIfFree };
    /// Opens (creating) path and locks it; Shared waits for an exclusive holder to finish.
    FileLock(const std::string& path, Mode mode);
    FileLock(FileLock&& other) noexcept;
    FileLock& operator=(FileLock&&) = delete;
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;
    ~FileLock();
    /// False when the lock could not be had (ExclusiveIfFree: someone holds it; or the
    /// file could not be opened: a read-only directory, where nothing is moved anyway).
    bool held() const { return m_held; }

private:
    int m_fd = -1;
    bool m_held = false;
};

} // namespace regiebord
