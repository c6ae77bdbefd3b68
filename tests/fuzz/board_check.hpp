#pragma once
// The checks of the two board targets (fuzz_board_snapshot, fuzz_board_import).

#include "harness.hpp"
#include "protocol.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace regiebord::fuzz {

/// parseBoard, and for a board it accepts: encodeBoard's document is accepted again and
/// encodes to the same text (a round trip), and the DOM reader the cache uses
/// (boardFromJson) reads the same board from the same text.
inline void checkBoard(std::string_view text, DocumentKind kind) {
    const auto parsed = parseBoard(text, kind);
    if (!parsed) {
        requireUtf8(parsed.error().describe(), "parseBoard's error");
        return;
    }
    const std::string encoded = encodeBoard(parsed.value(), kind);
    requireUtf8(encoded, "encodeBoard's document");
    const auto again = parseBoard(encoded, kind);
    if (!again) fail("parseBoard rejects encodeBoard's document: " + again.error().describe());
    require(encodeBoard(again.value(), kind) == encoded, "board round trip: the document changed");

    const auto dom = boardFromJson(nlohmann::json::parse(text), kind);
    if (!dom) fail("boardFromJson rejects what parseBoard accepts: " + dom.error().describe());
    require(encodeBoard(dom.value(), kind) == encoded, "boardFromJson and parseBoard read different boards");
}

} // namespace regiebord::fuzz
