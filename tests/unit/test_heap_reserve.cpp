// HeapReserve: the pages it faulted in serve the next large allocation.

#include "heap_reserve.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <string>
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

TEST_CASE("releasing a heap reserve stops a fault-in under way", "[startup][memory]") {
    for (int round = 0; round < 20; ++round) {
        HeapReserve reserve(16U << 20);
        std::thread helper([&] { reserve.faultIn(); });
        reserve.release(); // before, during or after the fault-in: never waits for all of it
        helper.join();
        reserve.faultIn(); // after release(): nothing
        reserve.done();
    }
    // The thresholds are glibc's defaults again: a 1 MB block comes from mmap and goes back.
    const long faults = faultsOfAllocation(1U << 20);
    CHECK(faults > 200);
}
