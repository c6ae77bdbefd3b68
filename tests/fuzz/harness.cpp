#include "harness.hpp"

#include "text.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace regiebord::fuzz {

namespace fs = std::filesystem;

void fail(std::string_view what) {
    std::fprintf(stderr, "fuzz invariant broken: %.*s\n", static_cast<int>(what.size()), what.data());
    std::fflush(stderr);
    __builtin_trap();
}

void requireUtf8(std::string_view text, std::string_view what) {
    if (!isValidUtf8(text)) fail(std::string(what) + " is not valid UTF-8: " + validUtf8(text));
}

namespace {

class ScratchDir {
public:
    ScratchDir() {
        std::error_code ec;
        const fs::path base = fs::is_directory("/dev/shm", ec) && ::access("/dev/shm", W_OK) == 0
                                  ? fs::path("/dev/shm")
                                  : fs::temp_directory_path();
        std::string pattern = (base / "regiebord-fuzz-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) fail("cannot create a scratch directory under " + base.string());
        m_path = pattern;
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

} // namespace

const std::string& scratchDir() {
    static const ScratchDir dir;
    return dir.path();
}

void writeFile(const std::string& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) fail("cannot write " + path);
}

void clearDir(const std::string& dir) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        fs::remove_all(entry.path(), ec);
}

} // namespace regiebord::fuzz
