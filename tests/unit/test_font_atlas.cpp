// The font atlas cache: what is read back is exactly what FreeType made (every
// glyph, metric and pixel), and a cache that is damaged, truncated, foreign or
// made for other fonts is refused whole, leaving the atlas empty to be rebuilt.

#include "font_atlas.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>

using namespace regiebord::ui;
using namespace regiebord::test;

namespace {

const std::string kFonts = "/usr/share/fonts/truetype/dejavu";

/// Two small sizes of the kiosk's two faces, Latin-1 only: quick to rasterise.
AtlasSpec smallSpec(const std::string& dir = kFonts) {
    AtlasSpec spec;
    spec.fonts = {{dir + "/DejaVuSans.ttf", 15}, {dir + "/DejaVuSans-Bold.ttf", 22}};
    spec.ranges = {0x0020, 0x00FF, 0x2026, 0x2026, 0};
    spec.builderFlags = 0;
    spec.atlasFlags = ImFontAtlasFlags_NoPowerOfTwoHeight;
    return spec;
}

std::string bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void overwrite(const std::string& path, const std::string& content) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
}

/// smallSpec() rasterised into `built` and saved to fonts.cache in a temp dir.
struct SavedAtlas {
    TempDir dir;
    std::string path = dir.file("fonts.cache");
    AtlasSpec spec = smallSpec();
    std::string key = atlasKey(spec);
    ImFontAtlas built;

    SavedAtlas() {
        buildAtlas(built, spec);
        REQUIRE(built.TexPixelsAlpha8 != nullptr);
        std::string error;
        REQUIRE(saveAtlas(built, key, path, error));
    }
};

} // namespace

TEST_CASE("a cached font atlas reads back exactly what FreeType rasterised", "[ui][fonts]") {
    const SavedAtlas saved;
    const ImFontAtlas& built = saved.built;
    const std::string& key = saved.key;
    const std::string& path = saved.path;
    std::string error;

    ImFontAtlas read;
    AtlasFile file;
    REQUIRE(file.load(read, key, path, error));
    CHECK(read.IsBuilt());
    REQUIRE(read.TexWidth == built.TexWidth);
    REQUIRE(read.TexHeight == built.TexHeight);
    CHECK(read.TexUvWhitePixel.x == built.TexUvWhitePixel.x);
    CHECK(read.TexUvWhitePixel.y == built.TexUvWhitePixel.y);
    CHECK(read.TexUvScale.x == built.TexUvScale.x);
    CHECK(std::memcmp(read.TexUvLines, built.TexUvLines, sizeof built.TexUvLines) == 0);
    CHECK(std::memcmp(file.pixels(), built.TexPixelsAlpha8,
                      static_cast<std::size_t>(built.TexWidth) * static_cast<std::size_t>(built.TexHeight)) ==
          0);
    REQUIRE(read.Fonts.Size == 2);
    for (int f = 0; f < 2; ++f) {
        const ImFont& a = *built.Fonts[f];
        const ImFont& b = *read.Fonts[f];
        CHECK(b.FontSize == a.FontSize);
        CHECK(b.Ascent == a.Ascent);
        CHECK(b.Descent == a.Descent);
        CHECK(b.FallbackChar == a.FallbackChar);
        CHECK(b.EllipsisChar == a.EllipsisChar);
        CHECK(b.ContainerAtlas == &read);
        REQUIRE(b.Glyphs.Size == a.Glyphs.Size);
        for (int g = 0; g < a.Glyphs.Size; ++g) {
            INFO("font " << f << ", glyph " << g << " (U+" << std::hex << a.Glyphs[g].Codepoint << ")");
            REQUIRE(b.Glyphs[g].Codepoint == a.Glyphs[g].Codepoint);
            CHECK(b.Glyphs[g].Visible == a.Glyphs[g].Visible);
            CHECK(b.Glyphs[g].AdvanceX == a.Glyphs[g].AdvanceX);
            CHECK(b.Glyphs[g].X0 == a.Glyphs[g].X0);
            CHECK(b.Glyphs[g].Y1 == a.Glyphs[g].Y1);
            CHECK(b.Glyphs[g].U0 == a.Glyphs[g].U0);
            CHECK(b.Glyphs[g].V1 == a.Glyphs[g].V1);
        }
        // The lookup tables are rebuilt too: text measures the same.
        const char* text = "Woningproductie 2026: 1.870 gepland, één café";
        const ImVec2 sa = a.CalcTextSizeA(a.FontSize, 10000, 0, text);
        const ImVec2 sb = b.CalcTextSizeA(b.FontSize, 10000, 0, text);
        CHECK(sb.x == sa.x);
        CHECK(sb.y == sa.y);
        CHECK(b.FindGlyph(0x2026) != nullptr);
    }
}

TEST_CASE("a damaged, truncated, foreign or outdated font cache is refused whole", "[ui][fonts]") {
    const SavedAtlas saved;
    const std::string& path = saved.path;
    const std::string& key = saved.key;
    const AtlasSpec& spec = saved.spec;
    const std::string good = bytes(path);
    REQUIRE(good.size() > 10000);

    auto refused = [&](const std::string& expected, const std::string& useKey) {
        ImFontAtlas atlas;
        AtlasFile file;
        std::string error;
        const bool loaded = file.load(atlas, useKey, path, error);
        CHECK_FALSE(loaded);
        CHECK_THAT(error, Catch::Contains(expected));
        CHECK(atlas.Fonts.Size == 0); // nothing half-filled: the caller builds from the fonts
        CHECK_FALSE(atlas.IsBuilt());
        CHECK(file.pixels() == nullptr);
    };

    SECTION("one flipped byte") {
        std::string bad = good;
        bad[bad.size() / 2] = static_cast<char>(bad[bad.size() / 2] ^ 0x10);
        overwrite(path, bad);
        refused("checksum mismatch", key);
    }
    SECTION("one flipped byte at the very end") {
        std::string bad = good;
        bad.back() = static_cast<char>(bad.back() ^ 0x01);
        overwrite(path, bad);
        refused("checksum mismatch", key);
    }
    SECTION("written by an older version (format 1, a byte-wise checksum)") {
        std::string old = good;
        old[7] = '\x01';
        overwrite(path, old);
        refused("not an atlas cache of this version", key);
    }
    SECTION("cut short, as by a power cut during the write") {
        overwrite(path, good.substr(0, good.size() - 100));
        refused("truncated", key);
    }
    SECTION("not a cache at all") {
        overwrite(path, std::string(4096, 'x'));
        refused("not an atlas cache", key);
    }
    SECTION("empty") {
        overwrite(path, "");
        refused("not an atlas cache", key);
    }
    SECTION("missing") {
        std::filesystem::remove(path);
        refused("no cache file", key);
    }
    SECTION("made for other sizes") {
        AtlasSpec other = spec;
        other.fonts[0].pixels = 16;
        refused("other fonts", atlasKey(other));
    }
    SECTION("a glyph beyond ImWchar, with a checksum that holds") {
        // Found by tests/fuzz/fuzz_font_cache: ImFont::BuildLookupTable sized its tables by
        // such a codepoint (gigabytes) and wrote past its 4K-page bitmap.
        const std::size_t header = 24; // magic, payload size, checksum
        const std::size_t firstCodepoint = header + 4 + key.size() + 2 * 4 + 2 * sizeof(ImVec2) + 4 +
                                           (IM_DRAWLIST_TEX_LINES_WIDTH_MAX + 1) * sizeof(ImVec4) + 4 +
                                           4 * sizeof(float) + 3 * sizeof(ImWchar) + 4 + 4;
        std::string bad = good;
        const std::uint32_t codepoint = IM_UNICODE_CODEPOINT_MAX + 1;
        std::memcpy(bad.data() + firstCodepoint, &codepoint, sizeof codepoint);
        // The checksum of format 2: FNV-1a over the payload, eight bytes at a time.
        std::uint64_t sum = 14695981039346656037ULL;
        std::size_t i = header;
        for (; i + 8 <= bad.size(); i += 8) {
            std::uint64_t word = 0;
            std::memcpy(&word, bad.data() + i, sizeof word);
            sum = (sum ^ word) * 1099511628211ULL;
        }
        for (; i < bad.size(); ++i)
            sum = (sum ^ static_cast<unsigned char>(bad[i])) * 1099511628211ULL;
        std::memcpy(bad.data() + 16, &sum, sizeof sum);
        overwrite(path, bad);
        refused("bad codepoint", key);
    }
}

TEST_CASE("the font cache key follows the font files, the sizes and the glyph ranges", "[ui][fonts]") {
    TempDir dir;
    for (const char* name : {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"})
        std::filesystem::copy_file(kFonts + "/" + name, dir.file(name));
    const AtlasSpec spec = smallSpec(dir.path());
    const std::string key = atlasKey(spec);
    CHECK(atlasKey(spec) == key);

    AtlasSpec bigger = spec;
    bigger.fonts[1].pixels = 23;
    CHECK(atlasKey(bigger) != key);
    AtlasSpec moreGlyphs = spec;
    moreGlyphs.ranges = {0x0020, 0x017F, 0};
    CHECK(atlasKey(moreGlyphs) != key);

    // A font package update replaces the file: a new modification time.
    const auto file = dir.file("DejaVuSans.ttf");
    std::filesystem::last_write_time(file, std::filesystem::last_write_time(file) + std::chrono::seconds(5));
    CHECK(atlasKey(spec) != key);
}
