// AtlasFile::load: the kiosk's font cache (fonts.cache in the state directory, format 2,
// app/font_atlas.cpp). The first input byte picks how the rest is used:
//   even: the rest is the payload; the header (magic, size, checksum) is put in front of it
//         here, so that the fuzzer reaches the reader behind the checksum;
//   odd:  the rest is the whole file, header included.
// The key the cache must be made for is kKey (the seeds are made for it, see
// make_fuzz_seeds.cpp). A cache that loads must give the atlas fonts and pixels that
// can be read.

#include "harness.hpp"

#include "font_atlas.hpp"

#include <array>
#include <cstring>

using namespace regiebord;

namespace {

constexpr std::string_view kKey = "regiebord fuzz atlas";

/// The checksum of format 2 (font_atlas.cpp: FNV-1a taken eight bytes at a time).
std::uint64_t fnv1a(const char* data, std::size_t size) {
    constexpr std::uint64_t kPrime = 1099511628211ULL;
    std::uint64_t h = 14695981039346656037ULL;
    std::size_t i = 0;
    for (; i + sizeof(std::uint64_t) <= size; i += sizeof(std::uint64_t)) {
        std::uint64_t word = 0;
        std::memcpy(&word, data + i, sizeof word);
        h ^= word;
        h *= kPrime;
    }
    for (; i < size; ++i) {
        h ^= static_cast<unsigned char>(data[i]);
        h *= kPrime;
    }
    return h;
}

std::string withHeader(std::string_view payload) {
    constexpr std::array<char, 8> kMagic{'R', 'B', 'A', 'T', 'L', 'A', 'S', '\x02'};
    const std::uint64_t size = payload.size();
    const std::uint64_t sum = fnv1a(payload.data(), payload.size());
    std::string file(kMagic.data(), kMagic.size());
    file.append(reinterpret_cast<const char*>(&size), sizeof size);
    file.append(reinterpret_cast<const char*>(&sum), sizeof sum);
    file.append(payload);
    return file;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    static const std::string path = fuzz::scratchDir() + "/fonts.cache";
    const std::string_view rest = fuzz::asText(data + 1, size - 1);
    fuzz::writeFile(path, (data[0] & 1U) == 0 ? withHeader(rest) : std::string(rest));

    ImFontAtlas atlas;
    ui::AtlasFile file;
    std::string error;
    if (!file.load(atlas, std::string(kKey), path, error)) {
        fuzz::requireUtf8(error, "the font cache's error");
        fuzz::require(atlas.Fonts.Size == 0, "a refused cache left fonts in the atlas");
        return 0;
    }
    fuzz::require(atlas.Fonts.Size >= 1 && atlas.Fonts.Size <= 64, "font count");
    fuzz::require(atlas.TexWidth > 0 && atlas.TexHeight > 0 && file.pixels() != nullptr, "texture");
    // Every pixel is in the mapped file: the first and the last are read.
    const std::size_t last = static_cast<std::size_t>(atlas.TexWidth) * static_cast<std::size_t>(atlas.TexHeight) - 1;
    volatile unsigned char sink = file.pixels()[0];
    sink = file.pixels()[last];
    static_cast<void>(sink);
    for (const ImFont* font : atlas.Fonts) {
        fuzz::require(font->Glyphs.Size > 0 && font->FallbackGlyph != nullptr, "a font without glyphs");
        fuzz::require(font->FontSize > 0, "font size");
        // ImFont::BuildLookupTable indexes a bitmap of (IM_UNICODE_CODEPOINT_MAX + 1) / 4096 bits
        // by codepoint: a larger one was written past it.
        for (const ImFontGlyph& g : font->Glyphs)
            fuzz::require(g.Codepoint <= IM_UNICODE_CODEPOINT_MAX, "a glyph beyond IM_UNICODE_CODEPOINT_MAX");
    }
    return 0;
}
