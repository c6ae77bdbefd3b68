#pragma once
// The font atlas, rasterised once and then kept on disk.
//
// FreeType rasterising four sizes of DejaVu (~1,900 glyphs, up to 76 px at
// 1080p) is the largest single cost of the kiosk's start: ~45 ms here, more on
// a Pi. The result depends only on the font files, the pixel sizes and the
// glyph ranges, so it is stored in the state directory after the first start
// and mapped back on the next (a few ms). The file is a disposable cache: a
// missing, damaged, truncated or outdated one is rebuilt from the fonts.

#include <imgui.h>

#include <cstddef>
#include <string>
#include <vector>

namespace regiebord::ui {

struct AtlasFont {
    std::string file; ///< TTF path
    float pixels = 0; ///< size in pixels
};

struct AtlasSpec {
    std::vector<AtlasFont> fonts;
    std::vector<ImWchar> ranges; ///< zero-terminated glyph ranges, shared by all fonts
    unsigned int builderFlags = 0;
    int atlasFlags = 0;
};

/// What the cached atlas must match: the spec, each font file's size and
/// modification time, and the versions of the code that rasterised it.
std::string atlasKey(const AtlasSpec& spec);

/// Adds the spec's fonts to an empty atlas and rasterises them (FreeType).
/// Throws std::runtime_error when a font cannot be loaded.
void buildAtlas(ImFontAtlas& atlas, const AtlasSpec& spec);

/// Writes a built atlas (glyphs, metrics, 8-bit pixels) to path, atomically.
bool saveAtlas(const ImFontAtlas& atlas, const std::string& key, const std::string& path, std::string& error);

/// A cached atlas read back: the file is mapped, not copied, and its 8-bit
/// pixels stay readable while this object lives (long enough to fill the
/// texture). The atlas itself gets glyphs and metrics but no pixel buffer.
class AtlasFile {
public:
    AtlasFile() = default;
    AtlasFile(const AtlasFile&) = delete;
    AtlasFile& operator=(const AtlasFile&) = delete;
    ~AtlasFile();

    /// Fills an empty atlas from path if the file is whole and made for key;
    /// otherwise leaves the atlas empty, says why in error, and returns false.
    bool load(ImFontAtlas& atlas, const std::string& key, const std::string& path, std::string& error);
    /// The atlas's 8-bit pixels (TexWidth x TexHeight), after a successful load.
    const unsigned char* pixels() const { return m_pixels; }

private:
    void* m_map = nullptr;
    std::size_t m_size = 0;
    const unsigned char* m_pixels = nullptr;
};

} // namespace regiebord::ui
