#include "display.hpp"
#include "start_clock.hpp"

#include "sw_render.hpp"
#include "ui_map.hpp"

#include <array>
#include <cfloat>
#include <cstdio>
#include <cstdlib>

#include <imgui.h>
#include <imgui_freetype.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>
#include <stb/stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <future>
#include <stdexcept>
#include <vector>

namespace regiebord::ui {

namespace {
std::string sdlError(const std::string& what) {
    return what + ": " + SDL_GetError();
}

/// Whether the renderer draws what ImGui's backend asks of it: clears to the background, draws
/// two quads of different colours in one SDL_RenderGeometry call (per-vertex colour, as every
/// ImGui frame does) and reads both back. A renderer that only clears (SDL's "opengl" on a
/// KMSDRM console with Mesa) or gives a whole batch one colour (llvmpipe under QEMU 7.2's AVX
/// emulation, docs/appliance.md) fails here. The quads are drawn as the frame draws: through a
/// texture of the font texture's format, access and blend mode (createFontTexture), with a
/// power-of-two width and not height as the atlas has. So the probe checks the path the board
/// takes, and the shader the GL driver builds for it is the one the first frame needs, not a
/// second one (Mesa's software rasteriser on the emulated appliance compiles each with LLVM).
bool drawsOnThisDevice(SDL_Renderer* renderer, std::string& why) {
    int w = 0, h = 0;
    if (SDL_GetRendererOutputSize(renderer, &w, &h) != 0 || w < 8 || h < 8) {
        why = sdlError("no output size");
        return false;
    }
    constexpr int kTexW = 2, kTexH = 3;
    const std::unique_ptr<SDL_Texture, void (*)(SDL_Texture*)> white(
        SDL_CreateTexture(renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, kTexW, kTexH),
        SDL_DestroyTexture);
    const std::array<Uint32, kTexW * kTexH> opaqueWhite{0xFFFFFFFFU, 0xFFFFFFFFU, 0xFFFFFFFFU,
                                                        0xFFFFFFFFU, 0xFFFFFFFFU, 0xFFFFFFFFU};
    if (!white || SDL_UpdateTexture(white.get(), nullptr, opaqueWhite.data(), kTexW * 4) != 0 ||
        SDL_SetTextureBlendMode(white.get(), SDL_BLENDMODE_BLEND) != 0) {
        why = sdlError("cannot make a texture");
        return false;
    }
    SDL_SetRenderDrawColor(renderer, 0x14, 0x1B, 0x2D, 0xFF);
    SDL_RenderClear(renderer);
    const auto fw = float(w), fh = float(h);
    const SDL_Color amber{0xF0, 0xAD, 0x1C, 0xFF}, green{0x2F, 0xB3, 0x6B, 0xFF};
    const auto quad = [&](float x0, float x1, SDL_Color c, SDL_Vertex* v) {
        v[0] = {{x0, fh * 0.25f}, c, {0.5f, 0.5f}};
        v[1] = {{x1, fh * 0.25f}, c, {0.5f, 0.5f}};
        v[2] = {{x1, fh * 0.75f}, c, {0.5f, 0.5f}};
        v[3] = {{x0, fh * 0.75f}, c, {0.5f, 0.5f}};
    };
    std::array<SDL_Vertex, 8> v{};
    quad(fw * 0.1f, fw * 0.45f, amber, v.data());
    quad(fw * 0.55f, fw * 0.9f, green, v.data() + 4);
    const std::array<int, 12> index{0, 1, 2, 0, 2, 3, 4, 5, 6, 4, 6, 7};
    if (SDL_RenderGeometry(renderer, white.get(), v.data(), 8, index.data(), 12) != 0) {
        why = sdlError("cannot draw geometry");
        return false;
    }
    for (const auto& [x, c] : {std::pair{w * 3 / 10, amber}, std::pair{w * 7 / 10, green}}) {
        std::array<Uint8, 4> px{};
        const SDL_Rect at{x, h / 2, 1, 1};
        if (SDL_RenderReadPixels(renderer, &at, SDL_PIXELFORMAT_ABGR8888, px.data(), 4) != 0) {
            why = sdlError("cannot read back");
            return false;
        }
        if (std::abs(int(px[0]) - c.r) >= 16 || std::abs(int(px[1]) - c.g) >= 16 ||
            std::abs(int(px[2]) - c.b) >= 16) {
            char text[96];
            std::snprintf(text, sizeof text, "drew #%02X%02X%02X, read back #%02X%02X%02X", c.r, c.g, c.b,
                          px[0], px[1], px[2]);
            why = text;
            return false;
        }
    }
    return true;
}

/// The renderer "auto" tries, in order: on the console (KMSDRM) GLES 2 first, which draws on
/// the Pi's V3D and on Mesa's virtio GPU, where SDL's default ("opengl") shows only the clear
/// colour and "software" a black screen; elsewhere SDL's own first choice.
std::vector<std::string> autoRenderers() {
    const std::string driver = SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "";
    if (driver == "KMSDRM" || driver == "kmsdrm") return {"opengles2", "opengl", "software"};
    return {"", "software"}; // "": SDL's first accelerated renderer
}

int renderDriverIndex(const std::string& name) {
    for (int i = 0; i < SDL_GetNumRenderDrivers(); ++i) {
        SDL_RendererInfo info;
        if (SDL_GetRenderDriverInfo(i, &info) == 0 && name == info.name) return i;
    }
    return -1;
}
} // namespace

struct Display::FontBuild {
    ImFontAtlas atlas;
    ImVector<ImWchar> ranges; ///< the atlas points at these until ClearInputData()
    Fonts fonts;
    float scale = 0;
};

Display::Display(const DisplayOptions& options) {
    // We map touch ourselves (see applyTouch); SDL's emulated mouse would double it.
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
        throw std::runtime_error(sdlError("SDL_Init failed"));
    traceStart("SDL_Init");

    // The fonts are rasterised on a helper thread while SDL makes the window and the renderer
    // (on the appliance these load and start the GL driver: most of the start-up). Their size
    // comes from the room and the output, which the desktop mode predicts; should the renderer's
    // output differ, they are built again for it below.
    int predictedWidth = options.width;
    int predictedHeight = options.height;
    SDL_DisplayMode desktop{};
    if (options.fullscreen && SDL_GetDesktopDisplayMode(0, &desktop) == 0) {
        predictedWidth = desktop.w;
        predictedHeight = desktop.h;
    }
    const float predictedScale = roomScale(options.room, predictedWidth, predictedHeight).scale;
    auto fonts = std::async(std::launch::async, [dir = options.fontDir, predictedScale] {
        return buildFonts(dir, predictedScale);
    });

    Uint32 flags = SDL_WINDOW_SHOWN | SDL_WINDOW_ALLOW_HIGHDPI;
    if (options.fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    m_window.reset(SDL_CreateWindow("Regiebord", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                    options.width, options.height, flags));
    if (!m_window) throw std::runtime_error(sdlError("cannot open a window"));
    traceStart("window");

    if (options.renderer == "software") {
        m_renderer.reset(SDL_CreateRenderer(m_window.get(), -1, SDL_RENDERER_SOFTWARE));
    } else if (options.renderer != "auto") {
        const int index = renderDriverIndex(options.renderer);
        if (index < 0) throw std::runtime_error("unknown renderer \"" + options.renderer + "\"");
        m_renderer.reset(SDL_CreateRenderer(m_window.get(), index, SDL_RENDERER_ACCELERATED));
    } else {
        // The kiosk's own choice: the first candidate that is there and draws (checked by
        // reading a probe back); what was passed over and why goes to the journal.
        std::string fallback; // the first that could be made, if none draws the probe
        for (const std::string& name : autoRenderers()) {
            const std::string shown = name.empty() ? "SDL's default" : name;
            const int index = name.empty() || name == "software" ? -1 : renderDriverIndex(name);
            if (!name.empty() && name != "software" && index < 0) continue; // not in this SDL
            m_renderer.reset(
                SDL_CreateRenderer(m_window.get(), index,
                                   name == "software" ? SDL_RENDERER_SOFTWARE : SDL_RENDERER_ACCELERATED));
            if (!m_renderer) {
                m_rendererNotes += "; " + shown + ": " + SDL_GetError();
                continue;
            }
            std::string why;
            if (name == "software" || drawsOnThisDevice(m_renderer.get(), why)) {
                m_rendererNotes +=
                    "; chosen by auto" + std::string(name == "software" ? "" : ", probe drawn");
                break;
            }
            m_rendererNotes += "; " + shown + " passed over: " + why;
            m_renderer.reset();
            if (fallback.empty()) fallback = name.empty() ? "-" : name;
        }
        if (!m_renderer && !fallback.empty()) {
            // None drew the probe right: the first is still better than a black screen.
            const int index = fallback == "-" ? -1 : renderDriverIndex(fallback);
            m_renderer.reset(SDL_CreateRenderer(m_window.get(), index, SDL_RENDERER_ACCELERATED));
            m_rendererNotes += "; NO RENDERER DREW THE PROBE RIGHT, using the first anyway";
        }
    }
    if (!m_renderer) throw std::runtime_error(sdlError("cannot create a renderer") + m_rendererNotes);
    traceStart("renderer");
    SDL_GetRendererOutputSize(m_renderer.get(), &m_outputWidth, &m_outputHeight);
    SDL_RendererInfo info{};
    m_software =
        SDL_GetRendererInfo(m_renderer.get(), &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE) != 0;
    m_rotation = options.rotation;
    const bool sideways = m_rotation == 90 || m_rotation == 270;
    m_width = sideways ? m_outputHeight : m_outputWidth;
    m_height = sideways ? m_outputWidth : m_outputHeight;
    if (m_rotation != 0) {
        // Rotated: ImGui draws into a texture of the picture's size, turned onto the output.
        m_target.reset(SDL_CreateTexture(m_renderer.get(), SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET,
                                         m_width, m_height));
        if (!m_target) throw std::runtime_error(sdlError("cannot create the rotation texture"));
    }

    // The type scale from the room: body text read from the farthest seat (room_profile.hpp),
    // on the whole panel (the output; rotation does not change its diagonal).
    m_profile = options.room;
    m_room = roomScale(options.room, m_outputWidth, m_outputHeight);
    m_scale = m_room.scale;

    // The screen takes the board's background at once, while the fonts may still be in the
    // making. On KMSDRM this first present sets the mode (drmModeSetCrtc): on the emulated
    // appliance (virtio-gpu) the picture of that present stayed black until the next page flip,
    // so a board drawn first would wait, black, for its next redraw (up to the clock's minute).
    // The board comes with the second present, a page flip.
    SDL_SetRenderDrawColor(m_renderer.get(), 0x14, 0x1B, 0x2D, 0xFF);
    SDL_RenderClear(m_renderer.get());
    SDL_RenderPresent(m_renderer.get());
    traceStart("background presented");

    std::unique_ptr<FontBuild> built = fonts.get(); // rethrows what the helper thread ran into
    traceStart("fonts ready (helper thread)");
    if (built->scale != m_scale) built = buildFonts(options.fontDir, m_scale);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext(&built->atlas);
    m_imguiReady = true;
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    applyStyle(m_scale);
    useFonts(std::move(built));
    traceStart("fonts and font texture");
    ImGui_ImplSDL2_InitForSDLRenderer(m_window.get());
    ImGui_ImplSDLRenderer_Init(m_renderer.get());
    m_backendsReady = true;
}

Display::~Display() {
    if (m_backendsReady) {
        ImGui_ImplSDLRenderer_Shutdown();
        ImGui_ImplSDL2_Shutdown();
    }
    if (m_imguiReady) ImGui::DestroyContext();
    m_fontTexture.reset();
    m_target.reset();
    m_renderer.reset();
    m_window.reset();
    SDL_Quit();
}

std::unique_ptr<Display::FontBuild> Display::buildFonts(const std::string& fontDir, float scale) {
    const std::filesystem::path dir(fontDir);
    const std::string regular = (dir / "DejaVuSans.ttf").string();
    const std::string bold = (dir / "DejaVuSans-Bold.ttf").string();
    for (const auto& f : {regular, bold})
        if (!std::filesystem::exists(f))
            throw std::runtime_error("font not found: " + f + " (install fonts-dejavu-core)");

    auto build = std::make_unique<FontBuild>();
    build->scale = scale;
    ImFontAtlas& atlas = build->atlas;
    // Latin-1 + Latin Extended-A (Dutch and the names of the region), typography
    // and the few symbols the screens use for status (icon + colour + word), plus
    // ≈ ≠ ≤ ≥ that definitions' criteria use.
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(atlas.GetGlyphRangesDefault());
    static constexpr ImWchar kExtra[] = {0x0100, 0x017F, 0x2010, 0x2027, 0x2039, 0x203A, 0x20AC, 0x20AC,
                                         0x2190, 0x2193, 0x2248, 0x2248, 0x2260, 0x2265, 0x25A0, 0x25D0,
                                         0x2605, 0x2605, 0x26A0, 0x26A0, 0x2713, 0x2717, 0};
    builder.AddRanges(kExtra);
    builder.BuildRanges(&build->ranges);
    const ImWchar* ranges = build->ranges.Data;

    atlas.FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    atlas.FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;
    // The atlas as tall as its glyphs need, not rounded up to a power of two:
    // at 1080p 1024x~1400 instead of 1024x2048.
    atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    ImFontConfig config;
    config.OversampleH = 1; // FreeType ignores oversampling; stated so for stb_truetype too
    config.OversampleV = 1;
    const float u = scale;
    Fonts& fonts = build->fonts;
    fonts.body = atlas.AddFontFromFileTTF(regular.c_str(), std::round(kBodyFontUnits * u), &config, ranges);
    fonts.small = atlas.AddFontFromFileTTF(regular.c_str(), std::round(kSmallFontUnits * u), &config, ranges);
    fonts.heading =
        atlas.AddFontFromFileTTF(bold.c_str(), std::round(kHeadingFontUnits * u), &config, ranges);
    fonts.big = atlas.AddFontFromFileTTF(bold.c_str(), std::round(kBigFontUnits * u), &config, ranges);
    if (!fonts.body || !fonts.small || !fonts.heading || !fonts.big || !atlas.Build())
        throw std::runtime_error("cannot load fonts from " + fontDir);
    unsigned char* alpha = nullptr;
    int w = 0;
    int h = 0;
    atlas.GetTexDataAsAlpha8(&alpha, &w, &h); // built: the pixels are there
    return build;
}

void Display::useFonts(std::unique_ptr<FontBuild> build) {
    m_fontBuild = std::move(build);
    m_fonts = m_fontBuild->fonts;
    ImGui::GetIO().FontDefault = m_fonts.body;
    ImFontAtlas& atlas = m_fontBuild->atlas;
    createFontTexture(atlas.TexPixelsAlpha8);
    // The texture has the pixels now: ImGui's copy (~1.4 MB at 1080p) can go, and so can
    // the font files it read (~2.9 MB): the glyphs are rasterised, nothing reads them again.
    atlas.ClearTexData();
    atlas.ClearInputData();
    m_fontBuild->ranges.clear();
}

void Display::createFontTexture(const unsigned char* alpha) {
    // Instead of the backend's: it converts the atlas to a second RGBA copy and
    // uploads that (~30 ms at 1080p). Here the 8-bit atlas is written straight
    // into the texture as white with alpha, the format SDL's software renderer
    // blends fastest onto the window.
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    const int w = atlas.TexWidth;
    const int h = atlas.TexHeight;
    m_fontTexture.reset(
        SDL_CreateTexture(m_renderer.get(), SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, w, h));
    if (!m_fontTexture) throw std::runtime_error(sdlError("cannot create the font texture"));
    void* pixels = nullptr;
    int pitch = 0;
    if (SDL_LockTexture(m_fontTexture.get(), nullptr, &pixels, &pitch) != 0)
        throw std::runtime_error(sdlError("cannot fill the font texture"));
    for (int y = 0; y < h; ++y) {
        auto* row = reinterpret_cast<Uint32*>(static_cast<unsigned char*>(pixels) +
                                              static_cast<std::ptrdiff_t>(y) * pitch);
        const unsigned char* src = alpha + static_cast<std::ptrdiff_t>(y) * w;
        for (int x = 0; x < w; ++x)
            row[x] = (static_cast<Uint32>(src[x]) << 24) | 0x00FFFFFFU;
    }
    SDL_UnlockTexture(m_fontTexture.get());
    SDL_SetTextureBlendMode(m_fontTexture.get(), SDL_BLENDMODE_BLEND);
    atlas.SetTexID(m_fontTexture.get());
}

ImVec2 Display::fingerPicture(const SDL_TouchFingerEvent& finger) const {
    // Finger coordinates are normalised to the window.
    return toPicture(
        ImVec2(finger.x * static_cast<float>(m_outputWidth), finger.y * static_cast<float>(m_outputHeight)));
}

void Display::notePointer(const SDL_Event& event) {
    const auto pictureY = [this](Sint32 x, Sint32 y) {
        return toPicture(ImVec2(static_cast<float>(x), static_cast<float>(y))).y;
    };
    switch (event.type) {
    case SDL_FINGERDOWN:
        m_pointerPath.press(event.tfinger.timestamp, fingerPicture(event.tfinger).y);
        break;
    case SDL_FINGERMOTION:
        if (m_fingerDown) m_pointerPath.move(event.tfinger.timestamp, fingerPicture(event.tfinger).y);
        break;
    case SDL_FINGERUP:
        m_pointerPath.lift(event.tfinger.timestamp, fingerPicture(event.tfinger).y);
        break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (event.button.button != SDL_BUTTON_LEFT) break;
        if (event.type == SDL_MOUSEBUTTONDOWN)
            m_pointerPath.press(event.button.timestamp, pictureY(event.button.x, event.button.y));
        else
            m_pointerPath.lift(event.button.timestamp, pictureY(event.button.x, event.button.y));
        break;
    case SDL_MOUSEMOTION:
        if ((event.motion.state & SDL_BUTTON_LMASK) != 0)
            m_pointerPath.move(event.motion.timestamp, pictureY(event.motion.x, event.motion.y));
        break;
    default:
        break;
    }
}

void Display::lookedForEvents(Uint32 ticks) {
    m_pointerPath.looked(ticks);
}

std::vector<PointerSample> Display::takePointerPath() {
    return m_pointerPath.take(SDL_GetTicks(), ImGui::GetTime());
}

bool Display::processEvent(const SDL_Event& event) {
    notePointer(event);
    switch (event.type) {
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_FINGERMOTION: {
        m_touchActive = true;
        m_fingerPos = fingerPicture(event.tfinger);
        if (event.type == SDL_FINGERDOWN) {
            m_fingerDown = true;
            m_fingerPressed = true;
        } else if (event.type == SDL_FINGERUP) {
            m_fingerDown = false;
        }
        return true;
    }
    case SDL_MOUSEMOTION:
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
    case SDL_MOUSEWHEEL:
        if (event.type != SDL_MOUSEMOTION || event.motion.which != SDL_TOUCH_MOUSEID) m_touchActive = false;
        ImGui_ImplSDL2_ProcessEvent(&event);
        return true;
    case SDL_KEYDOWN:
    case SDL_KEYUP:
    case SDL_TEXTINPUT:
        ImGui_ImplSDL2_ProcessEvent(&event);
        return true;
    case SDL_WINDOWEVENT:
        ImGui_ImplSDL2_ProcessEvent(&event);
        return event.window.event == SDL_WINDOWEVENT_EXPOSED ||
               event.window.event == SDL_WINDOWEVENT_SIZE_CHANGED;
    default:
        return false;
    }
}

ImVec2 Display::toPicture(ImVec2 p) const {
    const auto w = static_cast<float>(m_outputWidth);
    const auto h = static_cast<float>(m_outputHeight);
    switch (m_rotation) {
    case 90:
        return {p.y, w - p.x};
    case 180:
        return {w - p.x, h - p.y};
    case 270:
        return {h - p.y, p.x};
    default:
        return p;
    }
}

void Display::applyTouch() {
    // After the backend's NewFrame: the finger overrides the mouse. A press
    // shorter than a frame still counts as held for this frame, and the
    // position stays through the release frame, since buttons fire on release.
    if (!m_touchActive) return;
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = m_fingerPos;
    io.MouseDown[0] = m_fingerDown || m_fingerPressed;
    m_fingerPressed = false;
}

void Display::beginFrame() {
    // Not ImGui_ImplSDLRenderer_NewFrame(): its only work is making the font
    // texture, which createFontTexture() has done.
    ImGui_ImplSDL2_NewFrame();
    if (m_rotation != 0) {
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(static_cast<float>(m_width), static_cast<float>(m_height));
        io.DisplayFramebufferScale = ImVec2(1, 1);
        if (io.MousePos.x > -FLT_MAX) io.MousePos = toPicture(io.MousePos);
    }
    applyTouch();
    ImGui::NewFrame();
}

void Display::endFrame() {
    ImGui::Render();
}

void Display::renderFrame() {
    if (m_target) SDL_SetRenderTarget(m_renderer.get(), m_target.get());
    SDL_SetRenderDrawColor(m_renderer.get(), 0x14, 0x1B, 0x2D, 0xFF);
    SDL_RenderClear(m_renderer.get());
    if (m_software)
        renderDrawData(m_renderer.get(), ImGui::GetDrawData());
    else
        ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    if (!m_target) return;
    // Turn the picture onto the output about the centre (angles are clockwise).
    SDL_SetRenderTarget(m_renderer.get(), nullptr);
    SDL_RenderSetViewport(m_renderer.get(), nullptr);
    SDL_RenderSetClipRect(m_renderer.get(), nullptr);
    SDL_SetRenderDrawColor(m_renderer.get(), 0, 0, 0, 0xFF);
    SDL_RenderClear(m_renderer.get());
    const SDL_Rect dst{(m_outputWidth - m_width) / 2, (m_outputHeight - m_height) / 2, m_width, m_height};
    SDL_RenderCopyEx(m_renderer.get(), m_target.get(), nullptr, &dst, m_rotation, nullptr, SDL_FLIP_NONE);
}

void Display::present() {
    SDL_RenderPresent(m_renderer.get());
}

std::optional<std::vector<unsigned char>> Display::readPixels(std::string& error) {
    // What the output shows (turned, when rotated), RGBA.
    const int w = m_outputWidth;
    const int h = m_outputHeight;
    std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
    if (SDL_RenderReadPixels(m_renderer.get(), nullptr, SDL_PIXELFORMAT_ABGR8888, pixels.data(), w * 4) !=
        0) {
        error = sdlError("cannot read pixels");
        return std::nullopt;
    }
    return pixels;
}

bool Display::savePng(const std::string& path, std::string& error) {
    auto read = readPixels(error);
    if (!read) return false;
    std::vector<unsigned char>& pixels = *read;
    const int w = m_outputWidth;
    const int h = m_outputHeight;
    for (std::size_t i = 3; i < pixels.size(); i += 4)
        pixels[i] = 0xFF; // opaque
    if (stbi_write_png(path.c_str(), w, h, 4, pixels.data(), w * 4) == 0) {
        error = "cannot write " + path;
        return false;
    }
    return true;
}

std::optional<std::string> Display::encodePicture(const std::vector<unsigned char>& pixels, int w, int h,
                                                  int maxWidth) {
    if (w <= 0 || h <= 0 || pixels.size() < static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4)
        return std::nullopt;
    const int factor = std::max(1, (w + maxWidth - 1) / std::max(1, maxWidth));
    const int sw = w / factor;
    const int sh = h / factor;
    std::vector<unsigned char> small(static_cast<std::size_t>(sw) * static_cast<std::size_t>(sh) * 3);
    for (int y = 0; y < sh; ++y)
        for (int x = 0; x < sw; ++x)
            for (int c = 0; c < 3; ++c) {
                unsigned sum = 0;
                for (int dy = 0; dy < factor; ++dy)
                    for (int dx = 0; dx < factor; ++dx)
                        sum +=
                            pixels[(static_cast<std::size_t>(y * factor + dy) * static_cast<std::size_t>(w) +
                                    static_cast<std::size_t>(x * factor + dx)) *
                                       4 +
                                   static_cast<std::size_t>(c)];
                small[(static_cast<std::size_t>(y) * static_cast<std::size_t>(sw) +
                       static_cast<std::size_t>(x)) *
                          3 +
                      static_cast<std::size_t>(c)] =
                    static_cast<unsigned char>(sum / static_cast<unsigned>(factor * factor));
            }
    std::string png;
    const auto append = [](void* context, void* data, int size) {
        static_cast<std::string*>(context)->append(static_cast<const char*>(data),
                                                   static_cast<std::size_t>(size));
    };
    if (stbi_write_png_to_func(append, &png, sw, sh, 3, small.data(), sw * 3) == 0 || png.empty())
        return std::nullopt;
    return png;
}

float Display::bodyCapPx() const {
    return capHeight(m_fonts.body, m_fonts.body ? m_fonts.body->FontSize : 0.0f);
}

std::string Display::describeType() const {
    char text[200];
    const double wanted = bodyCapMillimetres(m_profile);
    std::snprintf(text, sizeof text,
                  "type: body text capitals %.1f mm (%.0f px) on a %d\" screen, for %.1f m", m_room.bodyCapMm,
                  double(bodyCapPx()), m_profile.screenInches, m_profile.viewingDistanceCm / 100.0);
    std::string line(text);
    if (m_room.tooSmall) {
        std::snprintf(text, sizeof text,
                      "; the screen is too small for that distance: %.1f mm is needed (room.screen_inches, "
                      "room.viewing_distance_cm)",
                      wanted);
        line += text;
    }
    return line;
}

std::string Display::describe() const {
    SDL_RendererInfo info{};
    SDL_GetRendererInfo(m_renderer.get(), &info);
    return std::string("video driver ") + SDL_GetCurrentVideoDriver() + ", renderer " + info.name + ", " +
           std::to_string(m_outputWidth) + "x" + std::to_string(m_outputHeight) + ", rotation " +
           std::to_string(m_rotation) + ", scale " + std::to_string(m_scale) + m_rendererNotes;
}

} // namespace regiebord::ui
