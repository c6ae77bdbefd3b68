// inspectWal: the outbox's WAL (outbox.db-wal) read by our own code before SQLite
// touches it (sync/outbox_files.cpp). The first input byte picks how the rest is used:
// even: as the WAL file; odd: as the WAL file with its checksums put right first
// (wal_repair.hpp). The report must be consistent with itself.

#include "harness.hpp"
#include "wal_repair.hpp"

#include "outbox_files.hpp"

using namespace regiebord;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    static const std::string path = fuzz::scratchDir() + "/outbox.db-wal";
    std::string wal(fuzz::asText(data + 1, size - 1));
    if ((data[0] & 1U) != 0) fuzz::repairWal(wal);
    fuzz::writeFile(path, wal);

    const WalReport r = inspectWal(path);
    fuzz::requireUtf8(r.problem, "inspectWal's problem");
    fuzz::require(r.present == !wal.empty(), "present");
    fuzz::require(r.headerValid || (r.frames == 0 && r.commits == 0 && !r.lostCommit),
                  "frames without a header");
    fuzz::require(r.headerValid || !r.present || !r.problem.empty(),
                  "an unusable header with no problem named");
    fuzz::require(r.commits >= 0 && r.commits <= r.frames, "more commits than frames");
    fuzz::require(!r.lostCommit || !r.problem.empty(), "a lost commit with no problem named");
    fuzz::require(r.frames <= static_cast<int>(wal.size() / (24 + 512)), "more frames than the file holds");
    return 0;
}
