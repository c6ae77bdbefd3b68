// parseChanges: GET /v1/boards/{board}/changes?since= as the kiosk reads it.

#include "harness.hpp"
#include "kinds.hpp"
#include "protocol.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

using namespace regiebord;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto parsed = parseChanges(fuzz::asText(data, size));
    if (!parsed) {
        fuzz::requireUtf8(parsed.error().describe(), "parseChanges's error");
        return 0;
    }
    const BoardDelta& d = parsed.value();
    fuzz::require(d.seq > d.since, "a delta whose seq is not after since");
    const BoardData& u = d.upserts;
    std::size_t upserts = 0;
    forEachKind([&](const auto& kind) { upserts += (u.*kind.list).size(); });
    fuzz::require(d.rows.size() == upserts, "one cache row per upserted object");
    for (const auto& row : d.rows) {
        fuzz::require(isBoardKind(row.kind), "a row of no known kind");
        fuzz::require(!row.id.empty(), "a cache row without an id");
        fuzz::requireUtf8(row.id, "a cache row's id");
        fuzz::requireUtf8(row.body, "a cache row's body");
        fuzz::require(nlohmann::json::accept(row.body), "a cache row's body is not JSON");
    }
    return 0;
}
