#include "private_file.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace regiebord {

namespace {

/// What errno says, e.g. "Permission denied"; unlike strerror, safe on any thread.
std::string errnoMessage() {
    return std::system_category().message(errno);
}

} // namespace

std::string writePrivateFile(const std::string& path, const std::string& content) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return errnoMessage();
    std::string problem;
    if (::fchmod(fd, 0600) != 0) problem = errnoMessage();
    std::size_t done = 0;
    while (problem.empty() && done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            problem = errnoMessage();
        else
            done += static_cast<std::size_t>(n);
    }
    if (problem.empty() && ::fsync(fd) != 0) problem = errnoMessage();
    if (::close(fd) != 0 && problem.empty()) problem = errnoMessage();
    if (!problem.empty()) ::unlink(path.c_str());
    return problem;
}

} // namespace regiebord
