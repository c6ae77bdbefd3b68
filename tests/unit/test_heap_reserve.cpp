// HeapReserve: the pages it faulted in serve the next large allocation.
// PageWarmer: the pages it wrote are written again without faults, and it stops when told.

#include "heap_reserve.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <sys/mman.h>
#include <sys/resource.h>
#include <thread>

using namespace regiebord::ui;

namespace {
long minorFaults() {
    rusage usage{};
    getrusage(RUSAGE_THREAD, &usage);
    return usage.ru_minflt;
}

/// Page faults taken while allocating and zeroing `bytes` (as SDL does for a texture).
long faultsOfAllocation(std::size_t bytes) {
    const long before = minorFaults();
    auto* block = static_cast<volatile unsigned char*>(std::malloc(bytes));
    REQUIRE(block != nullptr);
    for (std::size_t i = 0; i < bytes; i += 4096)
        block[i] = 1;
    const long faults = minorFaults() - before;
    std::free(const_cast<unsigned char*>(block));
    return faults;
}
} // namespace

TEST_CASE("a large allocation after a heap reserve takes no page faults", "[startup][memory]") {
    constexpr std::size_t kTexture = 6U << 20; // the font texture's size at 1080p, about
    const long without = faultsOfAllocation(kTexture);
    CHECK(without > 1000); // fresh pages: one fault each (the check that this test can fail)

    HeapReserve reserve(kTexture + (256U << 10));
    reserve.faultIn();
    reserve.release();
    const long with = faultsOfAllocation(kTexture);
    reserve.done();
    CHECK(with < 100);
}

TEST_CASE("a heap reserve released before it faulted in does nothing", "[startup][memory]") {
    HeapReserve reserve(1U << 20);
    reserve.release();
    reserve.faultIn(); // too late: nothing is allocated
    reserve.done();
    reserve.done(); // idempotent
    HeapReserve none(0);
    none.faultIn();
    none.done();
}

TEST_CASE("the font texture's size is predicted from the font cache", "[startup]") {
    regiebord::test::TempDir dir;
    CHECK(fontTextureBytes(dir.file("missing.cache")) == 0);
    {
        std::ofstream out(dir.file("fonts.cache"), std::ios::binary);
        out << std::string(1000, 'x');
    }
    CHECK(fontTextureBytes(dir.file("fonts.cache")) == 4000 + (256U << 10));
}

namespace {
struct SharedBlock { // fresh shared memory, as the X11 window surface (MIT-SHM) is
    explicit SharedBlock(std::size_t n) : bytes(n) {
        data = static_cast<unsigned char*>(
            mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
        REQUIRE(data != MAP_FAILED);
    }
    ~SharedBlock() { munmap(data, bytes); }
    SharedBlock(const SharedBlock&) = delete;
    SharedBlock& operator=(const SharedBlock&) = delete;
    std::size_t bytes;
    unsigned char* data;
};

long faultsOfClear(unsigned char* data, std::size_t bytes, unsigned char value) {
    const long before = minorFaults();
    std::memset(data, value, bytes);
    return minorFaults() - before;
}
} // namespace

TEST_CASE("a block warmed up by a page warmer is written without page faults", "[startup][memory]") {
    constexpr std::size_t kSurface = 1920U * 1080U * 4U; // the window surface at 1080p
    const std::size_t pages = (kSurface + 4095) / 4096;
    {
        SharedBlock cold(kSurface);
        CHECK(faultsOfClear(cold.data, cold.bytes, 1) > 1000); // the check that this test can fail
    }
    SharedBlock block(kSurface);
    PageWarmer warmer;
    warmer.start(block.data, block.bytes);
    for (int i = 0; i < 2000 && warmer.pagesDone() < pages; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CHECK(warmer.finish() == pages);
    CHECK(faultsOfClear(block.data, block.bytes, 2) < 16);
}

TEST_CASE("a page warmer writes nothing after finish()", "[startup][memory]") {
    SharedBlock block(64U << 20); // large enough that the warmer is still running
    PageWarmer warmer;
    warmer.start(block.data, block.bytes);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    const std::size_t done = warmer.finish();
    CHECK(done < block.bytes / 4096); // it stopped early
    CHECK(warmer.finish() == done);   // idempotent
    std::memset(block.data, 0xAB, block.bytes);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::size_t changed = 0;
    for (std::size_t i = 0; i < block.bytes; ++i)
        changed += block.data[i] != 0xAB ? 1U : 0U;
    CHECK(changed == 0);

    PageWarmer idle; // never started: finish() is harmless
    CHECK(idle.finish() == 0);
    PageWarmer none;
    none.start(nullptr, 4096);
    CHECK(none.finish() == 0);
}
