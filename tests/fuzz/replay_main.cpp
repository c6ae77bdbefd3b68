// The replay driver of the normal build (GCC, no libFuzzer): runs every file of the
// corpus directories (or the files) named on the command line once through the target's
// LLVMFuzzerTestOneInput, so ctest checks each target against its corpus in seconds.
// Each input is copied into a buffer of exactly its size, so a sanitizer build
// (REGIEBORD_SANITIZE) sees a read past its end. A crash or broken invariant ends the
// process; the input's name is printed before it runs.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> inputsOf(const fs::path& arg) {
    std::vector<fs::path> files;
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
        for (const auto& entry : fs::directory_iterator(arg, ec))
            if (entry.is_regular_file(ec)) files.push_back(entry.path());
        std::sort(files.begin(), files.end());
    } else if (fs::is_regular_file(arg, ec)) {
        files.push_back(arg);
    }
    return files;
}

bool runOne(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return false;
    const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    auto exact = std::make_unique<std::uint8_t[]>(bytes.size()); // never null, also for 0 bytes
    std::copy(bytes.begin(), bytes.end(), exact.get());
    std::fprintf(stderr, "replay: %s (%zu bytes)\n", file.c_str(), bytes.size());
    LLVMFuzzerTestOneInput(exact.get(), bytes.size());
    return true;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
        return 2;
    }
    const auto start = std::chrono::steady_clock::now();
    std::size_t count = 0;
    for (int i = 1; i < argc; ++i) {
        const auto files = inputsOf(argv[i]);
        if (files.empty()) {
            std::fprintf(stderr, "%s: no inputs in %s\n", argv[0], argv[i]);
            return 1;
        }
        for (const auto& file : files) {
            if (!runOne(file)) {
                std::fprintf(stderr, "%s: cannot read %s\n", argv[0], file.c_str());
                return 1;
            }
            ++count;
        }
    }
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
            .count();
    std::printf("%s: %zu inputs replayed in %lld ms\n", fs::path(argv[0]).filename().c_str(), count,
                static_cast<long long>(ms));
    return 0;
}
