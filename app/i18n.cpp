#include "i18n.hpp"

#include "board_words.hpp"

#include <array>
#include <atomic>
#include <vector>

namespace regiebord::ui {

namespace {

struct Entry {
    std::string_view key;
    const char* nl;
    const char* en;
};

// clang-format off
constexpr std::array kTexts{
    Entry{"overview", "Overzicht", "Overview"},
    Entry{"agreements", "Afspraken", "Agreements"},
    Entry{"escalations", "Escalaties", "Escalations"},
    Entry{"early_warning", "Vroegsignalering", "Early warning"},
    Entry{"meeting", "Vergadering", "Meeting"},
    Entry{"actions", "Acties", "Actions"},
    Entry{"due", "uiterlijk", "due"},
    Entry{"agenda_item", "agendapunt", "agenda item"},
    Entry{"action_pending", "wacht op de hub", "waiting for the hub"},
    Entry{"no_open_actions", "Geen open acties", "No open actions"},
    Entry{"open_lower", "open", "open"},
    Entry{"overdue_lower", "verlopen", "overdue"},
    Entry{"review_actions", "Openstaande acties", "Open actions"},
    Entry{"definitions", "Afsprakenkaart", "Definitions"},
    Entry{"overview.short", "Overzicht", "Overview"},
    Entry{"agreements.short", "Afspraken", "Agreements"},
    Entry{"early_warning.short", "Signalen", "Warnings"},
    Entry{"escalations.short", "Escalaties", "Escalations"},
    Entry{"meeting.short", "Vergadering", "Meeting"},
    Entry{"actions.short", "Acties", "Actions"},
    Entry{"definitions.short", "Begrippen", "Terms"},
    Entry{"decision_on_item", "Besluit over agendapunt", "Decision on agenda item"},
    Entry{"action", "Actie", "Action"},
    Entry{"action_optional", "Actie erbij (optioneel): wie?", "With an action (optional): who?"},
    Entry{"weeks", "weken", "weeks"},
    Entry{"decide_escalation", "Besluiten over deze escalatie", "Decide on this escalation"},
    Entry{"agreements_by_status", "Afspraken per status", "Agreements by status"},
    Entry{"open_escalations", "Open escalaties", "Open escalations"},
    Entry{"next_meeting", "Volgende vergadering", "Next meeting"},
    Entry{"no_meeting", "Geen vergadering gepland", "No meeting planned"},
    Entry{"agenda_items", "agendapunten", "agenda items"},
    Entry{"production", "Woningproductie", "Housing production"},
    Entry{"affordable_share", "Aandeel betaalbaar", "Affordable share"},
    Entry{"social_share", "Aandeel sociale huur", "Social rent share"},
    Entry{"norm", "norm", "norm"},
    Entry{"realised", "gerealiseerd", "realised"},
    Entry{"in_progress", "in uitvoering", "in progress"},
    Entry{"planned", "gepland", "planned"},
    Entry{"target", "doel", "target"},
    Entry{"deadline", "deadline", "deadline"},
    Entry{"owner", "Trekker", "Owner"},
    Entry{"raised_by", "Ingebracht door", "Raised by"},
    Entry{"question", "Vraag aan de stuurgroep", "Question to the board"},
    Entry{"options", "Opties", "Options"},
    Entry{"standard_outcomes", "Of besluit", "Or decide"},
    Entry{"history", "Verloop", "History"},
    Entry{"back", "Terug", "Back"},
    Entry{"record_decision", "Besluit vastleggen", "Record decision"},
    Entry{"choose_first", "Kies eerst een optie of besluit", "Choose an option or outcome first"},
    Entry{"confirm_title", "Besluit bevestigen", "Confirm decision"},
    Entry{"confirm", "Bevestigen", "Confirm"},
    Entry{"chair", "Voorzitter", "Chair"},
    Entry{"filter.status", "Status", "Status"},
    Entry{"filter.theme", "Thema", "Theme"},
    Entry{"filter.party", "Partij", "Party"},
    Entry{"filter.all", "alle", "all"},
    Entry{"filter.clear", "Filters wissen", "Clear filters"},
    Entry{"filter.nothing", "Geen afspraken bij deze filters.", "No agreements match these filters."},
    Entry{"agreements_shown", "afspraken", "agreements"},
    Entry{"page", "Pagina", "Page"},
    Entry{"page_of", "van", "of"},
    Entry{"view.list", "Lijst", "List"},
    Entry{"view.cards", "Kaarten", "Cards"},
    Entry{"parties", "Partijen", "Parties"},
    Entry{"updated", "Bijgewerkt", "Updated"},
    Entry{"none", "Geen.", "None."},
    Entry{"projects", "Projecten", "Projects"},
    Entry{"homes", "woningen", "homes"},
    Entry{"delivery", "oplevering", "delivery"},
    Entry{"device", "Apparaat", "Device"},
    Entry{"device.short", "Apparaat", "Device"},
    Entry{"device.version", "Versie", "Version"},
    Entry{"device.id", "Apparaat-id bij de hub", "Device id at the hub"},
    Entry{"device.hub", "Hub", "Hub"},
    Entry{"device.support", "Beheer", "Support"},
    Entry{"device.last_success", "Laatst bijgewerkt", "Last updated"},
    Entry{"device.last_attempt", "Laatste poging", "Last attempt"},
    Entry{"device.last_error", "Laatste fout", "Last error"},
    Entry{"device.clock", "Klok", "Clock"},
    Entry{"device.clock_ok", "Klok klopt met de hub", "Clock agrees with the hub"},
    Entry{"device.state_dir", "Gegevensmap", "State directory"},
    Entry{"device.cache", "Cache", "Cache"},
    Entry{"device.fault", "Storing", "Fault"},
    Entry{"language.other", "English", "Nederlands"},
    Entry{"device.sync_now", "Nu bijwerken", "Sync now"},
    Entry{"device.outbox", "Besluiten op dit scherm", "Decisions on this screen"},
    Entry{"device.outbox_empty", "Nog geen besluiten vastgelegd op dit scherm.", "No decisions recorded on this screen yet."},
    Entry{"never", "nooit", "never"},
    Entry{"chair_active", "Voorzitter actief", "Chair active"},
    Entry{"chair_open", "Voorzittersmodus openen", "Open chair mode"},
    Entry{"chair_needed", "Alleen de voorzitter kan een besluit vastleggen.", "Only the chair can record a decision."},
    Entry{"pin_title", "Pincode voorzitter", "Chair PIN"},
    Entry{"pin_ok", "OK", "OK"},
    Entry{"pin_delete", "Wis", "Del"},
    Entry{"pin_wrong", "Onjuiste pincode.", "Wrong PIN."},
    Entry{"pin_locked_for", "Opnieuw proberen over", "Try again in"},
    Entry{"pin_unavailable", "Pincode kan op dit scherm niet worden gecontroleerd; zie het logboek.", "This screen cannot check the PIN; see the log."},
    Entry{"pin_not_configured", "Geen pincode ingesteld (regiebord --set-pin).", "No PIN set (regiebord --set-pin)."},
    Entry{"held_for", "Wordt vastgelegd over", "Will be recorded in"},
    Entry{"undo", "Ongedaan maken", "Undo"},
    Entry{"note_optional", "Toelichting (optioneel):", "Note (optional):"},
    Entry{"note.conditions", "Onder voorwaarden", "With conditions"},
    Entry{"note.next_meeting", "Terug volgende vergadering", "Back at the next meeting"},
    Entry{"note.inform_councils", "Raden informeren", "Inform the councils"},
    Entry{"note.tenants", "Na advies huurders", "After tenants' advice"},
    Entry{"cancel", "Annuleren", "Cancel"},
    Entry{"decision", "Besluit", "Decision"},
    Entry{"recording", "Wordt vastgelegd…", "Recording…"},
    Entry{"pending", "Vastgelegd op dit scherm, wacht op de hub", "Recorded here, waiting for the hub"},
    Entry{"sending", "Vastgelegd, wordt verzonden", "Recorded, sending"},
    Entry{"confirmed", "Bevestigd door de hub", "Confirmed by the hub"},
    Entry{"conflict", "Conflict: elders al besloten", "Conflict: decided elsewhere"},
    Entry{"needs_attention", "Niet geaccepteerd door de hub", "Not accepted by the hub"},
    Entry{"refused", "Niet vastgelegd", "Not recorded"},
    Entry{"decided_elsewhere", "Besloten", "Decided"},
    Entry{"held_over", "Aangehouden", "Held over"},
    Entry{"held_over_hint", "Eerder aangehouden: hier kan nu het vervolgbesluit worden genomen.",
          "Held over earlier: the follow-up decision can be taken here now."},
    Entry{"updated_at", "Bijgewerkt om", "Updated at"},
    Entry{"just_now", "zojuist", "just now"},
    Entry{"online", "Hub bereikbaar", "Hub reachable"},
    Entry{"offline", "OFFLINE: hub niet bereikbaar", "OFFLINE: hub unreachable"},
    Entry{"refused_by_hub", "De hub weigert dit scherm (details: Apparaat).",
          "The hub refuses this screen (details: Device)."},
    Entry{"hub_disconnected", "Dit scherm is losgekoppeld van de hub.",
          "This screen has been disconnected from the hub."},
    Entry{"call", "Bel", "Call"},
    Entry{"call_it", "Neem contact op met de ICT-beheerder.", "Contact your IT administrator."},
    Entry{"hub_wrong_board", "Dit scherm heeft geen toegang tot dit bord.", "This screen has no access to this board."},
    Entry{"hub_unusable", "De hub stuurde onleesbare gegevens; we tonen de laatste goede stand.",
          "The hub sent unreadable data; we show the last good data."},
    Entry{"hub_unusable_since", "De hub stuurde onleesbare gegevens; we tonen de laatste goede stand van",
          "The hub sent unreadable data; we show the last good data, from"},
    Entry{"device_fault", "Storing op dit scherm; de details staan bij Apparaat.",
          "This screen has a fault; the details are under Device."},
    Entry{"send_retrying", "De hub is nog niet bereikt; dit scherm blijft het proberen.",
          "The hub has not been reached yet; this screen keeps trying."},
    Entry{"hub_declined_decision", "De hub nam dit besluit niet aan; de details staan bij Apparaat.",
          "The hub did not accept this decision; the details are under Device."},
    Entry{"not_recorded_hint", "Dit besluit is niet opgeslagen: neem het opnieuw, of noteer het; de details staan bij Apparaat.",
          "This decision was not stored: take it again, or note it down; the details are under Device."},
    Entry{"connecting", "Verbinden met hub…", "Connecting to hub…"},
    Entry{"no_data", "Nog geen gegevens: wacht op de hub", "No data yet: waiting for the hub"},
    Entry{"never_synced", "nog nooit bijgewerkt", "never updated"},
    Entry{"demo", "DEMO", "DEMO"},
    Entry{"none_open", "Geen open escalaties", "No open escalations"},
    Entry{"clock_untrusted", "Klok van dit scherm wijkt af van de hub: tijden onbetrouwbaar",
          "This screen's clock differs from the hub: times unreliable"},
    Entry{"ew_intro", "Afspraken die met gerealiseerd + in uitvoering hun doel niet halen, zonder open escalatie",
          "Agreements that miss their target on realised + in progress, with no open escalation"},
    Entry{"ew_none", "Geen signalen: elke lopende afspraak haalt haar doel met wat gerealiseerd en in uitvoering is, of staat al als escalatie op de agenda.",
          "No warnings: every running agreement reaches its target with what is realised and in progress, or is already escalated."},
    Entry{"ew_hint", "Nog geen escalatie \u2014 agenderen?", "No escalation yet \u2014 put it on the agenda?"},
    Entry{"shortfall", "tekort", "short by"},
    Entry{"missing", "ontbreekt", "missing"},
    Entry{"overdue", "Deadline verstreken", "Deadline passed"},
    Entry{"agenda", "Agenda", "Agenda"},
    Entry{"last_meeting", "Laatst gehouden vergadering", "Latest meeting held"},
    Entry{"now", "NU", "NOW"},
    Entry{"tap_current", "Tik op een agendapunt om het voor de hele zaal als huidig te markeren",
          "Tap an agenda item to mark it as current for the whole room"},
    Entry{"current_by_chair", "De voorzitter markeert het huidige agendapunt (voorzittersmodus)",
          "The chair marks the current agenda item (chair mode)"},
    Entry{"decisions_in_meeting", "Besluiten in deze vergadering", "Decisions in this meeting"},
    Entry{"no_decisions_yet", "Nog geen besluiten in deze vergadering", "No decisions in this meeting yet"},
    Entry{"decision_list", "Besluitenlijst", "Decision list"},
    Entry{"show_agenda", "Terug naar agenda", "Back to agenda"},
    Entry{"decided_by", "besloten door", "decided by"},
    Entry{"escalation", "Escalatie", "Escalation"},
    Entry{"agreement", "Afspraak", "Agreement"},
    Entry{"unknown_escalation", "Escalatie niet meer op het bord", "Escalation no longer on the board"},
    Entry{"valid_from", "Geldig vanaf", "Valid from"},
    Entry{"agreed_by", "Vastgesteld door", "Agreed by"},
    Entry{"no_definitions", "Nog geen gedeelde begrippen vastgelegd", "No shared definitions recorded yet"},
    Entry{"decisions_waiting", "besluit(en) wachten op verzending", "decision(s) waiting to be sent"},
};
// clang-format on

constexpr bool uniqueKeys() {
    for (std::size_t i = 0; i < kTexts.size(); ++i)
        for (std::size_t j = i + 1; j < kTexts.size(); ++j)
            if (kTexts[i].key == kTexts[j].key) return false;
    return true;
}
static_assert(uniqueKeys(), "a key appears twice in the UI text table");

std::atomic<Language> g_language{Language::Dutch};

const Entry* find(std::string_view key) {
    for (const auto& e : kTexts)
        if (e.key == key) return &e;
    return nullptr;
}

} // namespace

void setLanguage(Language language) {
    g_language = language;
}
Language language() {
    return g_language;
}

const char* tr(std::string_view key) {
    const bool dutch = g_language == Language::Dutch;
    if (const Entry* e = find(key)) return dutch ? e->nl : e->en;
    // The board's own terms ("theme.overig", "outcome.akkoord"): the table the hub's pages
    // and the besluitenlijst use too (sync/board_words.hpp).
    if (const auto w = wordsForKey(key)) return dutch ? w->nl : w->en;
    return "??"; // a test checks that every key used exists
}

bool hasTranslation(std::string_view key) {
    if (const Entry* e = find(key)) return e->nl[0] != '\0' && e->en[0] != '\0';
    const auto w = wordsForKey(key);
    return w && w->nl[0] != '\0' && w->en[0] != '\0';
}

std::vector<std::string_view> textKeys() {
    std::vector<std::string_view> keys;
    keys.reserve(kTexts.size());
    for (const auto& e : kTexts)
        keys.push_back(e.key);
    return keys;
}

} // namespace regiebord::ui
