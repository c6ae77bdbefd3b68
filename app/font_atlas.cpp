#include "font_atlas.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <imgui_freetype.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace regiebord::ui {

namespace {

// "RBATLAS" + format version. Layout (native byte order: the file never
// leaves the machine that wrote it):
//   magic[8], u64 payload size, u64 FNV-1a of the payload, payload:
//   key, texture size, UV scale, white pixel, baked lines, fonts (metrics and
//   glyphs), then the 8-bit pixels.
constexpr std::array<char, 8> kMagic{'R', 'B', 'A', 'T', 'L', 'A', 'S', '\x02'}; // 2: word-wise sum
constexpr std::size_t kHeader = kMagic.size() + 2 * sizeof(std::uint64_t);
constexpr int kLines = IM_DRAWLIST_TEX_LINES_WIDTH_MAX + 1;

// FNV-1a taken eight bytes at a time: one multiply per word instead of per byte, so checking
// the 1.4 MB cache takes ~0.7 ms instead of ~2.5 ms of every start. Any change within one word
// still changes the sum (each step is a bijection of the word). The file never leaves the machine
// that wrote it, so the words' byte order does not matter.
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

class Writer {
public:
    template <typename T> void put(const T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        const auto* p = reinterpret_cast<const char*>(&value);
        m_bytes.insert(m_bytes.end(), p, p + sizeof(T));
    }
    void putBytes(const void* data, std::size_t size) {
        const auto* p = static_cast<const char*>(data);
        m_bytes.insert(m_bytes.end(), p, p + size);
    }
    void putString(const std::string& s) {
        put(static_cast<std::uint32_t>(s.size()));
        putBytes(s.data(), s.size());
    }
    const std::vector<char>& bytes() const { return m_bytes; }

private:
    std::vector<char> m_bytes;
};

class Reader {
public:
    Reader(const char* data, std::size_t size) : m_data(data), m_size(size) {}
    template <typename T> T get() {
        T value{};
        std::memcpy(&value, take(sizeof(T)), sizeof(T));
        return value;
    }
    const char* take(std::size_t n) {
        if (n > m_size - m_pos) throw std::runtime_error("ends early");
        const char* p = m_data + m_pos;
        m_pos += n;
        return p;
    }
    std::string getString() {
        const auto n = get<std::uint32_t>();
        return {take(n), n};
    }
    bool atEnd() const { return m_pos == m_size; }

private:
    const char* m_data;
    std::size_t m_size;
    std::size_t m_pos = 0;
};

struct FontData {
    float fontSize = 0, ascent = 0, descent = 0, scale = 1;
    ImWchar fallback = 0, ellipsis = 0, dot = 0;
    int surface = 0;
    std::vector<ImFontGlyph> glyphs;
};

} // namespace

std::string atlasKey(const AtlasSpec& spec) {
    std::string key = "imgui " IMGUI_VERSION ", freetype " + std::to_string(FREETYPE_MAJOR) + "." +
                      std::to_string(FREETYPE_MINOR) + "." + std::to_string(FREETYPE_PATCH) +
                      ", regiebord " REGIEBORD_VERSION ", wchar " + std::to_string(sizeof(ImWchar)) +
                      ", builder " + std::to_string(spec.builderFlags) + ", atlas " +
                      std::to_string(spec.atlasFlags) + "\n";
    for (const auto& font : spec.fonts) {
        struct stat st {};
        const bool found = ::stat(font.file.c_str(), &st) == 0;
        key += font.file + " " + std::to_string(font.pixels) + " px, " +
               (found ? std::to_string(st.st_size) + " bytes, modified " + std::to_string(st.st_mtim.tv_sec) +
                            "." + std::to_string(st.st_mtim.tv_nsec)
                      : std::string("missing")) +
               "\n";
    }
    key += "ranges";
    for (const ImWchar c : spec.ranges)
        key += " " + std::to_string(c);
    return key;
}

void buildAtlas(ImFontAtlas& atlas, const AtlasSpec& spec) {
    atlas.FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    atlas.FontBuilderFlags = spec.builderFlags;
    atlas.Flags = spec.atlasFlags;
    ImFontConfig config;
    config.OversampleH = 1; // FreeType ignores oversampling; stated so for stb_truetype too
    config.OversampleV = 1;
    for (const auto& font : spec.fonts)
        if (!atlas.AddFontFromFileTTF(font.file.c_str(), font.pixels, &config, spec.ranges.data()))
            throw std::runtime_error("cannot load font " + font.file);
    if (!atlas.Build()) throw std::runtime_error("cannot rasterise the fonts");
}

bool saveAtlas(const ImFontAtlas& atlas, const std::string& key, const std::string& path,
               std::string& error) {
    if (!atlas.TexPixelsAlpha8 || atlas.TexWidth <= 0 || atlas.TexHeight <= 0) {
        error = "the atlas has no 8-bit pixels to save";
        return false;
    }
    Writer w;
    w.putString(key);
    w.put(static_cast<std::int32_t>(atlas.TexWidth));
    w.put(static_cast<std::int32_t>(atlas.TexHeight));
    w.put(atlas.TexUvScale);
    w.put(atlas.TexUvWhitePixel);
    w.put(static_cast<std::uint32_t>(kLines));
    for (const ImVec4& line : atlas.TexUvLines)
        w.put(line);
    w.put(static_cast<std::uint32_t>(atlas.Fonts.Size));
    for (const ImFont* font : atlas.Fonts) {
        w.put(font->FontSize);
        w.put(font->Ascent);
        w.put(font->Descent);
        w.put(font->Scale);
        w.put(font->FallbackChar);
        w.put(font->EllipsisChar);
        w.put(font->DotChar);
        w.put(static_cast<std::int32_t>(font->MetricsTotalSurface));
        w.put(static_cast<std::uint32_t>(font->Glyphs.Size));
        for (const ImFontGlyph& g : font->Glyphs) {
            w.put(static_cast<std::uint32_t>(g.Codepoint));
            w.put(static_cast<std::uint8_t>((g.Colored ? 1 : 0) | (g.Visible ? 2 : 0)));
            for (const float f : {g.AdvanceX, g.X0, g.Y0, g.X1, g.Y1, g.U0, g.V0, g.U1, g.V1})
                w.put(f);
        }
    }
    w.putBytes(atlas.TexPixelsAlpha8,
               static_cast<std::size_t>(atlas.TexWidth) * static_cast<std::size_t>(atlas.TexHeight));

    const auto& payload = w.bytes();
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(kMagic.data(), kMagic.size());
        const std::uint64_t size = payload.size();
        const std::uint64_t sum = fnv1a(payload.data(), payload.size());
        out.write(reinterpret_cast<const char*>(&size), sizeof size);
        out.write(reinterpret_cast<const char*>(&sum), sizeof sum);
        out.write(payload.data(), static_cast<std::streamsize>(payload.size()));
        out.close();
        if (!out) {
            error = "cannot write " + tmp + ": " + std::strerror(errno);
            std::error_code ignored;
            std::filesystem::remove(tmp, ignored);
            return false;
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        error = "cannot replace " + path + ": " + ec.message();
        std::filesystem::remove(tmp, ec);
        return false;
    }
    return true;
}

AtlasFile::~AtlasFile() {
    if (m_map) ::munmap(m_map, m_size);
}

bool AtlasFile::load(ImFontAtlas& atlas, const std::string& key, const std::string& path,
                     std::string& error) {
    if (atlas.Fonts.Size != 0 || atlas.TexPixelsAlpha8 || atlas.TexPixelsRGBA32 || m_map) {
        error = "the atlas is not empty";
        return false;
    }
    // Mapped rather than read: the kernel maps the cached pages in large steps,
    // where reading would fault in and copy a fresh buffer (much of the cost
    // on a small or virtualised machine).
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = errno == ENOENT ? "no cache file" : std::string("cannot open: ") + std::strerror(errno);
        return false;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_size < static_cast<off_t>(kHeader)) {
        ::close(fd);
        error = "not an atlas cache of this version";
        return false;
    }
    m_size = static_cast<std::size_t>(st.st_size);
    m_map = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    ::close(fd);
    if (m_map == MAP_FAILED) {
        m_map = nullptr;
        error = std::string("cannot map: ") + std::strerror(errno);
        return false;
    }
    const auto* data = static_cast<const char*>(m_map);
    auto fail = [&](std::string why) {
        ::munmap(m_map, m_size);
        m_map = nullptr;
        error = std::move(why);
        return false;
    };
    std::uint64_t size = 0;
    std::uint64_t sum = 0;
    if (std::memcmp(data, kMagic.data(), kMagic.size()) != 0)
        return fail("not an atlas cache of this version");
    std::memcpy(&size, data + kMagic.size(), sizeof size);
    std::memcpy(&sum, data + kMagic.size() + sizeof size, sizeof sum);
    if (size != m_size - kHeader) return fail("truncated (" + std::to_string(m_size) + " bytes)");
    if (fnv1a(data + kHeader, size) != sum) return fail("checksum mismatch");

    std::vector<FontData> fonts;
    std::int32_t width = 0;
    std::int32_t height = 0;
    ImVec2 uvScale;
    ImVec2 white;
    std::array<ImVec4, kLines> lines{};
    const char* pixels = nullptr;
    try {
        Reader r(data + kHeader, size);
        if (r.getString() != key) return fail("made for other fonts, sizes or versions");
        width = r.get<std::int32_t>();
        height = r.get<std::int32_t>();
        if (width <= 0 || height <= 0 || width > 16384 || height > 16384)
            throw std::runtime_error("bad texture size");
        uvScale = r.get<ImVec2>();
        white = r.get<ImVec2>();
        if (r.get<std::uint32_t>() != kLines) throw std::runtime_error("bad line count");
        for (auto& line : lines)
            line = r.get<ImVec4>();
        const auto count = r.get<std::uint32_t>();
        if (count == 0 || count > 64) throw std::runtime_error("bad font count");
        for (std::uint32_t i = 0; i < count; ++i) {
            FontData f;
            f.fontSize = r.get<float>();
            f.ascent = r.get<float>();
            f.descent = r.get<float>();
            f.scale = r.get<float>();
            f.fallback = r.get<ImWchar>();
            f.ellipsis = r.get<ImWchar>();
            f.dot = r.get<ImWchar>();
            f.surface = r.get<std::int32_t>();
            const auto glyphs = r.get<std::uint32_t>();
            if (glyphs == 0 || glyphs >= 0xFFFF) throw std::runtime_error("bad glyph count");
            f.glyphs.resize(glyphs);
            for (auto& g : f.glyphs) {
                // BuildLookupTable sizes its tables by the largest codepoint and marks a bitmap
                // of (IM_UNICODE_CODEPOINT_MAX + 1) / 4096 bits: a larger one is not ours.
                const auto codepoint = r.get<std::uint32_t>();
                if (codepoint > IM_UNICODE_CODEPOINT_MAX) throw std::runtime_error("bad codepoint");
                g.Codepoint = codepoint & 0x3FFFFFFFU; // the bit field's width (no-op after the check)
                const auto flags = r.get<std::uint8_t>();
                g.Colored = (flags & 1U) != 0;
                g.Visible = (flags & 2U) != 0;
                for (float* field : {&g.AdvanceX, &g.X0, &g.Y0, &g.X1, &g.Y1, &g.U0, &g.V0, &g.U1, &g.V1})
                    *field = r.get<float>();
            }
            if (!(f.fontSize > 0) || !(f.scale > 0)) throw std::runtime_error("bad font metrics");
            fonts.push_back(std::move(f));
        }
        pixels = r.take(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
        if (!r.atEnd()) throw std::runtime_error("trailing bytes");
    } catch (const std::exception& e) {
        return fail(std::string("damaged: ") + e.what());
    }

    // Whole and made for these fonts: fill the atlas as ImFontAtlas::Build would.
    for (auto& f : fonts) {
        auto* font = IM_NEW(ImFont);
        font->FontSize = f.fontSize;
        font->Ascent = f.ascent;
        font->Descent = f.descent;
        font->Scale = f.scale;
        font->ContainerAtlas = &atlas;
        font->FallbackChar = f.fallback;
        font->EllipsisChar = f.ellipsis;
        font->DotChar = f.dot;
        font->MetricsTotalSurface = f.surface;
        font->Glyphs.resize(static_cast<int>(f.glyphs.size()));
        std::copy(f.glyphs.begin(), f.glyphs.end(), font->Glyphs.begin());
        font->BuildLookupTable();
        atlas.Fonts.push_back(font);
    }
    m_pixels = reinterpret_cast<const unsigned char*>(pixels);
    atlas.TexWidth = width;
    atlas.TexHeight = height;
    atlas.TexUvScale = uvScale;
    atlas.TexUvWhitePixel = white;
    std::copy(lines.begin(), lines.end(), std::begin(atlas.TexUvLines));
    atlas.TexPixelsUseColors = false;
    atlas.TexReady = true;
    return true;
}

} // namespace regiebord::ui
