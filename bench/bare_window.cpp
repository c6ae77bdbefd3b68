// regiebord-bare-window: the baseline for the kiosk's memory figure in
// bench/ui_bench.sh. An SDL window and renderer made exactly the way
// app/display.cpp makes them (same hints, same flags, same renderer choice),
// cleared and presented once, then idle until --exit-after or SDL_QUIT.
// No ImGui, no fonts, no sync engine, no SQLite.
// Usage: regiebord-bare-window [--size WxH] [--renderer auto|software|NAME] [--exit-after S]
// Not part of ctest; see docs/performance.md.

#include "start_clock.hpp"

#include <SDL.h>
#include <ctime>
#include <sstream>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <malloc.h>
#include <string>

int main(int argc, char** argv) {
    mallopt(M_ARENA_MAX, 1); // as app/main.cpp: the same malloc configuration as the kiosk
    regiebord::traceStart("main");
    setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:", 0); // as app/main.cpp: no D-Bus autolaunch
    setenv("XCOMPOSEFILE", "/dev/null", 0);             // as app/main.cpp: no compose table
    int width = 1920;
    int height = 1080;
    std::string renderer = "software";
    double exitAfter = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
        if (arg == "--size" && value) {
            if (std::sscanf(value, "%dx%d", &width, &height) != 2) return 2;
            ++i;
        } else if (arg == "--renderer" && value) {
            renderer = value;
            ++i;
        } else if (arg == "--exit-after" && value) {
            exitAfter = std::strtod(value, nullptr);
            ++i;
        } else {
            std::fprintf(stderr, "usage: regiebord-bare-window [--size WxH] [--renderer auto|software|NAME] "
                                 "[--exit-after S]\n");
            return 2;
        }
    }

    // As app/display.cpp.
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        std::fprintf(stderr, "bare-window: SDL_Init failed: %s\n", SDL_GetError());
        return 1;
    }
    regiebord::traceStart("SDL_Init");
    SDL_Window* window =
        SDL_CreateWindow("Regiebord (bare window)", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width,
                         height, SDL_WINDOW_SHOWN | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!window) {
        std::fprintf(stderr, "bare-window: cannot open a window: %s\n", SDL_GetError());
        return 1;
    }
    int index = -1;
    Uint32 flags = SDL_RENDERER_ACCELERATED;
    if (renderer == "software") {
        flags = SDL_RENDERER_SOFTWARE;
    } else if (renderer != "auto") {
        for (int i = 0; i < SDL_GetNumRenderDrivers(); ++i) {
            SDL_RendererInfo info;
            if (SDL_GetRenderDriverInfo(i, &info) == 0 && renderer == info.name) index = i;
        }
        if (index < 0) {
            std::fprintf(stderr, "bare-window: unknown renderer \"%s\"\n", renderer.c_str());
            return 2;
        }
    }
    regiebord::traceStart("window");
    SDL_Renderer* r = SDL_CreateRenderer(window, index, flags);
    if (!r && renderer == "auto") r = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE);
    if (!r) {
        std::fprintf(stderr, "bare-window: cannot create a renderer: %s\n", SDL_GetError());
        return 1;
    }
    regiebord::traceStart("renderer");
    SDL_RendererInfo info{};
    SDL_GetRendererInfo(r, &info);
    int w = 0;
    int h = 0;
    SDL_GetRendererOutputSize(r, &w, &h);
    std::fprintf(stderr, "bare-window: video driver %s, renderer %s, %dx%d\n", SDL_GetCurrentVideoDriver(),
                 info.name, w, h);

    const Uint64 start = SDL_GetTicks64();
    long frames = 0;
    bool dirty = true;
    bool quit = false;
    while (!quit) {
        if (dirty) {
            SDL_SetRenderDrawColor(r, 0x14, 0x1B, 0x2D, 0xFF);
            SDL_RenderClear(r);
            SDL_RenderPresent(r);
            if (++frames == 1)
                std::fprintf(stderr, "bare-window: first frame %.0f ms after process start\n",
                             regiebord::msSinceProcessStart());
            dirty = false;
        }
        SDL_Event event;
        if (SDL_WaitEventTimeout(&event, 200)) {
            do {
                if (event.type == SDL_QUIT) quit = true;
                if (event.type == SDL_WINDOWEVENT && (event.window.event == SDL_WINDOWEVENT_EXPOSED ||
                                                      event.window.event == SDL_WINDOWEVENT_SIZE_CHANGED))
                    dirty = true;
            } while (SDL_PollEvent(&event));
        }
        if (exitAfter > 0 && static_cast<double>(SDL_GetTicks64() - start) / 1000.0 > exitAfter) quit = true;
    }
    std::fprintf(stderr, "bare-window: stopped after %ld frames\n", frames);
    SDL_DestroyRenderer(r);
    SDL_DestroyWindow(window);
    SDL_Quit();
    return 0;
}
