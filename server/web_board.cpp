#include "web_board.hpp"

#include "besluitenlijst.hpp"
#include "board_words.hpp"
#include "dates.hpp"
#include "meetings.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <vector>

namespace regiebord::hub::web {

namespace {

constexpr std::array<std::string_view, 12> kMonthsNl{"jan", "feb", "mrt", "apr", "mei", "jun",
                                                     "jul", "aug", "sep", "okt", "nov", "dec"};
constexpr std::array<std::string_view, 12> kMonthsEn{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string dayText(Lang lang, std::chrono::year_month_day ymd) {
    const auto month = static_cast<std::size_t>(static_cast<unsigned>(ymd.month()) - 1);
    return std::to_string(static_cast<unsigned>(ymd.day())) + " " +
           std::string(lang == Lang::En ? kMonthsEn.at(month) : kMonthsNl.at(month)) + " " +
           std::to_string(static_cast<int>(ymd.year()));
}

/// "10 dec 2026" for "2026-12-10"; the text itself when it is no date.
std::string dateText(Lang lang, std::string_view date) {
    const auto parsed = parseDate(date);
    return parsed ? dayText(lang, *parsed) : std::string(date);
}

std::string twoDigits(long value) {
    return (value < 10 ? "0" : "") + std::to_string(value);
}

/// "10 dec 2026, 14:32" in Dutch time for a timestamp; the text itself when it is none.
std::string timeText(Lang lang, std::string_view timestamp) {
    const auto parsed = parseDateTime(timestamp);
    if (!parsed) return std::string(timestamp);
    const auto local = dutchLocalTime(parsed->utc);
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::hh_mm_ss time{local - day};
    return dayText(lang, std::chrono::year_month_day{day}) + ", " + twoDigits(time.hours().count()) + ":" +
           twoDigits(time.minutes().count());
}

std::string todayText(std::chrono::system_clock::time_point now) {
    const auto local = dutchLocalTime(std::chrono::floor<std::chrono::seconds>(now));
    const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(local)};
    return std::to_string(static_cast<int>(ymd.year())) + "-" +
           twoDigits(static_cast<unsigned>(ymd.month())) + "-" + twoDigits(static_cast<unsigned>(ymd.day()));
}

std::string number(double value) {
    if (std::abs(value - std::round(value)) < 1e-9)
        return std::to_string(static_cast<long long>(std::llround(value)));
    std::string text = std::to_string(std::round(value * 10) / 10);
    text.erase(text.find_last_not_of('0') + 1);
    if (!text.empty() && text.back() == '.') text.pop_back();
    return text;
}

std::string partyName(const BoardData& board, std::string_view id) {
    const Party* p = board.findParty(id);
    if (!p) return std::string(id);
    return p->shortName.empty() ? p->name : p->shortName;
}

std::string wire(std::string_view value) {
    std::string out(value);
    std::replace(out.begin(), out.end(), '_', '-');
    return out;
}

constexpr std::array<BoardTab, 5> kTabs{BoardTab::Overview, BoardTab::Agreements, BoardTab::Escalations,
                                        BoardTab::Meeting, BoardTab::Actions};

Text tabText(BoardTab tab) {
    switch (tab) {
    case BoardTab::Overview:
        return {"Overzicht", "Overview"};
    case BoardTab::Agreements:
        return {"Afspraken", "Agreements"};
    case BoardTab::Escalations:
        return {"Escalaties", "Escalations"};
    case BoardTab::Meeting:
        return {"Vergadering", "Meeting"};
    case BoardTab::Actions:
        return {"Acties", "Actions"};
    }
    return {"?", "?"};
}

/// The meeting the meeting tab shows: the one in session, else the next, else the last.
const Meeting* shownMeeting(const BoardData& board, std::chrono::system_clock::time_point now) {
    if (const Meeting* m = meetingInSession(board, now)) return m;
    const auto nowSeconds = std::chrono::floor<std::chrono::seconds>(now);
    const Meeting* next = nullptr;
    const Meeting* last = nullptr;
    std::chrono::sys_seconds nextAt{};
    std::chrono::sys_seconds lastAt{};
    for (const Meeting& m : board.meetings) {
        const auto at = parseDateTime(m.startsAt);
        if (!at) continue;
        if (at->utc >= nowSeconds) {
            if (!next || at->utc < nextAt) {
                next = &m;
                nextAt = at->utc;
            }
        } else if (!last || at->utc > lastAt) {
            last = &m;
            lastAt = at->utc;
        }
    }
    return next ? next : last;
}

bool isOverdue(const Action& a, const std::string& today) {
    return a.status == ActionStatus::Open && !a.due.empty() && a.due < today;
}

std::string overview(const BoardData& board, const BoardPage& page) {
    const Lang lang = page.lang;
    std::string out = R"(<div class="cards">)";
    // Agreements by status.
    std::array<std::size_t, 5> byStatus{};
    for (const Agreement& a : board.agreements)
        ++byStatus.at(static_cast<std::size_t>(a.status));
    out += R"(<section class="card"><h2>)" +
           std::string(tr(lang, {"Afspraken per status", "Agreements by status"})) +
           R"(</h2><ul class="counts">)";
    for (std::size_t i = 0; i < byStatus.size(); ++i) {
        const auto status = static_cast<AgreementStatus>(i);
        out += "<li>" + badge("status", wire(toWire(status)), tr(lang, words(status))) +
               " <span class=\"count\">" + std::to_string(byStatus.at(i)) + "</span></li>";
    }
    out += "</ul></section>";
    // Open escalations by severity.
    std::array<std::size_t, 4> bySeverity{};
    std::size_t open = 0;
    for (const Escalation& e : board.escalations)
        if (e.status == EscalationStatus::Open || e.status == EscalationStatus::Aangehouden) {
            ++open;
            ++bySeverity.at(static_cast<std::size_t>(e.severity));
        }
    out += R"(<section class="card"><h2>)" + std::string(tr(lang, {"Open escalaties", "Open escalations"})) +
           R"(</h2><p class="big">)" + std::to_string(open) + R"(</p><ul class="counts">)";
    for (std::size_t i = bySeverity.size(); i-- > 0;) {
        const auto severity = static_cast<Severity>(i);
        if (bySeverity.at(i) == 0) continue;
        out += "<li>" + badge("severity", toWire(severity), tr(lang, words(severity))) +
               " <span class=\"count\">" + std::to_string(bySeverity.at(i)) + "</span></li>";
    }
    out += "</ul></section>";
    // The meeting.
    out += R"(<section class="card"><h2>)";
    const Meeting* m = shownMeeting(board, page.now);
    if (!m) {
        out += std::string(tr(lang, {"Vergadering", "Meeting"})) + "</h2><p>" +
               std::string(tr(lang, {"Geen vergadering gepland.", "No meeting planned."})) + "</p>";
    } else {
        const bool now = meetingInSession(board, page.now) == m;
        out += std::string(now ? tr(lang, {"Nu in vergadering", "In session now"})
                               : tr(lang, {"Vergadering", "Meeting"})) +
               "</h2><p class=\"strong\">" + escape(m->title) + "</p><p>" +
               escape(timeText(lang, m->startsAt)) +
               (m->location.empty() ? std::string() : ", " + escape(m->location)) + "</p><p>" +
               std::to_string(m->agenda.size()) + " " +
               std::string(tr(lang, {"agendapunten", "agenda items"})) + "</p>";
        if (m->current)
            for (const AgendaItem& a : m->agenda)
                if (a.order == m->current->order)
                    out += "<p class=\"now\">" +
                           badge("meeting", "now", tr(lang, {"Nu aan de orde", "Now under discussion"})) +
                           " " + std::to_string(a.order) + ". " + escape(a.title) + "</p>";
    }
    out += "</section>";
    // Actions.
    const std::string today = todayText(page.now);
    std::size_t openActions = 0;
    std::size_t overdue = 0;
    for (const Action& a : board.actions) {
        openActions += a.status == ActionStatus::Open ? 1 : 0;
        overdue += isOverdue(a, today) ? 1 : 0;
    }
    out += R"(<section class="card"><h2>)" + std::string(tr(lang, {"Open acties", "Open actions"})) +
           R"(</h2><p class="big">)" + std::to_string(openActions) + "</p>";
    if (overdue > 0)
        out += "<p>" + badge("action", "overdue", tr(lang, {"verlopen", "overdue"})) + " " +
               std::to_string(overdue) + "</p>";
    out += "</section></div>";

    // Production: the latest year with figures.
    int year = 0;
    for (const ProductionFigure& f : board.production)
        year = std::max(year, f.year);
    if (year > 0) {
        out += "<section><h2>" + std::string(tr(lang, {"Woningproductie", "Housing production"})) + " " +
               std::to_string(year) + "</h2><table><thead><tr><th scope=\"col\">" +
               std::string(tr(lang, {"Segment", "Segment"})) + "</th><th scope=\"col\" class=\"num\">" +
               std::string(tr(lang, {"Gepland", "Planned"})) + "</th><th scope=\"col\" class=\"num\">" +
               std::string(tr(lang, {"Gerealiseerd", "Realised"})) + "</th></tr></thead><tbody>";
        for (const ProductionFigure& f : board.production) {
            if (f.year != year) continue;
            out += "<tr><th scope=\"row\">" + std::string(tr(lang, words(f.segment))) +
                   "</th><td class=\"num\">" + std::to_string(f.planned) + "</td><td class=\"num\">" +
                   std::to_string(f.realised) + "</td></tr>";
        }
        out += "</tbody></table></section>";
    }
    return out;
}

std::string agreements(const BoardData& board, const BoardPage& page) {
    const Lang lang = page.lang;
    constexpr std::size_t kMostRows = 2000; // a page, not a spreadsheet: the rest is counted
    std::string out = "<table class=\"wide\"><caption>" + std::to_string(board.agreements.size()) + " " +
                      std::string(tr(lang, {"afspraken", "agreements"})) + "</caption><thead><tr>";
    for (const Text& h : {Text{"Afspraak", "Agreement"}, Text{"Thema", "Theme"}, Text{"Status", "Status"},
                          Text{"Trekker", "Owner"}, Text{"Doel", "Target"}, Text{"Gerealiseerd", "Realised"}})
        out += "<th scope=\"col\">" + std::string(tr(lang, h)) + "</th>";
    out += "</tr></thead><tbody>";
    std::size_t rows = 0;
    for (const Agreement& a : board.agreements) {
        if (++rows > kMostRows) break;
        const double target = a.target.quantity;
        const std::string unit = escape(a.target.unit.str());
        std::string realised = number(a.progress.realised) + " " + unit;
        if (target > 0)
            realised += " (" +
                        std::to_string(static_cast<int>(std::lround(100 * a.progress.realised / target))) +
                        "%)";
        out += "<tr><th scope=\"row\">" + escape(a.title) + "</th><td>" +
               std::string(tr(lang, words(a.theme))) + "</td><td>" +
               badge("status", wire(toWire(a.status)), tr(lang, words(a.status))) + "</td><td>" +
               escape(partyName(board, a.owner.str())) + "</td><td>" + number(target) + " " + unit +
               (a.target.deadline.empty() ? std::string()
                                          : ", " + escape(dateText(lang, a.target.deadline.str()))) +
               "</td><td>" + realised + "</td></tr>";
    }
    out += "</tbody></table>";
    if (board.agreements.size() > kMostRows)
        out += "<p>" + std::string(tr(lang, {"Nog ", "And "})) +
               std::to_string(board.agreements.size() - kMostRows) +
               std::string(tr(lang, {" afspraken meer: zie het kiosk of de werkmap.",
                                     " more agreements: see the kiosk or the workbook."})) +
               "</p>";
    return out;
}

int escalationRank(const Escalation& e) {
    switch (e.status) {
    case EscalationStatus::Open:
        return 0;
    case EscalationStatus::Aangehouden:
        return 1;
    case EscalationStatus::Besloten:
        return 2;
    case EscalationStatus::Ingetrokken:
        return 3;
    }
    return 4;
}

std::string escalations(const BoardData& board, const BoardPage& page) {
    const Lang lang = page.lang;
    std::vector<const Escalation*> list;
    for (const Escalation& e : board.escalations)
        list.push_back(&e);
    std::stable_sort(list.begin(), list.end(), [](const Escalation* a, const Escalation* b) {
        if (escalationRank(*a) != escalationRank(*b)) return escalationRank(*a) < escalationRank(*b);
        return a->severity > b->severity;
    });
    if (list.empty()) return "<p>" + std::string(tr(lang, {"Geen escalaties.", "No escalations."})) + "</p>";
    std::string out;
    for (const Escalation* e : list) {
        out += "<article class=\"card esc\"><h2>" + escape(e->title) + "</h2><p class=\"badges\">" +
               badge("escstatus", toWire(e->status), tr(lang, words(e->status))) + " " +
               badge("severity", toWire(e->severity), tr(lang, words(e->severity))) + " " +
               badge("level", toWire(e->level), tr(lang, words(e->level))) + "</p>";
        out += "<p class=\"meta\">" + std::string(tr(lang, {"Ingebracht door", "Raised by"})) + " " +
               escape(partyName(board, e->raisedBy)) + ", " +
               escape(dateText(lang, e->raisedAt.substr(0, 10)));
        if (e->agreement)
            if (const Agreement* a = board.findAgreement(*e->agreement))
                out += " · " + std::string(tr(lang, {"afspraak", "agreement"})) + ": " + escape(a->title);
        out += "</p><h3>" + std::string(tr(lang, {"Vraag aan de stuurgroep", "Question to the board"})) +
               "</h3><p>" + escape(e->question) + "</p>";
        if (!e->options.empty()) {
            out += "<h3>" + std::string(tr(lang, {"Opties", "Options"})) + "</h3><ul>";
            for (const EscalationOption& o : e->options)
                out += "<li><strong>" + escape(o.label) + "</strong>" +
                       (o.description.empty() ? std::string() : ": " + escape(o.description)) + "</li>";
            out += "</ul>";
        }
        if (!e->history.empty()) {
            out += "<h3>" + std::string(tr(lang, {"Verloop", "History"})) + "</h3><ul class=\"history\">";
            for (const HistoryEntry& h : e->history)
                out += "<li><span class=\"when\">" + escape(timeText(lang, h.at)) + "</span> " +
                       escape(h.text) + "</li>";
            out += "</ul>";
        }
        out += "</article>";
    }
    return out;
}

std::string decisionLine(const BoardData& board, const Decision& d, Lang lang) {
    const DecisionRequest& r = d.request;
    std::string out = "<li>";
    if (!r.escalationId.empty()) {
        const Escalation* e = board.findEscalation(r.escalationId);
        out += "<span class=\"subject\">" + escape(e ? e->title : r.escalationId) + "</span>: ";
    }
    out += "<strong>" + std::string(tr(lang, words(r.outcome))) + "</strong>";
    if (r.optionId && !r.escalationId.empty())
        if (const Escalation* e = board.findEscalation(r.escalationId))
            for (const EscalationOption& o : e->options)
                if (o.id == *r.optionId) out += " — " + escape(o.label);
    if (!r.note.empty()) out += ". " + escape(r.note);
    out += " <span class=\"when\">(" + escape(r.decidedBy) + ", " + escape(timeText(lang, r.decidedAt)) +
           ")</span>";
    if (r.action)
        out += "<br>" + std::string(tr(lang, {"Actie", "Action"})) + ": " + escape(r.action->title) + " — " +
               escape(partyName(board, r.action->owner)) + ", " + escape(dateText(lang, r.action->due));
    return out + "</li>";
}

std::string meeting(const BoardData& board, const BoardPage& page) {
    const Lang lang = page.lang;
    const Meeting* m = shownMeeting(board, page.now);
    if (!m)
        return "<p>" + std::string(tr(lang, {"Geen vergadering gepland.", "No meeting planned."})) + "</p>";
    const bool inSessionNow = meetingInSession(board, page.now) == m;
    std::string out =
        "<section class=\"card\"><h2>" + escape(m->title) + "</h2><p>" + escape(timeText(lang, m->startsAt)) +
        (m->location.empty() ? std::string() : " · " + escape(m->location)) +
        (m->chair.empty() ? std::string()
                          : " · " + std::string(tr(lang, {"voorzitter", "chair"})) + " " + escape(m->chair)) +
        "</p>";
    if (inSessionNow)
        out += "<p>" + badge("meeting", "now", tr(lang, {"Nu in vergadering", "In session now"})) + "</p>";
    // Decisions of this meeting, per agenda item (by its order, or by its escalation).
    std::map<int, std::vector<const Decision*>> perItem;
    std::vector<const Decision*> other;
    for (const Decision& d : board.decisions) {
        if (d.request.meetingId != m->id) continue;
        std::optional<int> item = d.request.agendaItem;
        if (!item && !d.request.escalationId.empty())
            for (const AgendaItem& a : m->agenda)
                if (a.escalation == d.request.escalationId) item = a.order;
        if (item)
            perItem[*item].push_back(&d);
        else
            other.push_back(&d);
    }
    out += "<h3>" + std::string(tr(lang, {"Agenda", "Agenda"})) + "</h3><ol class=\"agenda\">";
    for (const AgendaItem& a : m->agenda) {
        const bool current = m->current && m->current->order == a.order;
        out += "<li value=\"" + std::to_string(a.order) + "\"" +
               (current ? " class=\"current\" aria-current=\"true\"" : "") + ">";
        if (current)
            out += badge("meeting", "now", tr(lang, {"Nu aan de orde", "Now under discussion"})) + " ";
        out += "<span class=\"item\">" + escape(a.title) + "</span>";
        const auto decided = perItem.find(a.order);
        if (decided != perItem.end()) {
            out += "<ul class=\"decisions\">";
            for (const Decision* d : decided->second)
                out += decisionLine(board, *d, lang);
            out += "</ul>";
        }
        out += "</li>";
    }
    out += "</ol>";
    if (!other.empty()) {
        out += "<h3>" + std::string(tr(lang, {"Overige besluiten", "Other decisions"})) +
               "</h3><ul class=\"decisions\">";
        for (const Decision* d : other)
            out += decisionLine(board, *d, lang);
        out += "</ul>";
    }
    std::size_t decisions = other.size();
    for (const auto& [order, list] : perItem)
        decisions += list.size();
    out += "<p class=\"meta\">" + std::to_string(decisions) + " " +
           std::string(
               tr(lang, {"besluiten in deze vergadering tot nu toe", "decisions in this meeting so far"})) +
           "</p></section>";
    return out;
}

std::string actions(const BoardData& board, const BoardPage& page) {
    const Lang lang = page.lang;
    const std::string today = todayText(page.now);
    std::vector<const Action*> list;
    for (const Action& a : board.actions)
        list.push_back(&a);
    std::stable_sort(list.begin(), list.end(), [](const Action* a, const Action* b) {
        if ((a->status == ActionStatus::Open) != (b->status == ActionStatus::Open))
            return a->status == ActionStatus::Open;
        return a->due < b->due;
    });
    if (list.empty()) return "<p>" + std::string(tr(lang, {"Geen acties.", "No actions."})) + "</p>";
    std::string out = "<table class=\"wide\"><thead><tr>";
    for (const Text& h : {Text{"Actie", "Action"}, Text{"Trekker", "Owner"}, Text{"Uiterlijk", "Due"},
                          Text{"Status", "Status"}, Text{"Herkomst", "From"}})
        out += "<th scope=\"col\">" + std::string(tr(lang, h)) + "</th>";
    out += "</tr></thead><tbody>";
    for (const Action* a : list) {
        std::string origin;
        if (a->meeting) {
            const Meeting* m = board.findMeeting(*a->meeting);
            origin = escape(m ? m->title : *a->meeting);
            if (a->agendaItem)
                origin +=
                    ", " + std::string(tr(lang, {"punt", "item"})) + " " + std::to_string(*a->agendaItem);
        }
        out += "<tr><th scope=\"row\">" + escape(a->title) + "</th><td>" +
               escape(partyName(board, a->owner)) + "</td><td>" + escape(dateText(lang, a->due)) +
               "</td><td>" +
               (isOverdue(*a, today) ? badge("action", "overdue", tr(lang, {"Verlopen", "Overdue"}))
                                     : badge("action", toWire(a->status), tr(lang, words(a->status)))) +
               "</td><td>" + origin + "</td></tr>";
    }
    out += "</tbody></table>";
    return out;
}

} // namespace

std::string badge(std::string_view kind, std::string_view cls, std::string_view text) {
    return "<span class=\"badge " + std::string(kind) + "-" + std::string(cls) + "\">" + escape(text) +
           "</span>";
}

std::optional<BoardTab> boardTabOf(std::string_view segment) {
    for (const BoardTab tab : kTabs)
        if (boardTabSegment(tab) == segment) return tab;
    return std::nullopt;
}

std::string_view boardTabSegment(BoardTab tab) {
    switch (tab) {
    case BoardTab::Overview:
        return "";
    case BoardTab::Agreements:
        return "afspraken";
    case BoardTab::Escalations:
        return "escalaties";
    case BoardTab::Meeting:
        return "vergadering";
    case BoardTab::Actions:
        return "acties";
    }
    return "";
}

std::string boardTitle(const BoardData& board, const BoardPage& page) {
    return std::string(tr(page.lang, tabText(page.tab))) + " · " + board.board.name;
}

std::string boardMain(const BoardData& board, const BoardPage& page) {
    const Lang lang = page.lang;
    std::string out = "<h1>" + escape(board.board.name) + "</h1>";
    if (board.board.demo && !board.board.notice.empty())
        out += "<p class=\"notice\">" + escape(board.board.notice) + "</p>";
    out += "<nav class=\"tabs\" aria-label=\"" +
           std::string(tr(lang, {"Onderdelen van het bord", "Parts of the board"})) + "\"><ul>";
    for (const BoardTab tab : kTabs) {
        const std::string segment(boardTabSegment(tab));
        out += "<li><a href=\"" + escape(page.base) + (segment.empty() ? "" : "/" + segment) + "\"" +
               (tab == page.tab ? " aria-current=\"page\"" : "") + ">" + std::string(tr(lang, tabText(tab))) +
               "</a></li>";
    }
    out += "</ul></nav>";
    out += "<p class=\"updated\">" + std::string(tr(lang, {"Stand van het bord", "Board as of"})) + " " +
           escape(timeText(lang, board.generatedAt)) + " · " + std::string(tr(lang, {"versie", "version"})) +
           " " + std::to_string(board.seq) + "</p>";
    switch (page.tab) {
    case BoardTab::Overview:
        out += overview(board, page);
        break;
    case BoardTab::Agreements:
        out += agreements(board, page);
        break;
    case BoardTab::Escalations:
        out += escalations(board, page);
        break;
    case BoardTab::Meeting:
        out += meeting(board, page);
        break;
    case BoardTab::Actions:
        out += actions(board, page);
        break;
    }
    return out;
}

} // namespace regiebord::hub::web
