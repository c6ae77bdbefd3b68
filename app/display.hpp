#pragma once
// The window, renderer and Dear ImGui context: SDL2 + SDL_Renderer backend
// (software or GLES/GL through SDL, no GL context of our own), fonts sized for
// the display, touch mapped to ImGui's pointer, and PNG capture.

#include "room_profile.hpp"
#include "screens/touch_scroll.hpp"
#include "theme.hpp"

#include <SDL.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace regiebord::ui {

struct DisplayOptions {
    bool fullscreen = true;
    int width = 1920; ///< window size when not fullscreen
    int height = 1080;
    std::string renderer = "auto"; ///< "auto", "software", or an SDL render driver name (e.g. "opengles2")
    std::string fontDir = "/usr/share/fonts/truetype/dejavu";
    int rotation = 0; ///< 0, 90, 180 or 270 degrees clockwise: picture and touch turn together
    RoomProfile room; ///< sets the type scale (room_profile.hpp)
};

class Display {
public:
    /// Opens the window; throws std::runtime_error with SDL's reason on failure.
    explicit Display(const DisplayOptions& options);
    Display(const Display&) = delete;
    Display& operator=(const Display&) = delete;
    ~Display();

    /// Feeds an event to ImGui (touch included); true when it was user input.
    bool processEvent(const SDL_Event& event);
    void beginFrame();
    /// The pressed pointer's path since the last call (after beginFrame), on ImGui's clock:
    /// each event's SDL time, so that a slow frame does not make a moving finger look still.
    std::vector<PointerSample> takePointerPath();
    /// The event loop looked for events at `ticks` (SDL_GetTicks()) and found none: a lift taken
    /// later happened after that (PointerPath).
    void lookedForEvents(Uint32 ticks);
    /// Ends the ImGui frame: laid out, nothing drawn yet.
    void endFrame();
    /// Draws the frame endFrame laid out into the back buffer (not yet shown).
    void renderFrame();
    void present();
    /// Writes the back buffer as PNG (call between endFrame and present).
    bool savePng(const std::string& path, std::string& error);
    /// What the output shows (turned, when rotated) as RGBA rows of outputWidth() x
    /// outputHeight(); nullopt, with `error`, when the renderer cannot read them. On the UI
    /// thread (the renderer's), between renderFrame and present.
    std::optional<std::vector<unsigned char>> readPixels(std::string& error);
    int outputWidth() const { return m_outputWidth; }
    int outputHeight() const { return m_outputHeight; }
    /// RGBA rows of width x height as a PNG in memory, shrunk by a whole factor to at most
    /// maxWidth pixels wide (each pixel the mean of its block); nullopt when it cannot be
    /// encoded. Touches no display: for a helper thread.
    static std::optional<std::string> encodePicture(const std::vector<unsigned char>& rgba, int width,
                                                    int height, int maxWidth);

    float scale() const { return m_scale; }
    /// The type scale this screen got from its room (room_profile.hpp).
    const RoomScale& room() const { return m_room; }
    /// Capitals of the body text, and the smallest the room may be shown, in px.
    float bodyCapPx() const;
    float minCapPx() const { return kMinTextShare * bodyCapPx(); }
    /// One line for the journal: the type's size in mm, and whether the screen is too small.
    std::string describeType() const;
    const Fonts& fonts() const { return m_fonts; }
    std::string describe() const; ///< driver, renderer and size, for the log
    /// The picture's size (the output size, swapped at 90 and 270 degrees).
    int width() const { return m_width; }
    int height() const { return m_height; }
    int rotation() const { return m_rotation; }

private:
    struct FontBuild; ///< the fonts' atlas and what it points at (display.cpp)
    /// Builds the atlas for `scale` apart from any ImGui context: the constructor runs it on a
    /// helper thread while SDL makes the window and the renderer.
    static std::unique_ptr<FontBuild> buildFonts(const std::string& fontDir, float scale);
    /// The built atlas as ImGui's fonts and the font texture.
    void useFonts(std::unique_ptr<FontBuild> build);
    void createFontTexture(const unsigned char* alpha);
    void applyTouch();
    /// Output (window) coordinates to picture coordinates.
    ImVec2 toPicture(ImVec2 output) const;

    struct WindowDeleter {
        void operator()(SDL_Window* w) const { SDL_DestroyWindow(w); }
    };
    struct RendererDeleter {
        void operator()(SDL_Renderer* r) const { SDL_DestroyRenderer(r); }
    };
    std::unique_ptr<SDL_Window, WindowDeleter> m_window;
    std::unique_ptr<SDL_Renderer, RendererDeleter> m_renderer;
    struct TextureDeleter {
        void operator()(SDL_Texture* t) const { SDL_DestroyTexture(t); }
    };
    std::unique_ptr<SDL_Texture, TextureDeleter> m_target; ///< the picture, when rotated
    std::unique_ptr<SDL_Texture, TextureDeleter> m_fontTexture;
    bool m_software = false;     ///< SDL's software renderer: draw through renderDrawData
    std::string m_rendererNotes; ///< how "auto" chose the renderer, for describe()
    int m_rotation = 0;
    int m_outputWidth = 0;
    int m_outputHeight = 0;
    bool m_imguiReady = false;
    bool m_backendsReady = false;
    int m_width = 0;
    int m_height = 0;
    float m_scale = 1.0f;
    RoomProfile m_profile;
    RoomScale m_room;
    Fonts m_fonts;
    std::unique_ptr<FontBuild> m_fontBuild; ///< the atlas ImGui's context uses; outlives it

    // Touch: fingers drive ImGui's pointer (SDL's touch-to-mouse is off).
    bool m_touchActive = false;
    bool m_fingerDown = false;
    bool m_fingerPressed = false; ///< a press arrived since the last frame
    ImVec2 m_fingerPos{-FLT_MAX, -FLT_MAX};
    /// The pressed pointer's positions since the last frame: SDL's event time (ms) and the
    /// picture's y (takePointerPath()).
    PointerPath m_pointerPath;
    void notePointer(const SDL_Event& event);
    /// A finger's point in the picture (SDL gives it normalised to the output).
    ImVec2 fingerPicture(const SDL_TouchFingerEvent& finger) const;
};

} // namespace regiebord::ui
