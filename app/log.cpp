#include "log.hpp"

#include "text.hpp"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>

namespace regiebord::ui {

bool loggingToJournal() {
    // systemd sets JOURNAL_STREAM to "device:inode" of the stream it connected;
    // it only counts when stderr is still that stream (not redirected since).
    static const bool journal = [] {
        const char* stream = std::getenv("JOURNAL_STREAM");
        if (!stream) return false;
        unsigned long long dev = 0, ino = 0;
        if (std::sscanf(stream, "%llu:%llu", &dev, &ino) != 2) return false;
        struct stat st {};
        if (fstat(STDERR_FILENO, &st) != 0) return false;
        return st.st_dev == dev && st.st_ino == ino;
    }();
    return journal;
}

void logLine(LogLevel level, const std::string& text) {
    // One journal line of valid UTF-8: text quoting foreign bytes can hold neither a newline
    // (a forged line) nor a broken character.
    const std::string message = oneLine(text, 4000);
    if (loggingToJournal()) {
        std::fprintf(stderr, "<%d>%s\n", static_cast<int>(level), message.c_str());
    } else {
        const char* tag = level == LogLevel::Error     ? "ERROR: "
                          : level == LogLevel::Warning ? "WARNING: "
                                                       : "";
        std::fprintf(stderr, "regiebord: %s%s\n", tag, message.c_str());
    }
    std::fflush(stderr);
}

void logf(LogLevel level, const char* format, ...) {
    char buffer[1024];
    va_list args;
    va_start(args, format);
    std::vsnprintf(buffer, sizeof buffer, format, args);
    va_end(args);
    logLine(level, buffer);
}

} // namespace regiebord::ui
