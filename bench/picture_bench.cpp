// The screen's picture for IT's devices page (HubPicture::offer, app/hub_picture.cpp): what shrinking and
// encoding cost, the part that moved off the UI thread in session 21. Reads screenshots
// (PNG files, e.g. docs/screens/overzicht.png and overzicht-3840x2160.png) and times
// Display::encodePicture on each, at the kiosk's width (960 px), 20 times; prints the median.
//   regiebord-picture-bench FILE.png...

#include "display.hpp"

#include <stb/stb_image.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE.png...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; ++i) {
        int w = 0, h = 0, channels = 0;
        unsigned char* loaded = stbi_load(argv[i], &w, &h, &channels, 4);
        if (!loaded) {
            std::fprintf(stderr, "%s: cannot read\n", argv[i]);
            return 1;
        }
        const std::vector<unsigned char> rgba(loaded, loaded + static_cast<std::size_t>(w) * h * 4);
        stbi_image_free(loaded);
        std::vector<double> ms;
        std::size_t bytes = 0;
        for (int round = 0; round < 20; ++round) {
            const auto start = std::chrono::steady_clock::now();
            const auto png = regiebord::ui::Display::encodePicture(rgba, w, h, 960);
            ms.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
            bytes = png ? png->size() : 0;
        }
        std::sort(ms.begin(), ms.end());
        std::printf("%s: %dx%d -> PNG of %zu bytes: median %.1f ms (min %.1f, max %.1f) of 20\n", argv[i], w,
                    h, bytes, ms[ms.size() / 2], ms.front(), ms.back());
    }
    return 0;
}
