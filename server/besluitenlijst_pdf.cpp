// The besluitenlijst as a PDF (besluitenlijst_pdf.hpp). Two passes: the list becomes
// blocks of rows of pango layouts (measured, so their heights are known), the blocks
// are placed on pages (a block that fits on a page is not split; a longer one breaks
// between rows), then every page is drawn with its header and its "pagina N van M".

#include "besluitenlijst_pdf.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace regiebord::hub {

namespace {

// RAII for the C objects: each is released by its own function.
struct SurfaceFree {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoFree {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct GObjectFree {
    void operator()(gpointer o) const { g_object_unref(o); }
};
struct FontFree {
    void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};
struct GFree {
    void operator()(gchar* s) const { g_free(s); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceFree>;
using CairoPtr = std::unique_ptr<cairo_t, CairoFree>;
using ContextPtr = std::unique_ptr<PangoContext, GObjectFree>;
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectFree>;
using FontPtr = std::unique_ptr<PangoFontDescription, FontFree>;
using GStringPtr = std::unique_ptr<gchar, GFree>;

// A4 in points, and the page's frame.
constexpr double kPageWidth = 595.276;
constexpr double kPageHeight = 841.890;
constexpr double kLeft = 62;
constexpr double kRight = kPageWidth - 56;
constexpr double kTop = 72;
constexpr double kBottom = kPageHeight - 62;
constexpr double kWidth = kRight - kLeft;
constexpr double kNumberWidth = 26; // "12." before an item's title
constexpr double kLabelWidth = 92;  // "Gekozen optie" before its value
constexpr double kValueX = kNumberWidth + kLabelWidth;

struct Rgb {
    double r, g, b;
};
constexpr Rgb kInk{0.10, 0.10, 0.10};
constexpr Rgb kAccent{0.122, 0.227, 0.373}; // dark blue: headings, rules
constexpr Rgb kMuted{0.37, 0.42, 0.48};     // labels, footer
constexpr Rgb kRule{0.78, 0.80, 0.83};
constexpr Rgb kBand{0.93, 0.945, 0.96}; // the table header's background
constexpr Rgb kOverdue{0.70, 0.15, 0.12};
constexpr Rgb kDemoInk{0.63, 0.29, 0.0};
constexpr Rgb kDemoBand{1.0, 0.953, 0.878};

struct Style {
    const char* font; ///< pango font description
    Rgb color;
};
constexpr Style kBody{"DejaVu Sans, Sans 9.5", kInk};
constexpr Style kBold{"DejaVu Sans, Sans Bold 9.5", kInk};
constexpr Style kLabel{"DejaVu Sans, Sans 8.5", kMuted};
constexpr Style kEmpty{"DejaVu Sans, Sans Oblique 9.5", kMuted};
constexpr Style kItemTitle{"DejaVu Sans, Sans Bold 10.5", kInk};
constexpr Style kSection{"DejaVu Sans, Sans Bold 13", kAccent};
constexpr Style kGroup{"DejaVu Sans, Sans Bold 10.5", kAccent};
constexpr Style kTitle{"DejaVu Sans, Sans Bold 19", kAccent};
constexpr Style kKicker{"DejaVu Sans, Sans Bold 8.5", kMuted};
constexpr Style kSmall{"DejaVu Sans, Sans 8", kMuted};
constexpr Style kCell{"DejaVu Sans, Sans 9", kInk};

/// A text placed in a row: its layout, where (relative to the row), in which colour.
struct Text {
    LayoutPtr layout;
    double x = 0;
    double y = 0;
    Rgb color = kInk;
};

/// A horizontal piece of the page: texts side by side, an optional band behind them and
/// an optional rule over them.
struct Row {
    std::vector<Text> texts;
    double height = 0;
    std::optional<Rgb> band;
    bool ruleAbove = false;
    bool heavyRule = false;
    // Where the pagination put it.
    int page = 0;
    double y = 0;
};

/// Rows that stay on one page if they fit on one.
struct Block {
    std::vector<Row> rows;
    double spaceBefore = 0;
    /// A table's column heads, repeated at the top of a page the block starts or continues on.
    std::shared_ptr<const Row> repeat;
};

/// A repeated row: where it is drawn.
struct Repeat {
    const Row* row;
    int page;
    double y;
};

class Layouter {
public:
    explicit Layouter(PangoContext* context) : m_context(context) {}

    /// A layout of text (markup when asked) in a style, wrapped at width points.
    LayoutPtr layout(const std::string& text, const Style& style, double width, bool markup = false) const {
        LayoutPtr layout(pango_layout_new(m_context));
        const FontPtr font(pango_font_description_from_string(style.font));
        pango_layout_set_font_description(layout.get(), font.get());
        pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
        pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
        pango_layout_set_line_spacing(layout.get(), 1.12F);
        if (markup)
            pango_layout_set_markup(layout.get(), text.c_str(), -1);
        else
            pango_layout_set_text(layout.get(), text.c_str(), -1);
        return layout;
    }

    static double height(PangoLayout* layout) {
        PangoRectangle logical{};
        pango_layout_get_extents(layout, nullptr, &logical);
        return static_cast<double>(logical.height) / PANGO_SCALE;
    }

    /// A row of one text.
    Row line(const std::string& text, const Style& style, double x = 0, double padding = 0) const {
        Row row;
        row.texts.push_back({layout(text, style, kWidth - x), x, padding, style.color});
        row.height = height(row.texts.back().layout.get()) + 2 * padding;
        return row;
    }

    /// A row of cells (x, width, text, style); as high as its highest cell.
    struct Cell {
        double x;
        double width;
        std::string text;
        Style style;
        bool markup = false;
    };
    Row cells(const std::vector<Cell>& cells, double padding = 1.5) const {
        Row row;
        for (const auto& c : cells) {
            if (c.text.empty()) continue;
            row.texts.push_back({layout(c.text, c.style, c.width, c.markup), c.x, padding, c.style.color});
            row.height = std::max(row.height, height(row.texts.back().layout.get()));
        }
        row.height += 2 * padding;
        return row;
    }

private:
    PangoContext* m_context;
};

std::string escape(const std::string& text) {
    const GStringPtr escaped(g_markup_escape_text(text.c_str(), -1));
    return escaped ? std::string(escaped.get()) : std::string();
}

/// An empty row: vertical space inside a block.
Row gap(double height) {
    Row row;
    row.height = height;
    return row;
}

void addDecision(const Layouter& l, std::vector<Row>& rows, const DecisionEntry& d) {
    const auto labelled = [&](const std::string& label, const std::string& value, const Style& style,
                              bool markup = false) {
        rows.push_back(l.cells({{kNumberWidth, kLabelWidth - 8, label, kLabel},
                                {kValueX, kWidth - kValueX, value, style, markup}}));
        // The label's smaller font sits on the value's baseline.
        if (rows.back().texts.size() == 2 && std::string_view(style.font) != kSmall.font)
            rows.back().texts.front().y += 1.2;
    };
    if (!d.subject.empty()) labelled("Escalatie", d.subject, kBody);
    const bool chosen = !d.option.empty() && d.outcome == outcomeLabel(Outcome::Option);
    if (chosen) {
        // The option is the decision: "Gekozen optie: Combinatie ..." and what it means.
        std::string option = "<b>" + escape(d.outcome + ": " + d.option) + "</b>";
        if (!d.optionText.empty()) option += "\n" + escape(d.optionText);
        labelled("Besluit", option, kBody, true);
    } else {
        labelled("Besluit", d.outcome, kBold);
    }
    if (!d.option.empty() && !chosen) {
        std::string option = "<b>" + escape(d.option) + "</b>";
        if (!d.optionText.empty()) option += "\n" + escape(d.optionText);
        labelled("Gekozen optie", option, kBody, true);
    }
    if (!d.note.empty()) labelled("Toelichting", d.note, kBody);
    labelled("Vastgelegd", d.decidedBy + ", " + d.decidedAt, kSmall);
}

Block itemBlock(const Layouter& l, const std::string& number, const std::string& title,
                const std::vector<DecisionEntry>& decisions) {
    Block block;
    block.spaceBefore = 10;
    Row head = l.cells(
        {{0, kNumberWidth, number, kItemTitle}, {kNumberWidth, kWidth - kNumberWidth, title, kItemTitle}}, 4);
    head.ruleAbove = true;
    block.rows.push_back(std::move(head));
    block.rows.push_back(gap(2));
    if (decisions.empty())
        block.rows.push_back(l.cells({{kNumberWidth, kLabelWidth - 8, "Besluit", kLabel},
                                      {kValueX, kWidth - kValueX, "Geen besluit", kEmpty}}));
    for (std::size_t i = 0; i < decisions.size(); ++i) {
        if (i > 0) block.rows.push_back(gap(6));
        addDecision(l, block.rows, decisions[i]);
    }
    return block;
}

// The actions table's columns.
constexpr double kOwnerX = 240;
constexpr double kDueX = 372;

void addActionGroup(const Layouter& l, std::vector<Block>& blocks, const std::string& heading,
                    const std::vector<ActionEntry>& actions) {
    Block head;
    head.spaceBefore = 12;
    head.rows.push_back(l.line(heading, kGroup));
    head.rows.push_back(gap(4));
    if (actions.empty()) {
        head.rows.push_back(l.line("Geen open actiepunten.", kEmpty));
        blocks.push_back(std::move(head));
        return;
    }
    const auto columns = [&] {
        Row row = l.cells({{4, kOwnerX - 12, "Actie", kKicker},
                           {kOwnerX, kDueX - kOwnerX - 8, "Eigenaar", kKicker},
                           {kDueX, kWidth - kDueX, "Deadline", kKicker}},
                          4);
        row.band = kBand;
        return row;
    };
    head.rows.push_back(columns());
    const auto repeat = std::make_shared<const Row>(columns());
    const auto actionRow = [&](const ActionEntry& a) {
        std::string what = escape(a.title);
        if (!a.origin.empty())
            what += "\n<span size=\"small\" foreground=\"#5F6B7A\">" + escape(a.origin) + "</span>";
        std::string due = escape(a.due);
        if (a.overdue) due += "\n<span size=\"small\" weight=\"bold\" foreground=\"#B3261E\">verlopen</span>";
        Row row =
            l.cells({{4, kOwnerX - 12, what, kCell, true},
                     {kOwnerX, kDueX - kOwnerX - 8, a.owner, kCell},
                     {kDueX, kWidth - kDueX, due, a.overdue ? Style{kCell.font, kOverdue} : kCell, true}},
                    4);
        row.ruleAbove = true;
        return row;
    };
    // The heading stays with the first action.
    head.rows.push_back(actionRow(actions.front()));
    blocks.push_back(std::move(head));
    for (auto it = actions.begin() + 1; it != actions.end(); ++it) {
        Block block;
        block.repeat = repeat;
        block.rows.push_back(actionRow(*it));
        blocks.push_back(std::move(block));
    }
}

std::vector<Block> documentBlocks(const Layouter& l, const Besluitenlijst& list) {
    std::vector<Block> blocks;
    Block top;
    top.rows.push_back(l.line("BESLUITENLIJST", kKicker));
    top.rows.push_back(gap(3));
    top.rows.push_back(l.line(list.title, kTitle));
    top.rows.push_back(gap(10));
    const auto meta = [&](const std::string& label, const std::string& value) {
        if (value.empty()) return;
        Row row = l.cells({{0, 84, label, kLabel}, {84, kWidth - 84, value, kBody}}, 1.5);
        if (row.texts.size() == 2) row.texts.front().y += 1;
        top.rows.push_back(std::move(row));
    };
    meta("Datum", list.date);
    meta("Plaats", list.location);
    meta("Voorzitter", list.chair);
    meta("Overleg", list.boardName);
    top.rows.push_back(gap(10));
    blocks.push_back(std::move(top));

    // "Besluiten" stays with the first item.
    Row section = l.line("Besluiten", kSection);
    section.ruleAbove = true;
    section.heavyRule = true;
    section.texts.front().y = 10;
    section.height += 10;
    for (const auto& item : list.items)
        blocks.push_back(itemBlock(l, std::to_string(item.order) + ".", item.title, item.decisions));
    Block* first = nullptr;
    if (list.items.empty()) {
        Block empty;
        empty.rows.push_back(l.line("Geen agendapunten.", kEmpty));
        first = &blocks.emplace_back(std::move(empty));
    } else {
        first = &blocks[blocks.size() - list.items.size()];
    }
    first->rows.insert(first->rows.begin(), gap(2));
    first->rows.insert(first->rows.begin(), std::move(section));
    if (!list.otherDecisions.empty())
        blocks.push_back(itemBlock(l, "", "Overige besluiten (niet op de agenda)", list.otherDecisions));

    Block actions;
    actions.spaceBefore = 18;
    Row heading = l.line("Actiepunten", kSection);
    heading.ruleAbove = true;
    heading.heavyRule = true;
    heading.texts.front().y = 10;
    heading.height += 10;
    actions.rows.push_back(std::move(heading));
    actions.rows.push_back(gap(4));
    std::vector<Block> groups;
    addActionGroup(l, groups, "Uit deze vergadering", list.actionsThisMeeting);
    addActionGroup(l, groups, "Nog open uit eerdere vergaderingen", list.actionsEarlier);
    // The section heading stays with the first group's heading and first action.
    for (auto& row : groups.front().rows)
        actions.rows.push_back(std::move(row));
    groups.front() = std::move(actions);
    for (auto& g : groups)
        blocks.push_back(std::move(g));
    return blocks;
}

/// Puts every row on a page; returns the number of pages.
int paginate(std::vector<Block>& blocks, std::vector<Repeat>& repeats) {
    int page = 0;
    double y = kTop;
    const double pageHeight = kBottom - kTop;
    for (auto& block : blocks) {
        const auto newPage = [&] {
            ++page;
            y = kTop;
            if (block.repeat) {
                repeats.push_back({block.repeat.get(), page, y});
                y += block.repeat->height;
            }
        };
        double height = 0;
        for (const auto& row : block.rows)
            height += row.height;
        if (y > kTop) y += block.spaceBefore;
        if (y + height > kBottom && height <= pageHeight) newPage();
        for (auto& row : block.rows) {
            if (y + row.height > kBottom && y > kTop) newPage();
            row.page = page;
            row.y = y;
            y += row.height;
        }
    }
    return page + 1;
}

void setColor(cairo_t* cr, const Rgb& c) {
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

void drawText(cairo_t* cr, PangoLayout* layout, double x, double y, const Rgb& color) {
    setColor(cr, color);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout);
}

/// What every page has: the demo warning, the running header (from page 2), the footer.
void drawFrame(cairo_t* cr, const Layouter& l, const Besluitenlijst& list, int page, int pages) {
    if (list.demo) {
        const LayoutPtr demo =
            l.layout("DEMO — verzonnen gegevens", {"DejaVu Sans, Sans Bold 9", kDemoInk}, kWidth);
        pango_layout_set_alignment(demo.get(), PANGO_ALIGN_CENTER);
        const double h = Layouter::height(demo.get());
        setColor(cr, kDemoBand);
        cairo_rectangle(cr, kLeft, 24, kWidth, h + 8);
        cairo_fill(cr);
        setColor(cr, kDemoInk);
        cairo_set_line_width(cr, 0.8);
        cairo_rectangle(cr, kLeft, 24, kWidth, h + 8);
        cairo_stroke(cr);
        drawText(cr, demo.get(), kLeft, 28, kDemoInk);
    }
    if (page > 0) {
        const LayoutPtr running =
            l.layout("Besluitenlijst " + list.title + " · " + list.dateShort, kSmall, kWidth);
        pango_layout_set_ellipsize(running.get(), PANGO_ELLIPSIZE_MIDDLE); // one line, however long the title
        drawText(cr, running.get(), kLeft, list.demo ? 46 : 36, kMuted);
    }
    setColor(cr, kRule);
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, kLeft, kBottom + 18);
    cairo_line_to(cr, kRight, kBottom + 18);
    cairo_stroke(cr);
    const LayoutPtr board = l.layout(list.boardName, kSmall, kWidth * 0.7);
    pango_layout_set_ellipsize(board.get(), PANGO_ELLIPSIZE_END);
    drawText(cr, board.get(), kLeft, kBottom + 23, kMuted);
    const LayoutPtr number = l.layout("pagina " + std::to_string(page + 1) + " van " + std::to_string(pages),
                                      kSmall, kWidth * 0.3);
    pango_layout_set_alignment(number.get(), PANGO_ALIGN_RIGHT);
    drawText(cr, number.get(), kRight - kWidth * 0.3, kBottom + 23, kMuted);
}

void drawRow(cairo_t* cr, const Row& row, double y) {
    if (row.band) {
        setColor(cr, *row.band);
        cairo_rectangle(cr, kLeft, y, kWidth, row.height);
        cairo_fill(cr);
    }
    if (row.ruleAbove) {
        setColor(cr, row.heavyRule ? kAccent : kRule);
        cairo_set_line_width(cr, row.heavyRule ? 1.2 : 0.6);
        cairo_move_to(cr, kLeft, y);
        cairo_line_to(cr, kRight, y);
        cairo_stroke(cr);
    }
    for (const auto& text : row.texts)
        drawText(cr, text.layout.get(), kLeft + text.x, y + text.y, text.color);
}

cairo_status_t appendBytes(void* closure, const unsigned char* data, unsigned int length) {
    try {
        static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
        return CAIRO_STATUS_SUCCESS;
    } catch (...) {
        return CAIRO_STATUS_WRITE_ERROR;
    }
}

PdfResult render(const Besluitenlijst& list) {
    PdfResult result;
    const SurfacePtr surface(
        cairo_pdf_surface_create_for_stream(appendBytes, &result.bytes, kPageWidth, kPageHeight));
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        return {{}, cairo_status_to_string(cairo_surface_status(surface.get()))};
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE,
                                   ("Besluitenlijst " + list.title).c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_AUTHOR, list.boardName.c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "regiebord-hub besluitenlijst");
    const CairoPtr cr(cairo_create(surface.get()));
    const ContextPtr context(pango_cairo_create_context(cr.get()));
    pango_cairo_context_set_resolution(context.get(), 72); // font sizes in points = user units
    const Layouter layouter(context.get());

    std::vector<Block> blocks = documentBlocks(layouter, list);
    std::vector<Repeat> repeats;
    const int pages = paginate(blocks, repeats);
    int page = 0;
    const auto startPage = [&] {
        drawFrame(cr.get(), layouter, list, page, pages);
        for (const auto& r : repeats)
            if (r.page == page) drawRow(cr.get(), *r.row, r.y);
    };
    startPage();
    for (const auto& block : blocks) {
        for (const auto& row : block.rows) {
            while (row.page > page) {
                cairo_show_page(cr.get());
                ++page;
                startPage();
            }
            drawRow(cr.get(), row, row.y);
        }
    }
    cairo_show_page(cr.get());
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        return {{}, cairo_status_to_string(cairo_surface_status(surface.get()))};
    return result;
}

} // namespace

PdfResult besluitenlijstPdf(const Besluitenlijst& list) noexcept {
    try {
        return render(list);
    } catch (const std::exception& e) {
        return {{}, e.what()};
    } catch (...) {
        return {{}, "unknown error"};
    }
}

} // namespace regiebord::hub
