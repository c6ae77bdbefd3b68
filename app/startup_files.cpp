#include "startup_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

namespace regiebord::ui {

namespace {
constexpr std::size_t kMaxFiles = 256;
constexpr std::streamsize kMaxListBytes = 64 * 1024;
/// The kernel reads at most the device's readahead window (often 128 KiB) per WILLNEED; asked
/// in steps of that size, it queues the whole file.
constexpr off_t kReadAheadStep = 128 * 1024;

bool underSystemDirs(const std::string& path) {
    return path.rfind("/usr/", 0) == 0 || path.rfind("/lib", 0) == 0;
}

std::string readSmallFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    std::string text(static_cast<std::size_t>(kMaxListBytes), '\0');
    in.read(text.data(), kMaxListBytes);
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

std::string ownMaps() {
    std::ifstream in("/proc/self/maps");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}
} // namespace

std::vector<std::string> mappedFiles(const std::string& maps) {
    std::vector<std::string> files;
    std::set<std::string> seen;
    std::istringstream lines(maps);
    std::string line;
    while (std::getline(lines, line)) {
        // address perms offset dev inode [path]; the path may hold spaces.
        std::istringstream fields(line);
        std::string address, perms, offset, device, inode;
        if (!(fields >> address >> perms >> offset >> device >> inode) || inode == "0") continue;
        std::string path;
        std::getline(fields >> std::ws, path);
        if (path.empty() || path.front() != '/' || !underSystemDirs(path)) continue;
        if (path.size() > 10 && path.compare(path.size() - 10, 10, " (deleted)") == 0) continue;
        if (seen.insert(path).second) files.push_back(path);
    }
    return files;
}

std::future<void> readAheadStartupFiles(const std::string& listPath) {
    return std::async(std::launch::async, [listPath] {
        const std::string list = readSmallFile(listPath);
        if (list.empty()) return;
        const std::vector<std::string> mapped = mappedFiles(ownMaps());
        const std::set<std::string> loaded(mapped.begin(), mapped.end());
        std::vector<std::pair<off_t, int>> files; // size, descriptor
        std::istringstream lines(list);
        std::string path;
        while (std::getline(lines, path) && files.size() < kMaxFiles) {
            if (path.empty() || path.front() != '/' || !underSystemDirs(path) || loaded.count(path) != 0)
                continue;
            const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
            if (fd < 0) continue;
            struct stat st {};
            if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
                ::close(fd);
                continue;
            }
            files.emplace_back(st.st_size, fd);
        }
        // Smallest first: the small libraries the loader needs first are not queued behind LLVM.
        std::sort(files.begin(), files.end());
        for (const auto& [size, fd] : files) {
            for (off_t at = 0; at < size; at += kReadAheadStep)
                if (::posix_fadvise(fd, at, kReadAheadStep, POSIX_FADV_WILLNEED) != 0) break;
            ::close(fd);
        }
    });
}

std::string rememberStartupFiles(const std::string& listPath) {
    std::string text;
    for (const std::string& file : mappedFiles(ownMaps()))
        text += file + "\n";
    if (text.empty()) return "no files mapped (is /proc mounted?)";
    if (readSmallFile(listPath) == text) return {};
    const std::string temporary = listPath + ".new";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) return "cannot write " + temporary + ": " + std::strerror(errno);
    }
    if (std::rename(temporary.c_str(), listPath.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        std::remove(temporary.c_str());
        return "cannot rename " + temporary + ": " + reason;
    }
    return {};
}

} // namespace regiebord::ui
