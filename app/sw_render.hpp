#pragma once
// Dear ImGui draw data onto SDL's software renderer.

#include <SDL.h>

struct ImDrawData;

namespace regiebord::ui {

/// Draws like imgui_impl_sdlrenderer, but sends solid-colour geometry (every
/// vertex on the atlas's white pixel) without the texture. SDL's software
/// renderer samples the texture for every pixel of a textured triangle; for
/// untextured ones it fills instead, and opaque ones go straight into the
/// frame. At 1080p that halves the time to draw a screen (~60 -> ~34 ms for
/// the overview here), with the same picture (at most 3/255 apart:
/// tests/unit/test_sw_render.cpp).
void renderDrawData(SDL_Renderer* renderer, const ImDrawData* drawData);

} // namespace regiebord::ui
