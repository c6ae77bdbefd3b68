#include "sw_render.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstddef>
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

} // namespace

void renderDrawData(SDL_Renderer* renderer, const ImDrawData* drawData) {
    const float width = drawData->DisplaySize.x;
    const float height = drawData->DisplaySize.y;
    if (width <= 0 || height <= 0) return;
    const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
    const ImVec2 origin = drawData->DisplayPos;
    SDL_RenderSetViewport(renderer, nullptr);
    std::vector<int> indices;
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
}

} // namespace regiebord::ui
