// parseChanges: GET /v1/boards/{board}/changes?since= as the kiosk reads it.

#include "harness.hpp"
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
    const std::size_t upserts = u.parties.size() + u.definitions.size() + u.agreements.size() +
                                u.projects.size() + u.production.size() + u.escalations.size() +
                                u.meetings.size();
    fuzz::require(d.rows.size() == upserts, "one cache row per upserted object");
    static constexpr std::array<std::string_view, 7> kKinds{"parties",    "definitions", "agreements", "projects",
                                                            "production", "escalations", "meetings"};
    for (const auto& row : d.rows) {
        fuzz::require(std::find(kKinds.begin(), kKinds.end(), row.kind) != kKinds.end(), "a row of no known kind");
        fuzz::require(!row.id.empty(), "a cache row without an id");
        fuzz::requireUtf8(row.id, "a cache row's id");
        fuzz::requireUtf8(row.body, "a cache row's body");
        fuzz::require(nlohmann::json::accept(row.body), "a cache row's body is not JSON");
    }
    return 0;
}
