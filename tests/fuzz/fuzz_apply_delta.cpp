// applyDelta: a fuzzed changes document (parseChanges) applied to the demo board
// (assets/demo/board.json, read as a snapshot at seq 100) through its BoardIndex,
// as the sync engine applies a delta. When a delta is applied, the result must be a
// board a snapshot could carry (encoded and read again), and the index must describe
// it; when it is refused, the index must be unchanged.

#include "harness.hpp"
#include "kinds.hpp"
#include "protocol.hpp"

#include <fstream>
#include <iterator>

using namespace regiebord;

namespace {

constexpr std::int64_t kBaseSeq = 100;

const BoardData& demoBoard() {
    static const BoardData board = [] {
        std::ifstream in(REGIEBORD_DEMO_BOARD_FILE, std::ios::binary);
        const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        auto parsed = parseBoard(text, DocumentKind::Import);
        if (!parsed)
            fuzz::fail(std::string("cannot read the demo board " REGIEBORD_DEMO_BOARD_FILE ": ") +
                       parsed.error().describe());
        BoardData b = std::move(parsed).value();
        b.seq = kBaseSeq;
        b.generatedAt = "2026-11-28T14:00:00Z";
        return b;
    }();
    return board;
}

const BoardIndex& demoIndex() {
    static const BoardIndex index = BoardIndex::build(demoBoard());
    return index;
}

/// The position maps of two indexes agree (options are checked apart: see below).
bool samePositions(const BoardIndex& a, const BoardIndex& b) {
    bool same = a.decisions == b.decisions;
    forEachKind([&](const auto& kind) { same = same && a.*kind.index == b.*kind.index; });
    return same;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto delta = parseChanges(fuzz::asText(data, size));
    if (!delta) return 0; // parseChanges alone is fuzz_changes
    const BoardData& base = demoBoard();
    BoardIndex index = demoIndex();
    const auto applied = applyDelta(base, delta.value(), index);
    if (!applied) {
        fuzz::requireUtf8(applied.error().describe(), "applyDelta's error");
        fuzz::require(samePositions(index, demoIndex()) && index.options == demoIndex().options,
                      "a refused delta changed the index");
        return 0;
    }
    const BoardData& board = applied.value();
    fuzz::require(board.seq == delta.value().seq, "the board's seq is not the delta's");
    fuzz::require(samePositions(index, BoardIndex::build(board)),
                  "the index does not describe the new board");

    const std::string encoded = encodeBoard(board, DocumentKind::Snapshot);
    const auto again = parseBoard(encoded, DocumentKind::Snapshot);
    if (!again) fuzz::fail("the board after applyDelta is not a valid snapshot: " + again.error().describe());
    fuzz::require(encodeBoard(again.value(), DocumentKind::Snapshot) == encoded,
                  "the board after applyDelta does not survive a round trip");
    return 0;
}
