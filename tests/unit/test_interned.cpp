// Interned strings and lists: one copy per value while something holds it, compared by
// pointer, safe across threads, and gone with the last holder.

#include "interned.hpp"
#include "protocol.hpp"

#include "support/fixtures.hpp"

#include <catch2/catch.hpp>

#include <random>
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
    Interned d = c;
    d = a; // assignment moves the holder from one value to the other
    CHECK(d == a);
    Interned& self = d; // through a reference: the compiler does not flag it
    d = self;           // self-assignment keeps the value
    CHECK(d == a);

    const Interned empty;
    CHECK(empty.empty());
    CHECK(empty == Interned(""));
    CHECK(empty == "");
}

TEST_CASE("the pool holds a value while something holds it, and no longer", "[model][interned]") {
    const std::size_t base = Interned::poolSize();
    {
        const Interned held("gem-test-pool");
        CHECK(Interned::poolSize() == base + 1);
        for (int i = 0; i < 100; ++i) {
            const Interned again("gem-test-pool");
            CHECK(&again.str() == &held.str());
        }
        CHECK(Interned::poolSize() == base + 1);
        {
            // What a hub sending ever new (or rejected) ids leaves behind: nothing, once dropped.
            std::vector<Interned> garbage;
            for (int i = 0; i < 1000; ++i)
                garbage.emplace_back("garbage-" + std::to_string(i));
            CHECK(Interned::poolSize() == base + 1001);
        }
        CHECK(Interned::poolSize() == base + 1);
        CHECK(held == "gem-test-pool");
    }
    CHECK(Interned::poolSize() == base);
}

TEST_CASE("threads interning the same values get the same copies", "[model][interned]") {
    const std::size_t base = Interned::poolSize();
    {
        constexpr int kValues = 500;
        std::vector<std::vector<Interned>> held(4);
        std::vector<std::thread> threads;
        for (std::size_t t = 0; t < held.size(); ++t)
            threads.emplace_back([t, &held] {
                for (int i = 0; i < kValues; ++i)
                    held[t].emplace_back("thread-value-" + std::to_string(i));
            });
        for (auto& thread : threads)
            thread.join();
        for (std::size_t t = 1; t < held.size(); ++t)
            for (int i = 0; i < kValues; ++i)
                CHECK(&held[t][static_cast<std::size_t>(i)].str() ==
                      &held[0][static_cast<std::size_t>(i)].str());
        CHECK(held[0][123] == "thread-value-123");
        CHECK(Interned::poolSize() == base + kValues);
    }
    CHECK(Interned::poolSize() == base);
}

TEST_CASE("threads interning, copying and dropping the same few values leave the pool as it was",
          "[model][interned]") {
    const std::size_t base = Interned::poolSize();
    const std::size_t baseLists = InternedList::poolSize();
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < 4; ++t)
        threads.emplace_back([t] {
            std::mt19937 random(t);
            std::vector<Interned> keep;
            for (int i = 0; i < 20000; ++i) {
                const Interned v("churn-" + std::to_string(random() % 20));
                const Interned copy = v; // NOLINT(performance-unnecessary-copy-initialization)
                if (copy.str().rfind("churn-", 0) != 0) throw std::runtime_error("wrong value");
                if (i % 7 == 0) keep.push_back(copy);
                if (keep.size() > 5) keep.erase(keep.begin());
                const InternedList list{v, Interned("churn-" + std::to_string(random() % 3))};
                if (list.size() != 2 || list[0] != v) throw std::runtime_error("wrong list");
            }
        });
    for (auto& thread : threads)
        thread.join();
    CHECK(Interned::poolSize() == base);
    CHECK(InternedList::poolSize() == baseLists);
}

TEST_CASE("equal interned lists share one copy; order matters", "[model][interned]") {
    const std::size_t base = InternedList::poolSize();
    {
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
        CHECK(InternedList::poolSize() == base + 2);
    }
    CHECK(InternedList::poolSize() == base);
}

TEST_CASE("a parsed board holds its vocabulary; a rejected one leaves nothing behind",
          "[model][interned][protocol]") {
    const std::size_t before = Interned::poolSize();
    const std::size_t beforeLists = InternedList::poolSize();
    {
        const auto first = parseBoard(test::demoBoardText(), DocumentKind::Import);
        REQUIRE(first);
        const std::size_t values = Interned::poolSize();
        const std::size_t lists = InternedList::poolSize();
        CHECK(values > before);
        const auto again = parseBoard(test::demoBoardText(), DocumentKind::Import);
        REQUIRE(again);
        CHECK(Interned::poolSize() == values); // nothing new the second time
        CHECK(InternedList::poolSize() == lists);
        // Interning is invisible in the protocol: the board reads back as it was written.
        const std::string text = encodeBoard(again.value(), DocumentKind::Import);
        CHECK(encodeBoard(parseBoard(text, DocumentKind::Import).value(), DocumentKind::Import) == text);
    }
    CHECK(Interned::poolSize() == before);
    CHECK(InternedList::poolSize() == beforeLists);

    // A payload rejected for a bad reference late in validation: its ids were interned while
    // reading, and are gone with it.
    std::string bad = test::demoBoardText();
    const auto at = bad.find("\"owner\": \"");
    REQUIRE(at != std::string::npos);
    bad.insert(at + 10, "nobody-such-");
    CHECK_FALSE(parseBoard(bad, DocumentKind::Import));
    CHECK(Interned::poolSize() == before);
    CHECK(InternedList::poolSize() == beforeLists);
}
