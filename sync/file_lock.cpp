#include "file_lock.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace regiebord {

FileLock::FileLock(const std::string& path, Mode mode) {
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (m_fd < 0) return;
    const int operation = mode == Mode::Shared ? LOCK_SH : LOCK_EX | LOCK_NB;
    int rc = 0;
    do {
        rc = ::flock(m_fd, operation);
    } while (rc != 0 && errno == EINTR);
    m_held = rc == 0;
}

FileLock::FileLock(FileLock&& other) noexcept : m_fd(other.m_fd), m_held(other.m_held) {
    other.m_fd = -1;
    other.m_held = false;
}

FileLock::~FileLock() {
    if (m_fd >= 0) ::close(m_fd); // releases the lock
}

} // namespace regiebord
