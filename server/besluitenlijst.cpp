// The besluitenlijst's document model and its CSV and Markdown writers (besluitenlijst.hpp).

#include "besluitenlijst.hpp"

#include "board_words.hpp"
#include "dates.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <sstream>
#include <tuple>

namespace regiebord::hub {

namespace {

constexpr std::array<std::string_view, 7> kWeekdays{"zondag",    "maandag", "dinsdag", "woensdag",
                                                    "donderdag", "vrijdag", "zaterdag"};
constexpr std::array<std::string_view, 12> kMonths{"januari",   "februari", "maart",    "april",
                                                   "mei",       "juni",     "juli",     "augustus",
                                                   "september", "oktober",  "november", "december"};

std::string twoDigits(unsigned value) {
    return std::string(1, static_cast<char>('0' + value / 10 % 10)) + static_cast<char>('0' + value % 10);
}

std::string longDate(std::chrono::year_month_day ymd) {
    return std::to_string(static_cast<unsigned>(ymd.day())) + " " +
           std::string(kMonths.at(static_cast<unsigned>(ymd.month()) - 1)) + " " +
           std::to_string(static_cast<int>(ymd.year()));
}

std::string shortDate(std::chrono::year_month_day ymd) {
    return twoDigits(static_cast<unsigned>(ymd.day())) + "-" + twoDigits(static_cast<unsigned>(ymd.month())) +
           "-" + std::to_string(static_cast<int>(ymd.year()));
}

/// The meeting's day in the Netherlands; nullopt when its start is no timestamp.
std::optional<std::chrono::year_month_day> localDay(std::string_view timestamp) {
    const auto parsed = parseDateTime(timestamp);
    if (!parsed) return std::nullopt;
    return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(dutchLocalTime(parsed->utc))};
}

std::string shortDateTime(std::string_view timestamp) {
    const auto parsed = parseDateTime(timestamp);
    if (!parsed) return std::string(timestamp);
    const auto local = dutchLocalTime(parsed->utc);
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::hh_mm_ss time{local - day};
    return shortDate(std::chrono::year_month_day{day}) + " " +
           twoDigits(static_cast<unsigned>(time.hours().count())) + ":" +
           twoDigits(static_cast<unsigned>(time.minutes().count()));
}

std::string partyName(const BoardData& board, const std::string& id) {
    const Party* party = board.findParty(id);
    return party ? party->name : id;
}

DecisionEntry entryOf(const BoardData& board, const Decision& decision) {
    const DecisionRequest& r = decision.request;
    DecisionEntry entry;
    entry.outcome = outcomeLabel(r.outcome);
    if (const Escalation* escalation =
            r.escalationId.empty() ? nullptr : board.findEscalation(r.escalationId)) {
        entry.subject = escalation->title;
        if (r.optionId) {
            const auto& options = escalation->options;
            const auto it = std::find_if(options.begin(), options.end(),
                                         [&](const EscalationOption& o) { return o.id == *r.optionId; });
            entry.option = it != options.end() ? it->label : *r.optionId;
            entry.optionText = it != options.end() ? it->description : std::string();
        }
    } else if (!r.escalationId.empty()) {
        entry.subject = r.escalationId; // an escalation the board no longer holds
    }
    entry.note = r.note;
    entry.decidedBy = r.decidedBy;
    entry.decidedAt = dutchDateTime(r.decidedAt, false);
    entry.decidedAtShort = shortDateTime(r.decidedAt);
    return entry;
}

/// Where an action comes from, as seen from the list's meeting.
std::string originOf(const BoardData& board, const Action& action, std::string_view meetingId) {
    if (!action.meeting) return "buiten vergadering";
    std::string origin;
    if (*action.meeting != meetingId) {
        const Meeting* meeting = board.findMeeting(*action.meeting);
        origin = meeting ? meeting->title : *action.meeting;
        if (action.agendaItem) origin += ", punt " + std::to_string(*action.agendaItem);
        return origin;
    }
    return action.agendaItem ? "agendapunt " + std::to_string(*action.agendaItem) : "deze vergadering";
}

} // namespace

std::string dutchDateTime(std::string_view timestamp, bool weekday) {
    const auto parsed = parseDateTime(timestamp);
    if (!parsed) return std::string(timestamp);
    const auto local = dutchLocalTime(parsed->utc);
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::hh_mm_ss time{local - day};
    std::string text;
    if (weekday) text = std::string(kWeekdays.at(std::chrono::weekday{day}.c_encoding())) + " ";
    return text + longDate(std::chrono::year_month_day{day}) + ", " +
           twoDigits(static_cast<unsigned>(time.hours().count())) + ":" +
           twoDigits(static_cast<unsigned>(time.minutes().count()));
}

std::string dutchDate(std::string_view date) {
    const auto parsed = parseDate(date);
    return parsed ? longDate(*parsed) : std::string(date);
}

std::string outcomeLabel(Outcome outcome) {
    return words(outcome).nl;
}

std::optional<Besluitenlijst> makeBesluitenlijst(const BoardData& board, std::string_view meetingId) {
    const Meeting* meeting = board.findMeeting(meetingId);
    if (!meeting) return std::nullopt;
    Besluitenlijst list;
    list.boardName = board.board.name;
    list.demo = board.board.demo;
    list.meetingId = meeting->id;
    list.title = meeting->title;
    list.date = dutchDateTime(meeting->startsAt);
    const auto day = localDay(meeting->startsAt);
    list.dateShort = day ? shortDate(*day) : meeting->startsAt;
    list.location = meeting->location;
    list.chair = meeting->chair;

    std::vector<AgendaItem> agenda = meeting->agenda;
    std::stable_sort(agenda.begin(), agenda.end(),
                     [](const AgendaItem& a, const AgendaItem& b) { return a.order < b.order; });
    std::map<int, std::size_t> byOrder;              // item order -> index in list.items
    std::map<std::string, std::size_t> byEscalation; // the first item naming an escalation
    for (const auto& item : agenda) {
        byOrder.emplace(item.order, list.items.size());
        if (item.escalation) byEscalation.emplace(*item.escalation, list.items.size());
        list.items.push_back({item.order, item.title, {}});
    }

    // This meeting's decisions, in the order they were taken.
    std::vector<const Decision*> decisions;
    for (const auto& d : board.decisions)
        if (d.request.meetingId == meeting->id) decisions.push_back(&d);
    std::stable_sort(decisions.begin(), decisions.end(), [](const Decision* a, const Decision* b) {
        return std::tie(a->request.decidedAt, a->receivedAt) < std::tie(b->request.decidedAt, b->receivedAt);
    });
    for (const Decision* d : decisions) {
        const DecisionRequest& r = d->request;
        std::vector<DecisionEntry>* target = &list.otherDecisions;
        if (r.escalationId.empty() && r.agendaItem) {
            if (const auto it = byOrder.find(*r.agendaItem); it != byOrder.end())
                target = &list.items[it->second].decisions;
        } else if (const auto it = byEscalation.find(r.escalationId); it != byEscalation.end()) {
            target = &list.items[it->second].decisions;
        }
        DecisionEntry entry = entryOf(board, *d);
        if (target == &list.otherDecisions && entry.subject.empty() && r.agendaItem)
            entry.subject = "agendapunt " + std::to_string(*r.agendaItem); // no longer on the agenda
        if (target != &list.otherDecisions) {
            // On its item the escalation is named only when the item's title does not say it already.
            const auto item = std::find_if(list.items.begin(), list.items.end(),
                                           [&](const ItemEntry& i) { return &i.decisions == target; });
            if (r.escalationId.empty() || entry.subject == item->title) entry.subject.clear();
        }
        target->push_back(std::move(entry));
    }

    // Open actions: this meeting's, then every other one the board still has open, except
    // those agreed in later meetings (a list of October does not show December's).
    // Created after the meeting's session (meetings.hpp: eight hours from its start).
    const auto start = parseTimestamp(meeting->startsAt);
    const auto later = [&](const Action& a) {
        if (!start) return false;
        if (!a.meeting) {
            const auto created = parseTimestamp(a.createdAt);
            return created && *created > *start + std::chrono::hours(8);
        }
        const Meeting* m = board.findMeeting(*a.meeting);
        const auto starts = m ? parseTimestamp(m->startsAt) : std::nullopt;
        return starts && *starts > *start;
    };
    std::vector<const Action*> open;
    for (const auto& a : board.actions)
        if (a.status == ActionStatus::Open) open.push_back(&a);
    std::stable_sort(open.begin(), open.end(),
                     [](const Action* a, const Action* b) { return a->due < b->due; });
    const std::string meetingDay = day ? formatIsoDate(*day) : std::string();
    for (const Action* a : open) {
        const bool own = a->meeting == meeting->id;
        if (!own && later(*a)) continue;
        ActionEntry entry;
        entry.title = a->title;
        entry.owner = partyName(board, a->owner);
        entry.due = dutchDate(a->due);
        const auto due = parseDate(a->due);
        entry.dueShort = due ? shortDate(*due) : a->due;
        entry.overdue = !meetingDay.empty() && a->due < meetingDay;
        entry.origin = originOf(board, *a, meeting->id);
        (own ? list.actionsThisMeeting : list.actionsEarlier).push_back(std::move(entry));
    }
    return list;
}

std::string csvField(std::string_view text) {
    std::string value(text);
    // Excel runs a cell that starts like a formula: shown as text instead.
    if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@'))
        value.insert(0, "'");
    const bool quote = value.find_first_of(";\"\r\n") != std::string::npos ||
                       (!value.empty() && (value.front() == ' ' || value.back() == ' '));
    if (!quote) return value;
    std::string out = "\"";
    for (const char c : value) {
        out += c;
        if (c == '"') out += '"';
    }
    return out + "\"";
}

std::string besluitenlijstCsv(const Besluitenlijst& list) {
    std::string out = "\xEF\xBB\xBF"; // the BOM: Excel then reads UTF-8 (é, ö, €) right
    const auto row = [&](std::initializer_list<std::string_view> fields) {
        bool first = true;
        for (const auto field : fields) {
            if (!first) out += ';';
            out += csvField(field);
            first = false;
        }
        out += "\r\n";
    };
    row({"Soort", "Vergadering", "Datum", "Agendapunt", "Onderwerp", "Besluit", "Gekozen optie",
         "Toelichting", "Vastgelegd door", "Vastgelegd op", "Eigenaar", "Deadline", "Verlopen", "Herkomst"});
    const auto decisionRow = [&](std::string_view kind, const std::string& order, const std::string& title,
                                 const DecisionEntry& d) {
        const std::string subject = d.subject.empty() ? title
                                    : title.empty()   ? d.subject
                                                      : title + ": " + d.subject;
        const std::string option = d.optionText.empty() ? d.option : d.option + " (" + d.optionText + ")";
        row({kind, list.title, list.dateShort, order, subject, d.outcome, option, d.note, d.decidedBy,
             d.decidedAtShort, "", "", "", ""});
    };
    for (const auto& item : list.items) {
        const std::string order = std::to_string(item.order);
        if (item.decisions.empty())
            row({"Besluit", list.title, list.dateShort, order, item.title, "Geen besluit", "", "", "", "", "",
                 "", "", ""});
        for (const auto& d : item.decisions)
            decisionRow("Besluit", order, item.title, d);
    }
    for (const auto& d : list.otherDecisions)
        decisionRow("Overig besluit", "", "", d);
    const auto actionRow = [&](std::string_view kind, const ActionEntry& a) {
        row({kind, list.title, list.dateShort, "", a.title, "", "", "", "", "", a.owner, a.dueShort,
             a.overdue ? "ja" : "nee", a.origin});
    };
    for (const auto& a : list.actionsThisMeeting)
        actionRow("Actiepunt", a);
    for (const auto& a : list.actionsEarlier)
        actionRow("Actiepunt (eerder)", a);
    return out;
}

namespace {

/// Text for a Markdown table cell or list line: no line breaks, '|' escaped.
std::string mdText(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '\r') continue;
        if (c == '\n') {
            out += ' ';
        } else if (c == '|' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '\\') {
            out += '\\';
            out += c;
        } else {
            out += c;
        }
    }
    return out;
}

void mdDecision(std::ostringstream& out, const DecisionEntry& d) {
    // A chosen option is the decision itself: "Gekozen optie: Combinatie ..." and what it means.
    const bool chosen = !d.option.empty() && d.outcome == outcomeLabel(Outcome::Option);
    out << "- **" << mdText(chosen ? d.outcome + ": " + d.option : d.outcome) << "**";
    if (chosen && !d.optionText.empty()) out << " — " << mdText(d.optionText);
    out << "\n";
    if (!d.subject.empty()) out << "  - Escalatie: " << mdText(d.subject) << "\n";
    if (!chosen && !d.option.empty()) {
        out << "  - Gekozen optie: " << mdText(d.option);
        if (!d.optionText.empty()) out << " — " << mdText(d.optionText);
        out << "\n";
    }
    if (!d.note.empty()) out << "  - Toelichting: " << mdText(d.note) << "\n";
    out << "  - Vastgelegd door " << mdText(d.decidedBy) << " op " << mdText(d.decidedAt) << "\n";
}

void mdActions(std::ostringstream& out, const std::vector<ActionEntry>& actions) {
    if (actions.empty()) {
        out << "Geen open actiepunten.\n\n";
        return;
    }
    out << "| Actie | Eigenaar | Deadline | Herkomst |\n|---|---|---|---|\n";
    for (const auto& a : actions)
        out << "| " << mdText(a.title) << " | " << mdText(a.owner) << " | " << mdText(a.due)
            << (a.overdue ? " **(verlopen)**" : "") << " | " << mdText(a.origin) << " |\n";
    out << "\n";
}

} // namespace

std::string besluitenlijstMarkdown(const Besluitenlijst& list) {
    std::ostringstream out;
    if (list.demo) out << "> **DEMO — verzonnen gegevens**\n\n";
    out << "# Besluitenlijst " << mdText(list.title) << "\n\n";
    out << "- **Datum:** " << mdText(list.date) << "\n";
    out << "- **Plaats:** " << mdText(list.location) << "\n";
    out << "- **Voorzitter:** " << mdText(list.chair) << "\n";
    out << "- **Overleg:** " << mdText(list.boardName) << "\n\n";
    out << "## Besluiten\n\n";
    for (const auto& item : list.items) {
        out << "### " << item.order << ". " << mdText(item.title) << "\n\n";
        if (item.decisions.empty()) out << "Geen besluit.\n";
        for (const auto& d : item.decisions)
            mdDecision(out, d);
        out << "\n";
    }
    if (!list.otherDecisions.empty()) {
        out << "### Overige besluiten\n\n";
        for (const auto& d : list.otherDecisions)
            mdDecision(out, d);
        out << "\n";
    }
    out << "## Actiepunten\n\n### Uit deze vergadering\n\n";
    mdActions(out, list.actionsThisMeeting);
    out << "### Nog open uit eerdere vergaderingen\n\n";
    mdActions(out, list.actionsEarlier);
    return out.str();
}

} // namespace regiebord::hub
