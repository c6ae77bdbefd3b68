// ChunkedList: copies share chunks; a change clones only its chunk.

#include "chunked_list.hpp"
#include "protocol.hpp"

#include "support/fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using namespace regiebord;

TEST_CASE("a chunked list reads like a vector and copies share chunks", "[store][chunked]") {
    ChunkedList<std::string> list;
    for (int i = 0; i < 1000; ++i)
        list.push_back("item-" + std::to_string(i));
    REQUIRE(list.size() == 1000);
    CHECK(list[0] == "item-0");
    CHECK(list[999] == "item-999");
    CHECK(list.back() == "item-999");
    CHECK(std::distance(list.begin(), list.end()) == 1000);
    CHECK(std::find(list.begin(), list.end(), "item-700") - list.begin() == 700);

    const ChunkedList<std::string> snapshot = list; // what the UI holds
    const std::string* shared = &snapshot[300];
    CHECK(&list[300] == shared); // the same storage until someone changes it
    list.set(300, "changed");
    CHECK(snapshot[300] == "item-300"); // the snapshot never changes under the reader
    CHECK(list[300] == "changed");
    CHECK(&list[0] == &snapshot[0]);     // other chunks still shared
    CHECK(&list[299] != &snapshot[299]); // the changed chunk was cloned whole
    list.push_back("appended");
    CHECK(snapshot.size() == 1000);
    CHECK(list.size() == 1001);
    CHECK(list.eraseIf([](const std::string& s) { return s == "changed"; }) == 1);
    CHECK(list.size() == 1000);
    CHECK(list[300] == "item-301");
    list.truncate(10);
    CHECK(list.size() == 10);
    CHECK(snapshot.size() == 1000);
}

TEST_CASE("copies of a big chunked list share blocks and chunks across block boundaries",
          "[store][chunked]") {
    constexpr std::size_t perBlock = ChunkedList<int>::kChunk * ChunkedList<int>::kBlock;
    ChunkedList<int> list;
    const int n = static_cast<int>(2 * perBlock + 100); // three blocks, the last one partly filled
    for (int i = 0; i < n; ++i)
        list.push_back(i);
    const ChunkedList<int> before = list;
    list.set(perBlock + 5, -1);             // second block
    list.mutableAt(2 * perBlock + 50) = -2; // third block
    CHECK(before[perBlock + 5] == static_cast<int>(perBlock + 5));
    CHECK(before[2 * perBlock + 50] == static_cast<int>(2 * perBlock + 50));
    CHECK(list[perBlock + 5] == -1);
    CHECK(list[2 * perBlock + 50] == -2);
    CHECK(&list[0] == &before[0]);                           // first block untouched, still shared
    CHECK(&list[perBlock + 300] == &before[perBlock + 300]); // other chunks of a cloned block stay shared
    CHECK(&list[perBlock + 5] != &before[perBlock + 5]);
    // Appending to a copy at a block boundary leaves the original as it was.
    ChunkedList<int> grown = before;
    while (grown.size() < 3 * perBlock + 1)
        grown.push_back(7);
    CHECK(before.size() == static_cast<std::size_t>(n));
    CHECK(grown[3 * perBlock] == 7);
    CHECK(grown[2 * perBlock + 99] == static_cast<int>(2 * perBlock + 99));
    int sum = 0;
    for (const int v : before)
        sum += v >= 0 ? 1 : 0;
    CHECK(sum == n);
}

namespace {

BoardData demoAtSeq5() {
    BoardData base = parseBoard(test::demoBoardText(), DocumentKind::Import).value();
    base.seq = 5;
    return base;
}

/// A delta from base.seq to the next, changing nothing yet.
BoardDelta emptyDeltaAfter(const BoardData& base) {
    BoardDelta delta;
    delta.since = base.seq;
    delta.seq = base.seq + 1;
    delta.generatedAt = "2026-11-28T10:05:00Z";
    delta.board = base.board;
    return delta;
}

} // namespace

TEST_CASE("a delta is applied through the index and a bad one changes nothing", "[codec][delta]") {
    BoardData base = demoAtSeq5();
    base.generatedAt = "2026-11-28T10:00:00Z";
    BoardIndex index = BoardIndex::build(base);

    BoardDelta delta = emptyDeltaAfter(base);
    Agreement changed = base.agreements[4];
    changed.title = "Gewijzigd";
    delta.upserts.agreements.push_back(changed);
    Agreement added = base.agreements[4];
    added.id = "pa-nieuw";
    delta.upserts.agreements.push_back(added);

    auto result = applyDelta(base, delta, index);
    REQUIRE(result);
    CHECK(result.value().agreements[4].title == "Gewijzigd");
    CHECK(result.value().agreements.size() == base.agreements.size() + 1);
    CHECK(result.value().findAgreement("pa-nieuw"));
    CHECK(base.agreements[4].title != "Gewijzigd"); // the base (a published snapshot) is untouched
    CHECK(index.agreements.at("pa-nieuw") == base.agreements.size());

    // A delta whose object points at an unknown party is refused, and the index stays as it was.
    BoardDelta bad = delta;
    bad.since = 6;
    bad.seq = 7;
    bad.upserts.agreements.clear();
    Agreement orphan = base.agreements[1];
    orphan.id = "pa-wees";
    orphan.owner = "gem-bestaat-niet";
    bad.upserts.agreements.push_back(orphan);
    const auto sizeBefore = index.agreements.size();
    auto refused = applyDelta(result.value(), bad, index);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().path == "/upserts/agreements/0/owner");
    CHECK(index.agreements.size() == sizeBefore);
    CHECK_FALSE(index.agreements.contains("pa-wees"));

    // A delta for another starting point is refused.
    BoardDelta stale = delta;
    CHECK_FALSE(applyDelta(result.value(), stale, index));
}

TEST_CASE("a delta cannot give two options one id, as a snapshot cannot", "[codec][delta]") {
    BoardData base = demoAtSeq5();
    BoardIndex index = BoardIndex::build(base);
    BoardDelta delta = emptyDeltaAfter(base);
    Escalation first = base.escalations[0];
    first.id = "esc-nieuw-1";
    first.options = {{"optie-x", "A", ""}};
    Escalation second = first;
    second.id = "esc-nieuw-2";
    second.options = {{"optie-x", "B", ""}};

    SECTION("two new escalations of one delta") {
        delta.upserts.escalations.push_back(first);
        delta.upserts.escalations.push_back(second);
        const auto refused = applyDelta(base, delta, index);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().message == "option id \"optie-x\" belongs to esc-nieuw-1");
    }
    SECTION("twice in one escalation") {
        first.options.push_back({"optie-x", "B", ""});
        delta.upserts.escalations.push_back(first);
        const auto refused = applyDelta(base, delta, index);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().path == "/upserts/escalations/0/options/1/id");
    }
    SECTION("the same escalation twice in one delta is one escalation") {
        delta.upserts.escalations.push_back(first);
        delta.upserts.escalations.push_back(first);
        const auto applied = applyDelta(base, delta, index);
        REQUIRE(applied);
        CHECK(parseBoard(encodeBoard(applied.value(), DocumentKind::Snapshot), DocumentKind::Snapshot));
    }
}
