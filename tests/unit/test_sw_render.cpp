// renderDrawData (solid shapes sent to SDL's software renderer without the font texture)
// against Dear ImGui's own SDL_Renderer backend: the same picture, within 3/255 per channel,
// at fractional positions, with and without ImGui's anti-aliased edges. Renders into an SDL
// surface (no window, no display needed).

#include "sw_render.hpp"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <vector>

using namespace regiebord::ui;

namespace {

constexpr int kWidth = 640;
constexpr int kHeight = 480;

struct Canvas {
    Canvas() {
        surface = SDL_CreateRGBSurfaceWithFormat(0, kWidth, kHeight, 32, SDL_PIXELFORMAT_ARGB8888);
        REQUIRE(surface != nullptr);
        renderer = SDL_CreateSoftwareRenderer(surface);
        REQUIRE(renderer != nullptr);
    }
    ~Canvas() {
        SDL_DestroyRenderer(renderer);
        SDL_FreeSurface(surface);
    }
    Canvas(const Canvas&) = delete;
    Canvas& operator=(const Canvas&) = delete;

    /// Through renderDrawData, or through the backend's ImGui_ImplSDLRenderer_RenderDrawData.
    void draw(ImDrawData* data, bool ours) {
        SDL_SetRenderDrawColor(renderer, 0x14, 0x1B, 0x2D, 0xFF);
        SDL_RenderClear(renderer);
        if (ours)
            renderDrawData(renderer, data);
        else
            ImGui_ImplSDLRenderer_RenderDrawData(data);
        SDL_RenderFlush(renderer);
    }
    std::vector<Uint32> pixels() const {
        std::vector<Uint32> out(static_cast<std::size_t>(kWidth) * kHeight);
        for (int y = 0; y < kHeight; ++y)
            std::memcpy(&out[static_cast<std::size_t>(y) * kWidth],
                        static_cast<const char*>(surface->pixels) +
                            static_cast<std::ptrdiff_t>(y) * surface->pitch,
                        kWidth * sizeof(Uint32));
        return out;
    }

    SDL_Surface* surface = nullptr;
    SDL_Renderer* renderer = nullptr;
};

/// An ImGui context with the built-in font on a texture of the canvas's renderer, and the
/// backend set up on that renderer.
struct Gui {
    explicit Gui(SDL_Renderer* renderer) {
        context = ImGui::CreateContext();
        REQUIRE(ImGui_ImplSDLRenderer_Init(renderer));
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(kWidth, kHeight);
        io.DeltaTime = 1.0f / 60.0f;
        unsigned char* rgba = nullptr;
        int w = 0;
        int h = 0;
        io.Fonts->GetTexDataAsRGBA32(&rgba, &w, &h);
        texture = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STATIC, w, h);
        REQUIRE(texture != nullptr);
        SDL_UpdateTexture(texture, nullptr, rgba, w * 4);
        SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
        io.Fonts->SetTexID(texture);
    }
    ~Gui() {
        ImGui_ImplSDLRenderer_Shutdown();
        ImGui::DestroyContext(context);
        SDL_DestroyTexture(texture);
    }
    Gui(const Gui&) = delete;
    Gui& operator=(const Gui&) = delete;

    ImGuiContext* context = nullptr;
    SDL_Texture* texture = nullptr;
};

ImU32 opaque(std::mt19937& random) {
    std::uniform_int_distribution<int> channel(0, 255);
    return IM_COL32(channel(random), channel(random), channel(random), 255);
}

/// Shapes at fractional positions and sizes: rounded rectangles (the panels), circles,
/// convex polygons, plain rectangles, a translucent one, text, and shapes cut by a clip rect.
void drawShapes(ImDrawList* dl, unsigned seed) {
    std::mt19937 random(seed);
    std::uniform_real_distribution<float> x(-20.0f, kWidth + 20.0f);
    std::uniform_real_distribution<float> y(-20.0f, kHeight + 20.0f);
    std::uniform_real_distribution<float> extent(0.3f, 220.0f);
    const float roundings[] = {0.0f, 0.5f, 1.5f, 4.0f, 10.25f, 14.0f, 37.7f};
    for (int i = 0; i < 60; ++i) {
        const ImVec2 a(x(random), y(random));
        const ImVec2 b(a.x + extent(random), a.y + extent(random));
        dl->AddRectFilled(a, b, opaque(random), roundings[i % 7]);
    }
    for (int i = 0; i < 30; ++i)
        dl->AddCircleFilled(ImVec2(x(random), y(random)), extent(random) / 3, opaque(random),
                            i % 3 == 0 ? 0 : 5 + i);
    for (int i = 0; i < 10; ++i) { // a convex pentagon, turned
        const ImVec2 c(x(random), y(random));
        const float r = extent(random) / 2;
        ImVec2 points[5];
        for (int k = 0; k < 5; ++k) {
            const float angle = static_cast<float>(i) * 0.3f + static_cast<float>(k) * 1.2566371f;
            points[k] = ImVec2(c.x + r * std::cos(angle), c.y + r * std::sin(angle));
        }
        dl->AddConvexPolyFilled(points, 5, opaque(random));
    }
    dl->AddRectFilled(ImVec2(100.5f, 100.5f), ImVec2(300.25f, 200.75f), IM_COL32(200, 40, 40, 128), 12.0f);
    dl->AddText(ImVec2(30.3f, 40.6f), IM_COL32(255, 255, 255, 255),
                "Woningproductie 2026: 1.000 gerealiseerd");
    dl->PushClipRect(ImVec2(50.5f, 60.2f), ImVec2(400.7f, 300.4f), false);
    dl->AddRectFilled(ImVec2(20.2f, 30.7f), ImVec2(420.9f, 330.1f), IM_COL32(10, 200, 90, 255), 24.0f);
    dl->AddCircleFilled(ImVec2(400.3f, 300.6f), 60.4f, IM_COL32(250, 200, 20, 255));
    dl->PopClipRect();
}

} // namespace

TEST_CASE("solid shapes drawn without the texture look as the backend draws them", "[render]") {
    Canvas canvas;
    Gui gui(canvas.renderer);
    for (const bool antiAliased : {true, false}) {
        for (const unsigned seed : {1U, 2U, 3U}) {
            INFO("anti-aliased " << antiAliased << ", seed " << seed);
            ImGui::GetStyle().AntiAliasedFill = antiAliased;
            ImGui::NewFrame();
            drawShapes(ImGui::GetForegroundDrawList(), seed);
            ImGui::Render();
            ImDrawData* data = ImGui::GetDrawData();

            canvas.draw(data, false);
            const auto backend = canvas.pixels();
            canvas.draw(data, true);
            const auto ours = canvas.pixels();

            int worst = 0;
            std::size_t background = 0;
            for (std::size_t i = 0; i < backend.size(); ++i) {
                for (unsigned shift = 0; shift < 24; shift += 8) {
                    const int a = static_cast<int>((backend[i] >> shift) & 0xFFU);
                    const int b = static_cast<int>((ours[i] >> shift) & 0xFFU);
                    worst = std::max(worst, std::abs(a - b));
                }
                background += ours[i] == 0xFF141B2DU ? 1U : 0U;
            }
            CHECK(worst <= 3);                   // rounding where anti-aliased edges blend over each other
            CHECK(background < ours.size() / 2); // a picture, not an empty frame
        }
    }
}
