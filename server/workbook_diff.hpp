#pragma once
// What an import changes, sheet by sheet, as the secretary knows the board: the rows of
// the workbook (buildWorkbook's tables, so the same column table) before and after, rows
// matched by their key. Used by `import --dry-run`, by import itself, and kept in the
// audit trail (docs/workbook.md, "Import").

#include "model.hpp"
#include "workbook_columns.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace regiebord::hub::workbook {

struct SheetDiff {
    const Sheet* sheet = nullptr;
    std::size_t added = 0;
    std::size_t changed = 0;
    std::size_t removed = 0;
    std::vector<std::string> lines; ///< "+ pa-99 ...", "~ pa-01: Doel: 1200 → 1300", "- pa-05 ..."
};

struct BoardDiff {
    std::vector<SheetDiff> sheets; ///< in workbook order: the sheets asked for, and every sheet that changes
    std::size_t added = 0;
    std::size_t changed = 0;
    std::size_t removed = 0;
    bool empty() const { return added + changed + removed == 0; }
};

/// before: the hub's board (null: none yet). `show`: sheets to list even without changes.
/// `afterEscalations`: after's escalations as the hub will store them (ImportPreview), if not its own.
BoardDiff diffBoards(const BoardData* before, const BoardData& after, const std::vector<const Sheet*>& show,
                     const nlohmann::json* afterEscalations = nullptr);

/// The diff as text for people, in Dutch, one sheet after the other; "geen wijzigingen" when empty.
std::string diffText(const BoardDiff& diff);

/// "+1 ~2 -0".
std::string diffCounts(const BoardDiff& diff);

} // namespace regiebord::hub::workbook
