#pragma once
// The live view of a board in a browser (docs/web.md): the overview, agreements,
// escalations, the meeting (agenda, the current item, the besluitenlijst so far) and
// the actions, in Dutch and English, from the same board model the kiosk draws. Read
// only. A pure function of the board, the page and the time, so it is tested without
// a server; the page's script (server/web/regiebord.js) asks for the main part again
// with its ETag and swaps it in when the board changed.

#include "model.hpp"
#include "web_html.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace regiebord::hub::web {

enum class BoardTab { Overview, Agreements, Escalations, Meeting, Actions };

/// The tab of a path segment ("" the overview, "afspraken", "escalaties", "vergadering",
/// "acties"); nullopt for another.
std::optional<BoardTab> boardTabOf(std::string_view segment);
std::string_view boardTabSegment(BoardTab tab);

struct BoardPage {
    BoardTab tab = BoardTab::Overview;
    Lang lang = Lang::Nl;
    std::string base; ///< where the tabs are: "/boards/demo-regio" or "/v/TOKEN"
    std::chrono::system_clock::time_point now;
};

/// A coloured label: class "badge KIND-CLS" (server/web/regiebord.css), the text escaped.
std::string badge(std::string_view kind, std::string_view cls, std::string_view text);

/// The page's title (plain text): the tab and the board's name.
std::string boardTitle(const BoardData& board, const BoardPage& page);
/// What goes inside <main>: the board's name, the tabs, the tab's content.
std::string boardMain(const BoardData& board, const BoardPage& page);

} // namespace regiebord::hub::web
