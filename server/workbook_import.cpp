// From a reader's rows to a board document (workbook_import.hpp, docs/workbook.md "Import").

#include "workbook_import.hpp"

#include "text.hpp"
#include "workbook_cells.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

namespace regiebord::hub::workbook {

using nlohmann::json;

std::string describe(const ImportError& error, const RawBook& book) {
    std::string subject = error.heading;
    if (!book.csvFile.empty()) {
        std::string where = book.csvFile;
        if (error.line > 0) where += ":" + std::to_string(error.line);
        if (!error.heading.empty()) return where + ": kolom \"" + error.heading + "\" " + error.text;
        return where + ": " + error.text;
    }
    std::string where = error.sheet.empty() ? std::string("werkmap") : error.sheet;
    if (error.line > 0) {
        where += "!" + (error.column != kNoColumn ? columnName(error.column) : std::string()) +
                 std::to_string(error.line);
    }
    if (error.heading.empty()) return where + ": " + error.text;
    if (!subject.empty() && subject[0] >= 'A' && subject[0] <= 'Z')
        subject[0] = static_cast<char>(subject[0] - 'A' + 'a');
    return where + ": " + subject + " " + error.text;
}

std::string boardIdIn(const RawBook& book) {
    const Sheet& bord = *sheetOfKind("board");
    for (const RawSheet& raw : book.sheets) {
        if (raw.name != bord.name) continue;
        std::size_t idColumn = kNoColumn;
        for (std::size_t c = 0; c < raw.headings.size(); ++c)
            if (columnOfHeading(bord, raw.headings[c]) == columnIndex(bord, "id")) idColumn = c;
        for (const RawRow& row : raw.rows)
            if (idColumn < row.cells.size() && !isBlank(row.cells[idColumn]))
                return cellText(row.cells[idColumn]);
    }
    return {};
}

namespace {

/// A sheet's row, read: the value of each of the sheet's columns.
struct ReadRow {
    std::size_t line = 0;
    std::vector<json> values; ///< by the sheet's column
    bool remove = false;
    std::string key; ///< what identifies the row on its sheet; "" for rows without a key
};

struct ReadSheet {
    const Sheet* sheet = nullptr;
    std::vector<std::size_t> columns; ///< the file column of each of the sheet's columns
    std::vector<ReadRow> rows;
    bool usable = false; ///< its headings were all understood
};

std::string firstLine(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

/// Sets a member at a dotted key ("target.quantity").
void setMember(json& object, std::string_view key, json value) {
    json* at = &object;
    std::size_t start = 0;
    while (true) {
        const auto dot = key.find('.', start);
        const std::string part(key.substr(start, dot == std::string_view::npos ? dot : dot - start));
        if (dot == std::string_view::npos) {
            (*at)[part] = std::move(value);
            return;
        }
        at = &(*at)[part];
        start = dot + 1;
    }
}

const json* memberOf(const json& object, std::string_view key) {
    const json* at = &object;
    std::size_t start = 0;
    while (true) {
        const auto dot = key.find('.', start);
        const std::string part(key.substr(start, dot == std::string_view::npos ? dot : dot - start));
        if (!at->is_object() || !at->contains(part)) return nullptr;
        at = &(*at)[part];
        if (dot == std::string_view::npos) return at;
        start = dot + 1;
    }
}

class Importer {
public:
    Importer(const RawBook& book, const std::string& boardId, const BoardData* current)
        : m_book(book), m_boardId(boardId), m_current(current) {}

    ImportedBoard run() {
        if (!m_book.format.empty() && m_book.format != kFormat)
            error({}, 0, kNoColumn,
                  "de werkmap heeft het formaat \"" + oneLine(m_book.format, 60) + "\"; deze hub leest " +
                      std::string(kFormat));
        readSheets();
        startDocument();
        for (ReadSheet& read : m_read)
            if (read.usable && read.sheet->member.empty()) ownSheet(read);
        for (ReadSheet& read : m_read)
            if (read.usable && !read.sheet->member.empty()) nestedSheet(read);
        checkReferences();
        std::stable_sort(m_out.errors.begin(), m_out.errors.end(), [&](const auto& a, const auto& b) {
            return std::make_tuple(sheetOrder(a.sheet), a.line, a.column) <
                   std::make_tuple(sheetOrder(b.sheet), b.line, b.column);
        });
        return std::move(m_out);
    }

private:
    std::size_t sheetOrder(const std::string& name) const {
        const auto sheets = workbookSheets();
        for (std::size_t i = 0; i < sheets.size(); ++i)
            if (sheets[i].name == name) return i + 1;
        return 0;
    }

    void error(const std::string& sheet, std::size_t line, std::size_t column, std::string text,
               std::string heading = {}) {
        m_out.errors.push_back({sheet, line, column, std::move(heading), std::move(text)});
    }

    // --- reading the sheets ----------------------------------------------------------------

    void readSheets() {
        std::set<std::string> seen;
        for (const RawSheet& raw : m_book.sheets) {
            if (raw.name == kUitleg) continue;
            const Sheet* sheet = sheetNamed(raw.name);
            if (!sheet) {
                std::string known;
                for (const Sheet& s : workbookSheets())
                    known += (known.empty() ? "" : ", ") + std::string(s.name);
                error(raw.name, 0, kNoColumn,
                      "blad \"" + oneLine(raw.name, 60) + "\" is onbekend; de bladen zijn: " + known);
                continue;
            }
            if (!seen.insert(raw.name).second) continue;
            m_out.sheets.push_back(sheet);
            ReadSheet read{sheet, mapColumns(*sheet, raw), {}, false};
            read.usable = std::none_of(m_out.errors.begin(), m_out.errors.end(), [&](const ImportError& e) {
                return e.sheet == raw.name && e.line <= 1;
            });
            if (read.usable) readRows(raw, read);
            m_read.push_back(std::move(read));
        }
        std::sort(m_read.begin(), m_read.end(), [&](const ReadSheet& a, const ReadSheet& b) {
            return sheetOrder(std::string(a.sheet->name)) < sheetOrder(std::string(b.sheet->name));
        });
    }

    /// Each of the sheet's columns in the file: by the key in the heading's comment, else by the heading.
    std::vector<std::size_t> mapColumns(const Sheet& sheet, const RawSheet& raw) {
        std::vector<std::size_t> columns(sheet.columns.size(), kNoColumn);
        const std::string name(sheet.name);
        const std::size_t width = std::max(raw.headings.size(), raw.comments.size());
        for (std::size_t c = 0; c < width; ++c) {
            const std::string heading = c < raw.headings.size() ? raw.headings[c] : std::string();
            const std::string comment = c < raw.comments.size() ? firstLine(raw.comments[c]) : std::string();
            std::size_t index = kNoColumn;
            constexpr std::string_view kKey = "sleutel: ";
            if (comment.rfind(kKey, 0) == 0) index = columnIndex(sheet, comment.substr(kKey.size()));
            if (index == kNoColumn) index = columnOfHeading(sheet, heading);
            if (index == kNoColumn) {
                if (!isBlank(Cell{heading}))
                    error(name, 1, c, "kolom \"" + oneLine(heading, 60) + "\" is onbekend op blad " + name);
                continue;
            }
            if (columns[index] != kNoColumn) {
                error(name, 1, c,
                      "kolom \"" + std::string(sheet.columns[index].heading) +
                          "\" staat er twee keer (ook in kolom " + columnName(columns[index]) + ")");
                continue;
            }
            columns[index] = c;
        }
        for (std::size_t i = 0; i < sheet.columns.size(); ++i)
            if (columns[i] == kNoColumn && sheet.columns[i].role != Role::Delete)
                error(name, 0, kNoColumn,
                      "kolom \"" + std::string(sheet.columns[i].heading) + "\" ontbreekt");
        return columns;
    }

    static bool isKeyColumn(const Sheet& sheet, const Column& column) {
        if (column.role == Role::Parent) return true;
        if (sheet.kind == "production") return column.key == "year" || column.key == "segment";
        if (sheet.member == "agenda") return column.key == "order";
        return column.key == "id";
    }

    void readRows(const RawSheet& raw, ReadSheet& read) {
        const Sheet& sheet = *read.sheet;
        std::map<std::string, std::size_t> keys; // key -> line
        for (const RawRow& row : raw.rows) {
            if (std::all_of(row.cells.begin(), row.cells.end(), [](const Cell& c) { return isBlank(c); }))
                continue;
            ReadRow out{row.line, std::vector<json>(sheet.columns.size()), false, {}};
            const auto cellAt = [&](std::size_t i) {
                const std::size_t c = read.columns[i];
                return c < row.cells.size() ? row.cells[c] : Cell{};
            };
            const std::size_t del = columnIndex(sheet, kDeleteKey);
            if (del < sheet.columns.size() && read.columns[del] != kNoColumn) {
                const CellValue mark = cellValue(sheet.columns[del], cellAt(del));
                if (!mark.problem.empty())
                    error(raw.name, row.line, read.columns[del], mark.problem,
                          std::string(sheet.columns[del].heading));
                out.remove = mark.value == true;
            }
            bool ok = true;
            for (std::size_t i = 0; i < sheet.columns.size(); ++i) {
                const Column& column = sheet.columns[i];
                if (column.role == Role::Delete || (out.remove && !isKeyColumn(sheet, column))) continue;
                CellValue value = cellValue(column, cellAt(i), m_book.date1904);
                if (!value.problem.empty()) {
                    error(raw.name, row.line, read.columns[i], value.problem, std::string(column.heading));
                    ok = false;
                }
                out.values[i] = std::move(value.value);
            }
            out.key = keyOf(sheet, out);
            if (!ok) {
                // Left out, but known: what refers to it is not reported as well.
                if (sheet.member.empty()) m_broken[std::string(sheet.kind)].insert(out.key);
                continue;
            }
            if (!out.key.empty()) {
                const auto [it, fresh] = keys.emplace(out.key, row.line);
                if (!fresh) {
                    error(raw.name, row.line, read.columns[firstKeyColumn(sheet)],
                          keyText(sheet, out) + " staat al op regel " + std::to_string(it->second));
                    continue;
                }
            }
            read.rows.push_back(std::move(out));
        }
    }

    static std::size_t firstKeyColumn(const Sheet& sheet) {
        for (std::size_t i = 0; i < sheet.columns.size(); ++i)
            if (isKeyColumn(sheet, sheet.columns[i]) && sheet.columns[i].role != Role::Parent) return i;
        return 0;
    }

    static std::string valueText(const json& value) {
        if (value.is_string()) return value.get<std::string>();
        if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
        return {};
    }

    /// The row's key on its sheet: an id, "year-segment", "meeting#order", an option id; "" for none.
    static std::string keyOf(const Sheet& sheet, const ReadRow& row) {
        if (sheet.kind == "board" || sheet.member == "criteria" || sheet.member == "history") return {};
        std::string key;
        for (std::size_t i = 0; i < sheet.columns.size(); ++i) {
            const Column& column = sheet.columns[i];
            if (!isKeyColumn(sheet, column) || (column.role == Role::Parent && sheet.member == "options"))
                continue;
            key += (key.empty() ? "" : "#") + valueText(row.values[i]);
        }
        return key;
    }

    /// keyOf for an object of the document (a kind's own sheet): the same text as its row's.
    static std::string keyOfObject(const Sheet& sheet, const json& object) {
        std::string key;
        for (const Column& column : sheet.columns) {
            if (!isKeyColumn(sheet, column) || column.role == Role::Parent) continue;
            const json* value = memberOf(object, column.key);
            key += (key.empty() ? "" : "#") + (value ? valueText(*value) : std::string());
        }
        return key;
    }

    static std::string keyText(const Sheet& sheet, const ReadRow& row) {
        std::string text;
        for (std::size_t i = 0; i < sheet.columns.size(); ++i) {
            const Column& column = sheet.columns[i];
            if (!isKeyColumn(sheet, column) || (column.role == Role::Parent && sheet.member == "options"))
                continue;
            std::string heading(column.heading);
            text += (text.empty() ? "" : " en ") + heading + " " + valueText(row.values[i]);
        }
        return text;
    }

    // --- the document ------------------------------------------------------------------------

    void startDocument() {
        if (m_current) {
            m_out.document = boardToJson(*m_current, DocumentKind::Import);
        } else {
            m_out.document = {{"format", kImportFormat}, {"board", json::object()}};
            for (const Sheet& sheet : workbookSheets())
                if (sheet.kind != "board" && sheet.member.empty())
                    m_out.document[std::string(sheet.kind)] = json::array();
        }
        const bool hasBord = std::any_of(m_read.begin(), m_read.end(),
                                         [](const ReadSheet& r) { return r.sheet->kind == "board"; });
        if (!m_current && !hasBord)
            error(std::string(sheetOfKind("board")->name), 0, kNoColumn,
                  "blad ontbreekt: het bord \"" + m_boardId +
                      "\" staat nog niet op de hub, dus de werkmap moet het "
                      "blad Bord hebben");
    }

    json objectOf(const Sheet& sheet, const ReadRow& row) const {
        json object = json::object();
        for (std::size_t i = 0; i < sheet.columns.size(); ++i)
            if (sheet.columns[i].role == Role::Field) setMember(object, sheet.columns[i].key, row.values[i]);
        return object;
    }

    RowOrigin originOf(const ReadSheet& read, const ReadRow& row) const {
        return {std::string(read.sheet->name), row.line, read.columns};
    }

    /// A sheet in the file changes the rows it holds: a row with a key the hub has replaces
    /// that object where it stands, a new key is added (in sheet order, after the hub's
    /// objects), "verwijderen: ja" removes. A row that is not on the sheet stays as the hub
    /// has it: removing is always explicit (docs/workbook.md, "What an import changes").
    void ownSheet(const ReadSheet& read) {
        const Sheet& sheet = *read.sheet;
        if (sheet.kind == "board") {
            boardSheet(read);
            return;
        }
        const std::string kind(sheet.kind);
        json old = std::move(m_out.document[kind]);
        std::map<std::string, std::size_t> oldAt;
        for (std::size_t i = 0; i < old.size(); ++i)
            oldAt.emplace(keyOfObject(sheet, old[i]), i);
        std::vector<std::optional<json>> kept(old.size()); // the hub's objects, changed where the sheet says
        std::vector<const ReadRow*> from(old.size(), nullptr);
        std::vector<std::pair<json, const ReadRow*>> added;
        for (const ReadRow& row : read.rows) {
            const auto before = oldAt.find(row.key);
            if (row.remove) {
                m_removed[kind].insert(row.key);
                continue;
            }
            json object = objectOf(sheet, row);
            // The nested lists: as the hub has them until their own sheet says otherwise.
            for (const Sheet& nested : workbookSheets()) {
                if (nested.kind != sheet.kind || nested.member.empty()) continue;
                const std::string member(nested.member);
                object[member] =
                    before != oldAt.end() ? old[before->second].value(member, json::array()) : json::array();
            }
            if (before != oldAt.end() && !from[before->second]) {
                kept[before->second] = std::move(object);
                from[before->second] = &row;
            } else {
                added.emplace_back(std::move(object), &row); // a key twice is the check's to report
            }
        }
        json list = json::array();
        for (std::size_t i = 0; i < old.size(); ++i) {
            if (m_removed[kind].count(keyOfObject(sheet, old[i])) != 0) continue;
            if (from[i])
                m_out.origins["/" + kind + "/" + std::to_string(list.size())] = originOf(read, *from[i]);
            list.push_back(kept[i] ? std::move(*kept[i]) : std::move(old[i]));
        }
        for (auto& [object, row] : added) {
            m_out.origins["/" + kind + "/" + std::to_string(list.size())] = originOf(read, *row);
            list.push_back(std::move(object));
        }
        m_out.document[kind] = std::move(list);
        m_present.insert(kind);
    }

    void boardSheet(const ReadSheet& read) {
        const std::string name(read.sheet->name);
        std::size_t rows = 0;
        for (const ReadRow& row : read.rows) {
            if (++rows > 1) {
                error(name, row.line, kNoColumn, "het blad Bord heeft één regel; dit is een tweede");
                continue;
            }
            json header = objectOf(*read.sheet, row);
            const std::string id = header.value("id", "");
            if (id != m_boardId) {
                error(name, row.line, read.columns[columnIndex(*read.sheet, "id")],
                      "bord-id \"" + oneLine(id, 64) + "\" is niet het bord waarin wordt geïmporteerd (\"" +
                          m_boardId + "\")");
            }
            m_out.document["board"] = std::move(header);
            m_out.origins["/board"] = originOf(read, row);
        }
        if (rows == 0) error(name, 0, kNoColumn, "het blad Bord heeft geen regel met het bord");
    }

    void nestedSheet(const ReadSheet& read) {
        const Sheet& sheet = *read.sheet;
        const std::string kind(sheet.kind);
        const std::string member(sheet.member);
        json& parents = m_out.document[kind];
        std::map<std::string, std::size_t> parentAt;
        for (std::size_t i = 0; i < parents.size(); ++i)
            parentAt.emplace(parents[i].value("id", ""), i);
        // A parent with rows on the sheet gets them as its list (in sheet order, without the
        // rows marked "ja"); a parent without keeps the list the hub has.
        std::set<std::size_t> listed;
        const auto listOf = [&](std::size_t at) -> json& {
            if (listed.insert(at).second) parents[at][member] = json::array();
            return parents[at][member];
        };
        const std::size_t parentColumn = [&] {
            for (std::size_t i = 0; i < sheet.columns.size(); ++i)
                if (sheet.columns[i].role == Role::Parent) return i;
            return std::size_t{0};
        }();
        const Sheet& parentSheet = *sheetOfKind(sheet.kind);
        for (const ReadRow& row : read.rows) {
            const std::string parent = valueText(row.values[parentColumn]);
            const auto at = parentAt.find(parent);
            if (row.remove) {
                if (at != parentAt.end()) listOf(at->second);
                continue;
            }
            if (at == parentAt.end()) {
                if (m_removed[kind].count(parent) != 0 || m_broken[kind].count(parent) != 0)
                    continue; // deleted with its parent, or its parent has problems of its own
                error(std::string(sheet.name), row.line, read.columns[parentColumn],
                      "\"" + parent + "\" staat niet " +
                          (m_present.count(kind) != 0
                               ? "op blad " + std::string(parentSheet.name)
                               : "op het bord (en blad " + std::string(parentSheet.name) +
                                     " zit niet in de werkmap)"),
                      std::string(sheet.columns[parentColumn].heading));
                continue;
            }
            json& list = listOf(at->second);
            m_out.origins["/" + kind + "/" + std::to_string(at->second) + "/" + member + "/" +
                          std::to_string(list.size())] = originOf(read, row);
            const json object = objectOf(sheet, row);
            list.push_back(object.contains(member) ? object[member] : object);
        }
    }

    // --- references ----------------------------------------------------------------------------

    std::set<std::string> idsOf(std::string_view kind) const {
        std::set<std::string> ids;
        for (const json& object : m_out.document.value(std::string(kind), json::array()))
            ids.insert(object.value("id", ""));
        return ids;
    }

    /// Every reference of every object, the ones the file gave and the hub's the file leaves in place.
    void checkReferences() {
        std::map<std::string, std::set<std::string>> ids;
        for (const Sheet& sheet : workbookSheets()) {
            if (sheet.kind == "board") continue;
            const std::string kind(sheet.kind);
            const json& objects = m_out.document.value(kind, json::array());
            for (std::size_t i = 0; i < objects.size(); ++i) {
                const std::string base = "/" + kind + "/" + std::to_string(i);
                if (sheet.member.empty()) {
                    checkObject(sheet, objects[i], base, objects[i].value("id", ""), ids);
                    continue;
                }
                const json& items = objects[i].value(std::string(sheet.member), json::array());
                for (std::size_t j = 0; j < items.size(); ++j)
                    checkObject(sheet, items[j],
                                base + "/" + std::string(sheet.member) + "/" + std::to_string(j),
                                objects[i].value("id", ""), ids);
            }
        }
    }

    void checkObject(const Sheet& sheet, const json& object, const std::string& path,
                     const std::string& owner, std::map<std::string, std::set<std::string>>& ids) {
        if (!object.is_object()) return;
        const auto origin = m_out.origins.find(path);
        for (std::size_t c = 0; c < sheet.columns.size(); ++c) {
            const Column& column = sheet.columns[c];
            if (column.role != Role::Field ||
                (column.type != CellType::Reference && column.type != CellType::IdList))
                continue;
            const json* value = memberOf(object, column.key);
            if (!value || value->is_null()) continue;
            const std::string target(column.refersTo);
            if (!ids.contains(target)) ids[target] = idsOf(target);
            const json list = value->is_array() ? *value : json::array({*value});
            for (const json& id : list) {
                if (!id.is_string() || ids[target].contains(id.get<std::string>()) ||
                    m_broken[target].contains(id.get<std::string>()))
                    continue;
                const Sheet& targetSheet = *sheetOfKind(target);
                const std::string where = m_present.count(target) != 0
                                              ? "op blad " + std::string(targetSheet.name)
                                              : "op het bord (en blad " + std::string(targetSheet.name) +
                                                    " zit niet in de werkmap)";
                const std::string text = "\"" + id.get<std::string>() + "\" staat niet " + where;
                if (origin != m_out.origins.end())
                    error(origin->second.sheet, origin->second.line, origin->second.columns[c], text,
                          std::string(column.heading));
                else
                    error(std::string(sheet.name), 0, kNoColumn,
                          "de regel van " + owner + " (op de hub, niet in de werkmap): " +
                              std::string(column.heading) + " " + text);
            }
        }
    }

    const RawBook& m_book;
    std::string m_boardId;
    const BoardData* m_current;
    std::vector<ReadSheet> m_read;
    std::set<std::string> m_present;                        ///< kinds whose own sheet the file holds
    std::map<std::string, std::set<std::string>> m_removed; ///< kind -> ids marked "verwijderen"
    std::map<std::string, std::set<std::string>> m_broken;  ///< kind -> ids of rows with problems
    ImportedBoard m_out;
};

} // namespace

ImportedBoard importBook(const RawBook& book, const std::string& boardId, const BoardData* current) {
    return Importer(book, boardId, current).run();
}

ImportError errorFromCheck(const ImportedBoard& imported, const ProtocolError& error) {
    const std::string text = "controle van het bord: " + oneLine(error.message, 300);
    // The longest origin that is a prefix of the pointer: "/agreements/3" of "/agreements/3/target/quantity".
    const RowOrigin* origin = nullptr;
    std::string rest;
    for (const auto& [path, row] : imported.origins) {
        if (error.path.rfind(path, 0) != 0) continue;
        if (error.path.size() > path.size() && error.path[path.size()] != '/') continue;
        if (!origin || path.size() > rest.size()) {
            origin = &row;
            rest = path;
        }
    }
    if (!origin)
        return {
            {}, 0, kNoColumn, {}, text + (error.path.empty() ? "" : " (" + oneLine(error.path, 200) + ")")};
    std::string member = error.path.substr(rest.size());
    if (!member.empty()) member.erase(0, 1);
    std::replace(member.begin(), member.end(), '/', '.');
    const Sheet* sheet = sheetNamed(origin->sheet);
    std::size_t column = kNoColumn;
    for (std::size_t c = 0; sheet && c < sheet->columns.size(); ++c) {
        const std::string key(sheet->columns[c].key);
        if (!member.empty() && (member == key || member.rfind(key + ".", 0) == 0))
            column = origin->columns[c];
    }
    return {origin->sheet, origin->line, column, {}, text};
}

} // namespace regiebord::hub::workbook
