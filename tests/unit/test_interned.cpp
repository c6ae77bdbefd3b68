// Interned strings and lists: one copy per process, compared by pointer, safe across threads.

#include "interned.hpp"
#include "protocol.hpp"

#include "support/fixtures.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

using namespace regiebord;

TEST_CASE("equal interned strings share one copy and compare like strings", "[model][interned]") {
    const std::string text = "gem-test-interned-1";
    const Interned a(text);
    const Interned b("gem-test-interned-1");
    const Interned c("gem-test-interned-2");
    CHECK(&a.str() == &b.str()); // one copy
    CHECK(a == b);
    CHECK_FALSE(a == c);
    CHECK(a == text);
    CHECK(a == std::string_view("gem-test-interned-1"));
    CHECK(a == "gem-test-interned-1");
    CHECK(text == a);
    CHECK(a < c);
    CHECK(a.size() == text.size());
    CHECK(std::string(a) + "/x" == "gem-test-interned-1/x");
    CHECK("x/" + a == "x/gem-test-interned-1");

    const Interned empty;
    CHECK(empty.empty());
    CHECK(empty == Interned(""));
    CHECK(empty == "");
}

TEST_CASE("interning a value again does not grow the pool", "[model][interned]") {
    (void)Interned("gem-test-pool");
    const std::size_t before = Interned::poolSize();
    for (int i = 0; i < 100; ++i)
        (void)Interned("gem-test-pool");
    CHECK(Interned::poolSize() == before);
    (void)Interned("gem-test-pool-new");
    CHECK(Interned::poolSize() == before + 1);
}

TEST_CASE("threads interning the same values get the same copies", "[model][interned]") {
    constexpr int kValues = 500;
    std::vector<std::vector<const std::string*>> seen(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < seen.size(); ++t)
        threads.emplace_back([t, &seen] {
            for (int i = 0; i < kValues; ++i)
                seen[t].push_back(&Interned("thread-value-" + std::to_string(i)).str());
        });
    for (auto& thread : threads)
        thread.join();
    for (std::size_t t = 1; t < seen.size(); ++t)
        CHECK(seen[t] == seen[0]);
    CHECK(*seen[0][123] == "thread-value-123");
}

TEST_CASE("equal interned lists share one copy; order matters", "[model][interned]") {
    const InternedList a{"gem-l1", "corp-l2", "hvo-l3"};
    const InternedList b(std::vector<Interned>{"gem-l1", "corp-l2", "hvo-l3"});
    const InternedList c{"corp-l2", "gem-l1", "hvo-l3"};
    CHECK(&a.values() == &b.values());
    CHECK(a == b);
    CHECK_FALSE(a == c);
    REQUIRE(a.size() == 3);
    CHECK(a[1] == "corp-l2");
    CHECK(std::vector<std::string>(a.begin(), a.end()) ==
          std::vector<std::string>{"gem-l1", "corp-l2", "hvo-l3"});
    CHECK(InternedList{}.empty());
    CHECK(InternedList{} == InternedList(std::vector<Interned>{}));
}

TEST_CASE("parsing a board twice interns nothing new the second time", "[model][interned][protocol]") {
    REQUIRE(parseBoard(test::demoBoardText(), DocumentKind::Import));
    const std::size_t values = Interned::poolSize();
    const std::size_t lists = InternedList::poolSize();
    const auto again = parseBoard(test::demoBoardText(), DocumentKind::Import);
    REQUIRE(again);
    CHECK(Interned::poolSize() == values);
    CHECK(InternedList::poolSize() == lists);
    // The board reads back as it was written: interning is invisible in the protocol.
    CHECK(encodeBoard(again.value(), DocumentKind::Import) ==
          encodeBoard(
              parseBoard(encodeBoard(again.value(), DocumentKind::Import), DocumentKind::Import).value(),
              DocumentKind::Import));
}
