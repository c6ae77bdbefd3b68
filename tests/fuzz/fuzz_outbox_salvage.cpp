// The outbox files as the kiosk reads them at start (outboxProblem: the checks before
// SQLite opens them for writing) and as a salvage reads a damaged outbox set aside
// (readDamagedOutbox: SQLite on a copy, our own WAL replay, rows read page by page).
//
// One input holds both files: byte 0 picks the mode (odd: the WAL's checksums are put
// right first, wal_repair.hpp), bytes 1-4 the length of outbox.db (little-endian, cut to
// what is there), then outbox.db, then the rest as outbox.db-wal (none when empty).
// Every problem must be valid UTF-8, and every decision read must be one the hub would take.

#include "harness.hpp"
#include "wal_repair.hpp"

#include "outbox_files.hpp"
#include "protocol.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

using namespace regiebord;

namespace {

/// The form of the keys Outbox::record makes (makeUuidV4) and the hub takes (hub_server.cpp).
bool isUuid(const std::string& key) {
    if (key.size() != 36) return false;
    for (std::size_t i = 0; i < key.size(); ++i) {
        const char c = key[i];
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-' : !std::isxdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 5) return 0;
    static const std::string dir = fuzz::scratchDir() + "/damaged";
    static const std::string db = dir + "/outbox.db";
    const std::size_t declared = std::size_t{data[1]} | (std::size_t{data[2]} << 8U) |
                                 (std::size_t{data[3]} << 16U) | (std::size_t{data[4]} << 24U);
    const std::string_view files = fuzz::asText(data + 5, size - 5);
    const std::size_t dbSize = std::min(declared, files.size());
    std::string wal(files.substr(dbSize));
    if ((data[0] & 1U) != 0) fuzz::repairWal(wal);

    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    fuzz::clearDir(dir);
    fuzz::writeFile(db, files.substr(0, dbSize));
    if (!wal.empty()) fuzz::writeFile(db + "-wal", wal);

    fuzz::requireUtf8(outboxProblem(db), "outboxProblem");
    const SalvageRead read = readDamagedOutbox(dir);
    for (const auto& p : read.problems)
        fuzz::requireUtf8(p, "a salvage problem");
    for (const auto& item : read.items) {
        // The key goes out again as the Idempotency-Key header of a POST, and the texts are shown.
        fuzz::require(isUuid(item.idempotencyKey), "a salvaged row's key is not a UUID");
        fuzz::require(isValidId(item.boardId), "a salvaged row's board id");
        for (const std::string* text : {&item.lastError, &item.createdAt, &item.confirmedAt, &item.serverId})
            fuzz::requireUtf8(*text, "a salvaged row's text");
        const auto body = parseDecisionRequest(item.body);
        fuzz::require(body && body.value() == item.request, "a salvaged row's body is not its request");
        fuzz::require(
            std::count_if(read.items.begin(), read.items.end(),
                          [&](const OutboxItem& i) { return i.idempotencyKey == item.idempotencyKey; }) == 1,
            "a key salvaged twice");
    }
    return 0;
}
