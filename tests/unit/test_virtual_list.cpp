// The arithmetic of the virtualised lists (app/screens/virtual_list.hpp): where
// each item goes and which items a view shows, for items of different heights.
// No ImGui.

#include "screens/virtual_list.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace regiebord::ui;

namespace Catch {
template <> struct StringMaker<ItemRange> {
    static std::string convert(const ItemRange& r) {
        std::ostringstream out;
        out << "[" << r.first << ", " << r.last << ")";
        return out.str();
    }
};
} // namespace Catch

namespace {

VirtualList listOf(const std::vector<float>& heights, float spacing) {
    VirtualList list;
    list.measure(heights.size(), spacing, [&](std::size_t i) { return heights[i]; });
    return list;
}

/// The same question answered by looking at every item.
ItemRange linearVisible(const VirtualList& list, float scroll, float view) {
    if (view <= 0) return {};
    std::size_t first = list.size();
    std::size_t last = 0;
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (list.bottom(i) > scroll && list.top(i) < scroll + view) {
            first = std::min(first, i);
            last = i + 1;
        }
    }
    if (last == 0) return {};
    return {first, last};
}

} // namespace

TEST_CASE("items of different heights are laid out one below the other", "[ui][vlist]") {
    // Tops 0, 110, 150, 410, 430; bottoms 100, 140, 400, 420, 490.
    const VirtualList list = listOf({100, 30, 250, 10, 60}, 10);
    REQUIRE(list.size() == 5);
    CHECK(list.top(0) == 0);
    CHECK(list.top(1) == 110);
    CHECK(list.top(2) == 150);
    CHECK(list.top(3) == 410);
    CHECK(list.top(4) == 430);
    CHECK(list.bottom(2) == 400);
    CHECK(list.height(2) == 250);
    CHECK(list.totalHeight() == 490); // no spacing after the last item

    SECTION("scrolled to the top") {
        CHECK(list.visible(0, 100) == ItemRange{0, 1});
        CHECK(list.visible(0, 105) == ItemRange{0, 1}); // the gap after item 0 shows nothing more
        CHECK(list.visible(0, 111) == ItemRange{0, 2});
        CHECK(list.visible(0, 160) == ItemRange{0, 3});
    }
    SECTION("scrolled into the middle") {
        CHECK(list.visible(145, 10) == ItemRange{2, 3}); // item 1 ended at 140
        CHECK(list.visible(200, 50) == ItemRange{2, 3}); // inside the tall item
        CHECK(list.visible(120, 300) == ItemRange{1, 4});
        CHECK(list.visible(139.5f, 271) == ItemRange{1, 4}); // a sliver of item 1 and of item 3
        CHECK(list.visible(100, 10).empty());                // only the gap between 0 and 1
    }
    SECTION("scrolled to the end") {
        CHECK(list.visible(390, 100) == ItemRange{2, 5});
        CHECK(list.visible(425, 65) == ItemRange{4, 5});
        CHECK(list.visible(490, 100).empty()); // past the last item
        CHECK(list.visible(5000, 100).empty());
    }
    SECTION("a view larger than the whole list shows every item") {
        CHECK(list.visible(0, 10000) == ItemRange{0, 5});
        CHECK(list.visible(-50, 10000) == ItemRange{0, 5});
    }
    SECTION("a list that starts below the top of the view") {
        CHECK(list.visible(-50, 100) == ItemRange{0, 1});
        CHECK(list.visible(-1000, 100).empty());
    }
    SECTION("a view without height shows nothing") {
        CHECK(list.visible(200, 0).empty());
        CHECK(list.visible(200, -5).empty());
    }
}

TEST_CASE("an empty list has no height and shows nothing", "[ui][vlist]") {
    const VirtualList list = listOf({}, 10);
    CHECK(list.empty());
    CHECK(list.totalHeight() == 0);
    CHECK(list.visible(0, 1000).empty());
    CHECK(list.visible(-100, 1000).empty());
    CHECK(list.visible(100, 1000).empty());
}

TEST_CASE("the visible range is what a look at every item gives", "[ui][vlist]") {
    std::mt19937 random(13);
    std::uniform_real_distribution<float> tall(0.0f, 400.0f);
    std::uniform_int_distribution<int> kind(0, 9);
    for (const float spacing : {0.0f, 14.0f, 9.33f}) {
        std::vector<float> heights;
        for (int i = 0; i < 300; ++i)
            heights.push_back(kind(random) == 0 ? 0.0f : tall(random)); // some items without height
        const VirtualList list = listOf(heights, spacing);
        std::uniform_real_distribution<float> scroll(-500.0f, list.totalHeight() + 500.0f);
        std::uniform_real_distribution<float> view(0.0f, 1500.0f);
        for (int k = 0; k < 2000; ++k) {
            const float s = scroll(random);
            const float v = view(random);
            INFO("spacing " << spacing << ", scroll " << s << ", view " << v);
            const ItemRange expected = linearVisible(list, s, v);
            const ItemRange got = list.visible(s, v);
            if (expected.empty())
                CHECK(got.empty());
            else
                CHECK(got == expected);
        }
        for (std::size_t i = 0; i + 1 < list.size(); ++i)
            CHECK(list.top(i + 1) == Approx(list.bottom(i) + spacing).margin(1e-3));
    }
}

TEST_CASE("each item is measured once, and a long list keeps exact offsets", "[ui][vlist]") {
    constexpr std::size_t kCount = 100000;
    std::size_t calls = 0;
    VirtualList list;
    list.measure(kCount, 14, [&](std::size_t i) {
        ++calls;
        return i % 2 == 0 ? 186.0f : 250.0f;
    });
    CHECK(calls == kCount);
    // 50,000 pairs of 186 + 14 + 250 + 14 px: float prefix sums would be off here.
    CHECK(list.top(kCount - 1) == 49999.0f * 464.0f + 200.0f);
    CHECK(list.totalHeight() == 50000.0f * 464.0f - 14.0f);
    CHECK(list.visible(list.top(kCount / 2), 100) == ItemRange{kCount / 2, kCount / 2 + 1});

    list.measure(3, 0, [](std::size_t) { return 10.0f; }); // measured again: fewer items
    CHECK(list.size() == 3);
    CHECK(list.totalHeight() == 30);
    list.clear();
    CHECK(list.empty());
    CHECK(list.visible(0, 100).empty());
}

TEST_CASE("a layout key changes with the data, the width and the extra part", "[ui][vlist]") {
    LayoutKey<int> key;
    auto board = std::make_shared<const std::string>("board 1");
    CHECK(key.changed(board, 800, 1)); // nothing measured yet
    CHECK_FALSE(key.changed(board, 800, 1));
    CHECK(key.changed(board, 801, 1));
    CHECK_FALSE(key.changed(board, 801, 1));
    CHECK(key.changed(board, 801, 2));
    CHECK_FALSE(key.changed(board, 801, 2));

    const auto other = std::make_shared<const std::string>("board 1"); // equal text, another board
    CHECK(key.changed(other, 801, 2));
    CHECK(key.changed(board, 801, 2));

    // A board that replaced a freed one is new, even at the same address (which
    // the allocator tends to hand out again for a block of the same size).
    CHECK_FALSE(key.changed(board, 801, 2));
    board.reset();
    board = std::make_shared<const std::string>("board 2");
    CHECK(key.changed(board, 801, 2));
    CHECK(key.changed(nullptr, 801, 2)); // no data: never "the same"
    CHECK(key.changed(nullptr, 801, 2));

    key.reset();
    CHECK(key.changed(board, 801, 2));
    CHECK_FALSE(key.changed(board, 801, 2));
}
