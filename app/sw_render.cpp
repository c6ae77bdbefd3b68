#include "sw_render.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace regiebord::ui {

namespace {

// Textured: glyphs, images and ImGui's baked lines. Opaque: one solid colour
// that nothing shows through, written straight into the frame. Blended: solid
// with alpha (anti-aliased edges, shadows, the dimmer over the screen).
enum class Kind { Textured, Opaque, Blended };

/// Consecutive triangles of one kind within one draw command, sent to SDL together.
/// The index buffer is the caller's, reused from command to command.
class Batch {
public:
    Batch(SDL_Renderer* renderer, const ImDrawVert* vertices, int vertexCount, SDL_Texture* texture,
          std::vector<int>& indices)
        : m_renderer(renderer), m_vertices(vertices), m_vertexCount(vertexCount), m_texture(texture),
          m_indices(indices) {
        m_indices.clear();
    }

    void add(Kind kind, int a, int b, int c) {
        if (kind != m_kind) {
            flush();
            m_kind = kind;
        }
        m_indices.insert(m_indices.end(), {a, b, c});
    }

    void flush() {
        if (m_indices.empty()) return;
        if (m_kind != Kind::Textured)
            SDL_SetRenderDrawBlendMode(m_renderer,
                                       m_kind == Kind::Opaque ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
        const auto* base = reinterpret_cast<const char*>(m_vertices);
        SDL_RenderGeometryRaw(
            m_renderer, m_kind == Kind::Textured ? m_texture : nullptr,
            reinterpret_cast<const float*>(base + offsetof(ImDrawVert, pos)), sizeof(ImDrawVert),
            reinterpret_cast<const SDL_Color*>(base + offsetof(ImDrawVert, col)), sizeof(ImDrawVert),
            reinterpret_cast<const float*>(base + offsetof(ImDrawVert, uv)), sizeof(ImDrawVert),
            m_vertexCount, m_indices.data(), static_cast<int>(m_indices.size()), sizeof(int));
        m_indices.clear();
    }

private:
    SDL_Renderer* m_renderer;
    const ImDrawVert* m_vertices;
    int m_vertexCount;
    SDL_Texture* m_texture;
    Kind m_kind = Kind::Textured;
    std::vector<int>& m_indices;
};

bool onPixel(const ImDrawVert& v, ImVec2 white) {
    return v.uv.x == white.x && v.uv.y == white.y;
}

/// The first pixel whose centre is at or right of x: with the top-left rule of SDL's triangle
/// filler, a left edge at x covers from there, and a right edge at x stops there.
int pixelEdge(double x) {
    return static_cast<int>(std::ceil(x - 0.5));
}

/// A vertex where SDL's software renderer puts it: it truncates positions to whole pixels.
SDL_Point sdlPoint(const ImVec2& p) {
    return SDL_Point{static_cast<int>(p.x), static_cast<int>(p.y)};
}

/// Opaque convex polygons as row spans for SDL_RenderFillRects. SDL's software renderer fills a
/// triangle by testing every pixel of its bounding box; ImGui draws a filled (rounded)
/// rectangle as a fan of triangles from one corner, so a panel cost many times its area and
/// the panels were ~45 % of a frame. Here the fan's polygon is filled row by row instead,
/// rows of equal span merged into one rectangle: the same pixels (those whose centre is
/// inside), each written once.
class SpanFiller {
public:
    /// The longest fan at idx[0..count) (triangles (a b c)(a c d)(a d e)... of one opaque
    /// colour) when it makes a convex polygon: the number of indices it takes, else 0.
    unsigned int take(const ImDrawVert* vtx, const ImDrawIdx* idx, unsigned int count, ImVec2 white) {
        // Three triangles at least: SDL itself fills a lone triangle as well, and draws two that
        // make a rectangle (ImGui's PrimRect) as one rectangle already.
        if (count < 9) return 0;
        const ImDrawIdx first = idx[0];
        const ImU32 col = vtx[first].col;
        if ((col & IM_COL32_A_MASK) != IM_COL32_A_MASK) return 0;
        auto same = [&](ImDrawIdx i) { return vtx[i].col == col && onPixel(vtx[i], white); };
        if (!same(first) || !same(idx[1]) || !same(idx[2])) return 0;
        m_points.clear();
        m_points.push_back(sdlPoint(vtx[first].pos));
        m_points.push_back(sdlPoint(vtx[idx[1]].pos));
        m_points.push_back(sdlPoint(vtx[idx[2]].pos));
        unsigned int used = 3;
        while (used + 3 <= count && idx[used] == first && idx[used + 1] == idx[used - 1] &&
               same(idx[used + 2])) {
            m_points.push_back(sdlPoint(vtx[idx[used + 2]].pos));
            used += 3;
        }
        if (used < 9 || !convex()) return 0;
        return used;
    }

    /// Fills the polygon that take() accepted, in its colour.
    void fill(SDL_Renderer* renderer, ImU32 col) {
        int top = m_points[0].y;
        int bottom = top;
        for (const SDL_Point& p : m_points) {
            top = std::min(top, p.y);
            bottom = std::max(bottom, p.y);
        }
        m_rects.clear();
        // Rows whose centre is inside: y + 0.5 between top and bottom (whole numbers: no ties).
        for (int y = top; y < bottom; ++y) {
            const double centre = y + 0.5;
            double left = std::numeric_limits<double>::max();
            double right = std::numeric_limits<double>::lowest();
            for (std::size_t i = 0; i < m_points.size(); ++i) {
                const SDL_Point& p = m_points[i];
                const SDL_Point& q = m_points[(i + 1) % m_points.size()];
                if ((p.y < centre) == (q.y < centre)) continue; // the edge does not cross this row
                // Exact for a crossing on a half pixel: small whole numbers, one rounding.
                const double x = p.x + (centre - p.y) * (q.x - p.x) / (q.y - p.y);
                left = std::min(left, x);
                right = std::max(right, x);
            }
            const int x0 = pixelEdge(left);
            const int x1 = pixelEdge(right);
            if (x1 <= x0) continue;
            if (!m_rects.empty()) {
                SDL_Rect& last = m_rects.back();
                if (last.x == x0 && last.w == x1 - x0 && last.y + last.h == y) {
                    ++last.h;
                    continue;
                }
            }
            m_rects.push_back(SDL_Rect{x0, y, x1 - x0, 1});
        }
        if (m_rects.empty()) return;
        SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_NONE);
        SDL_SetRenderDrawColor(renderer, static_cast<Uint8>(col >> IM_COL32_R_SHIFT),
                               static_cast<Uint8>(col >> IM_COL32_G_SHIFT),
                               static_cast<Uint8>(col >> IM_COL32_B_SHIFT), 0xFF);
        SDL_RenderFillRects(renderer, m_rects.data(), static_cast<int>(m_rects.size()));
    }

private:
    /// Convex and winding once: every turn the same way (straight runs allowed), and the edges
    /// go down once and up once (a star that turns one way throughout winds more than once).
    /// Then the fan covers exactly the polygon, and each row crosses it in one span.
    bool convex() const {
        long long sign = 0;
        int lastDirection = 0;
        int firstDirection = 0;
        int directionChanges = 0;
        const std::size_t n = m_points.size();
        for (std::size_t i = 0; i < n; ++i) {
            const SDL_Point& a = m_points[i];
            const SDL_Point& b = m_points[(i + 1) % n];
            const SDL_Point& c = m_points[(i + 2) % n];
            const long long cross = static_cast<long long>(b.x - a.x) * (c.y - b.y) -
                                    static_cast<long long>(b.y - a.y) * (c.x - b.x);
            if (cross != 0) {
                if (sign == 0) sign = cross;
                if ((cross > 0) != (sign > 0)) return false;
            }
            const int direction = (b.y > a.y) - (b.y < a.y);
            if (direction == 0) continue;
            if (firstDirection == 0) firstDirection = direction;
            if (lastDirection != 0 && direction != lastDirection) ++directionChanges;
            lastDirection = direction;
        }
        if (lastDirection != 0 && firstDirection != lastDirection) ++directionChanges; // around the end
        return sign != 0 && directionChanges == 2;
    }

    std::vector<SDL_Point> m_points;
    std::vector<SDL_Rect> m_rects;
};

} // namespace

int renderDrawData(SDL_Renderer* renderer, const ImDrawData* drawData, bool fillSpans) {
    const float width = drawData->DisplaySize.x;
    const float height = drawData->DisplaySize.y;
    if (width <= 0 || height <= 0) return 0;
    const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
    const ImVec2 origin = drawData->DisplayPos;
    SDL_RenderSetViewport(renderer, nullptr);
    std::vector<int> indices;
    SpanFiller spans;
    int filled = 0;
    for (int n = 0; n < drawData->CmdListsCount; ++n) {
        const ImDrawList* list = drawData->CmdLists[n];
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback) {
                if (cmd.UserCallback != ImDrawCallback_ResetRenderState) cmd.UserCallback(list, &cmd);
                continue;
            }
            const float x0 = std::max(0.0f, cmd.ClipRect.x - origin.x);
            const float y0 = std::max(0.0f, cmd.ClipRect.y - origin.y);
            const float x1 = std::min(width, cmd.ClipRect.z - origin.x);
            const float y1 = std::min(height, cmd.ClipRect.w - origin.y);
            if (x1 <= x0 || y1 <= y0) continue;
            const SDL_Rect clip{static_cast<int>(x0), static_cast<int>(y0), static_cast<int>(x1 - x0),
                                static_cast<int>(y1 - y0)};
            SDL_RenderSetClipRect(renderer, &clip);

            const ImDrawVert* vtx = list->VtxBuffer.Data + cmd.VtxOffset;
            const ImDrawIdx* idx = list->IdxBuffer.Data + cmd.IdxOffset;
            Batch batch(renderer, vtx, list->VtxBuffer.Size - static_cast<int>(cmd.VtxOffset),
                        static_cast<SDL_Texture*>(cmd.GetTexID()), indices);
            for (unsigned int i = 0; i + 2 < cmd.ElemCount; i += 3) {
                if (const unsigned int used =
                        fillSpans ? spans.take(vtx, idx + i, cmd.ElemCount - i, white) : 0) {
                    batch.flush();
                    spans.fill(renderer, vtx[idx[i]].col);
                    ++filled;
                    i += used - 3;
                    continue;
                }
                const ImDrawVert& a = vtx[idx[i]];
                const ImDrawVert& b = vtx[idx[i + 1]];
                const ImDrawVert& c = vtx[idx[i + 2]];
                Kind kind = Kind::Textured;
                if (onPixel(a, white) && onPixel(b, white) && onPixel(c, white))
                    kind = a.col == b.col && b.col == c.col && (a.col & IM_COL32_A_MASK) == IM_COL32_A_MASK
                               ? Kind::Opaque
                               : Kind::Blended;
                batch.add(kind, idx[i], idx[i + 1], idx[i + 2]);
            }
            batch.flush();
        }
    }
    SDL_RenderSetClipRect(renderer, nullptr);
    return filled;
}

} // namespace regiebord::ui
