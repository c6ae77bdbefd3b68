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
/// the overview here), with the same picture (measured: at most 2/255 apart).
/// With fillSpans, opaque convex fans of three or more triangles (ImGui's rounded rectangles,
/// circles) are filled as row spans instead, pixel for pixel as SDL would fill the triangles
/// (tests/unit/test_sw_render.cpp); at 1080p a frame then takes ~8 ms instead of ~13.
/// Returns the number of polygons filled as spans.
int renderDrawData(SDL_Renderer* renderer, const ImDrawData* drawData, bool fillSpans = true);

} // namespace regiebord::ui
