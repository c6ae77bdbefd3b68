#pragma once
// The besluitenlijst (decisions list) of a meeting: what the secretary sends after it.
// makeBesluitenlijst turns a board and a meeting into a document model, a pure function
// with every text already in Dutch; the writers turn the model into CSV and Markdown
// here, and into a PDF in besluitenlijst_pdf.cpp (cairo + pango). See docs/besluitenlijst.md.

#include "model.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regiebord::hub {

/// One decision as the list shows it.
struct DecisionEntry {
    std::string subject;    ///< the escalation's title; "" for a decision on the agenda item itself
    std::string outcome;    ///< "Vastgesteld", "Gekozen optie", ...
    std::string option;     ///< the chosen option's label; "" when none
    std::string optionText; ///< its description
    std::string note;
    std::string decidedBy;
    std::string decidedAt;      ///< "10 december 2026, 14:32" (Dutch time)
    std::string decidedAtShort; ///< "10-12-2026 14:32", for spreadsheets
};

/// An agenda item with the decisions on it, in the order they were taken.
struct ItemEntry {
    int order = 0;
    std::string title;
    std::vector<DecisionEntry> decisions; ///< empty: "Geen besluit"
};

/// An open action (actiepunt).
struct ActionEntry {
    std::string title;
    std::string owner;    ///< the party's name (its id when the board has no such party)
    std::string due;      ///< "20 november 2026"
    std::string dueShort; ///< "20-11-2026"
    bool overdue = false; ///< due before the meeting's day
    std::string origin;   ///< "agendapunt 4", "Stuurgroep Wonen oktober 2026, punt 4", "buiten vergadering"
};

/// The whole list: what every writer shows, and in which order.
struct Besluitenlijst {
    std::string boardName;
    bool demo = false;
    std::string meetingId;
    std::string title;
    std::string date;      ///< "donderdag 10 december 2026, 14:30"
    std::string dateShort; ///< "10-12-2026"
    std::string location;
    std::string chair;
    std::vector<ItemEntry> items;
    std::vector<DecisionEntry> otherDecisions;   ///< "Overige besluiten": this meeting's, on no item
    std::vector<ActionEntry> actionsThisMeeting; ///< "Uit deze vergadering"
    std::vector<ActionEntry> actionsEarlier;     ///< "Nog open uit eerdere vergaderingen"
};

/// The besluitenlijst of a meeting of the board; nullopt when the board has no such meeting.
std::optional<Besluitenlijst> makeBesluitenlijst(const BoardData& board, std::string_view meetingId);

/// CSV for Dutch Excel: UTF-8 with a BOM, ';' between fields, CRLF, one table (Soort, Agendapunt, ...)
/// with a row per decision (or "Geen besluit") and a row per open action.
std::string besluitenlijstCsv(const Besluitenlijst& list);
/// Markdown: headings per agenda item, a table per group of actions.
std::string besluitenlijstMarkdown(const Besluitenlijst& list);

/// How a Dutch reader names an outcome: "Vastgesteld", "Aangehouden", "Gekozen optie".
std::string outcomeLabel(Outcome outcome);
/// "donderdag 10 december 2026, 14:30" for a timestamp; the text itself when it is none.
std::string dutchDateTime(std::string_view timestamp, bool weekday = true);
/// "10 december 2026" for a date "2026-12-10"; the text itself when it is none.
std::string dutchDate(std::string_view date);
/// One CSV field: quoted (with doubled quotes) when it holds ';', '"', a line break or
/// leading/trailing spaces, or starts like an Excel formula (=, +, -, @: then also prefixed with ').
std::string csvField(std::string_view text);

} // namespace regiebord::hub
