#include "text_flow.hpp"

#include <algorithm>
#include <cfloat>

namespace regiebord::ui {

namespace {

float runWidth(const TextRun& run) {
    return run.font->CalcTextSizeA(run.font->FontSize, FLT_MAX, 0.0f, run.text.c_str()).x;
}

struct Line {
    std::size_t first = 0;
    std::size_t last = 0; // one past
    float ascent = 0;
    float descent = 0;
};

} // namespace

float paragraph(ImDrawList* dl, ImVec2 pos, float width, ImFont* font, ImU32 color, const std::string& text) {
    if (text.empty()) return 0.0f;
    if (dl) dl->AddText(font, font->FontSize, pos, color, text.c_str(), text.c_str() + text.size(), width);
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, width, text.c_str(), text.c_str() + text.size()).y;
}

float flowRuns(ImDrawList* dl, ImVec2 pos, float width, const std::vector<TextRun>& runs, float gap) {
    // Break into lines first so that each line shares one baseline.
    std::vector<Line> lines;
    float x = 0;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const float w = runWidth(runs[i]);
        if (lines.empty() || (x > 0 && x + w > width)) {
            lines.push_back({i, i, 0, 0});
            x = 0;
        }
        Line& line = lines.back();
        line.last = i + 1;
        line.ascent = std::max(line.ascent, runs[i].font->Ascent);
        line.descent = std::max(line.descent, runs[i].font->FontSize - runs[i].font->Ascent);
        x += w + gap;
    }
    float y = pos.y;
    for (const Line& line : lines) {
        float lx = pos.x;
        float height = line.ascent + line.descent;
        for (std::size_t i = line.first; i < line.last; ++i) {
            const TextRun& run = runs[i];
            const float w = runWidth(run);
            const ImVec2 at(lx, y + line.ascent - run.font->Ascent);
            if (w > width) {
                // Alone on its line and still too wide: wrap inside the run.
                height = std::max(height, paragraph(dl, at, width, run.font, run.color, run.text));
            } else if (dl) {
                dl->AddText(run.font, run.font->FontSize, at, run.color, run.text.c_str(),
                            run.text.c_str() + run.text.size());
            }
            lx += w + gap;
        }
        y += height;
    }
    return y - pos.y;
}

std::pair<std::string, std::string> splitTitle(ImFont* font, const std::string& t, float width) {
    if (font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, t.c_str()).x <= width) return {t, {}};
    const char* wrap = font->CalcWordWrapPositionA(1.0f, t.c_str(), t.c_str() + t.size(), width);
    if (wrap == t.c_str()) wrap = t.c_str() + 1; // one word longer than the line: cut it there
    std::string first(t.c_str(), wrap);
    while (wrap < t.c_str() + t.size() && *wrap == ' ')
        ++wrap;
    return {first, std::string(wrap, t.c_str() + t.size())};
}

} // namespace regiebord::ui
