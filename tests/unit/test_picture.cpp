// The small picture of the screen for IT's devices page (Display::encodePicture): shrunk by a
// whole factor, each pixel the mean of its block, as a PNG; made on a helper thread.

#include "display.hpp"

#include <catch2/catch.hpp>
#include <stb/stb_image.h>

#include <string>
#include <vector>

using regiebord::ui::Display;

TEST_CASE("the screen's picture for IT is shrunk by a whole factor, each pixel its block's mean",
          "[ui][picture]") {
    // 4 x 2 RGBA: the left block red and black, the right block white; alpha is not looked at.
    const std::vector<unsigned char> rgba{
        200, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 9, 255, 255, 255, 9, // first row
        200, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 9, 255, 255, 255, 9, // second row
    };
    const auto png = Display::encodePicture(rgba, 4, 2, 2);
    REQUIRE(png);
    int w = 0, h = 0, channels = 0;
    unsigned char* pixels = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(png->data()),
                                                  static_cast<int>(png->size()), &w, &h, &channels, 3);
    REQUIRE(pixels != nullptr);
    CHECK(w == 2);
    CHECK(h == 1);
    CHECK(static_cast<int>(pixels[0]) == 100); // red and black: half red
    CHECK(static_cast<int>(pixels[1]) == 0);
    CHECK(static_cast<int>(pixels[3]) == 255); // white
    stbi_image_free(pixels);

    // At most maxWidth: the whole picture when it is narrower already.
    const auto whole = Display::encodePicture(rgba, 4, 2, 960);
    REQUIRE(whole);
    pixels = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(whole->data()),
                                   static_cast<int>(whole->size()), &w, &h, &channels, 3);
    REQUIRE(pixels != nullptr);
    CHECK(w == 4);
    CHECK(h == 2);
    stbi_image_free(pixels);

    // Fewer pixels than the size says, or no size: nothing, and nothing read past the end.
    CHECK_FALSE(Display::encodePicture(std::vector<unsigned char>(4 * 4), 4, 2, 2));
    CHECK_FALSE(Display::encodePicture({}, 0, 0, 2));
    CHECK_FALSE(Display::encodePicture(rgba, -4, 2, 2));
}
