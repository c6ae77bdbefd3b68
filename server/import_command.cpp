// import and history (hub_commands.hpp): a board file, a workbook or a CSV table into the
// hub, with a dry run, every problem at once, and the audit trail (docs/workbook.md, "Import").

#include "hub_commands.hpp"

#include "clock.hpp"
#include "protocol.hpp"
#include "text.hpp"
#include "workbook_diff.hpp"
#include "workbook_import.hpp"
#include "workbook_reader.hpp"

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iterator>
#include <optional>
#include <ostream>
#include <sstream>

namespace regiebord::hub {

namespace wb = workbook;

namespace {

/// What an import read and made, before it is applied.
struct Prepared {
    std::optional<BoardData> board;   ///< the board to import; unset when refused
    std::optional<BoardData> current; ///< the hub's board before; unset when it has none
    std::vector<const wb::Sheet*> sheets;
    std::vector<std::string> problems; ///< every problem, one line each
};

std::string lower(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

std::string fileKind(const std::string& path) {
    const std::string extension = lower(std::filesystem::path(path).extension().string());
    if (extension == ".xlsx") return "xlsx";
    if (extension == ".csv") return "csv";
    return "json";
}

std::string whoImports(const ImportOptions& options) {
    if (!options.by.empty()) return options.by;
    for (const char* name : {"SUDO_USER", "USER"})
        // NOLINTNEXTLINE(concurrency-mt-unsafe): only the main thread runs commands
        if (const char* value = std::getenv(name); value != nullptr && *value != '\0') return value;
    return "onbekend";
}

std::optional<BoardData> currentBoard(HubStore& store, const std::string& boardId) {
    if (boardId.empty()) return std::nullopt;
    const auto snapshot = store.snapshot(boardId);
    if (!snapshot) return std::nullopt;
    auto parsed = parseBoard(snapshot->text(), DocumentKind::Snapshot);
    if (!parsed) throw std::runtime_error("the stored board is not readable: " + parsed.error().describe());
    return std::move(parsed).value();
}

/// The sheet a CSV file is: --sheet, else its file name ("productie.csv" is Productie).
const wb::Sheet* csvSheet(const ImportOptions& options) {
    const std::string name = options.sheet.empty()
                                 ? lower(std::filesystem::path(options.file).stem().string())
                                 : lower(options.sheet);
    for (const wb::Sheet& sheet : wb::workbookSheets())
        if (lower(std::string(sheet.name)) == name) return &sheet;
    return nullptr;
}

wb::RawBook readBook(const ImportOptions& options, const std::string& kind, const std::string& bytes) {
    if (kind == "xlsx") return wb::readXlsx(bytes);
    const std::string name = std::filesystem::path(options.file).filename().string();
    const wb::Sheet* sheet = csvSheet(options);
    if (!sheet) {
        wb::RawBook book;
        book.csvFile = name;
        std::string names;
        for (const wb::Sheet& s : wb::workbookSheets())
            names += (names.empty() ? "" : ", ") + lower(std::string(s.name)) + ".csv";
        book.problem = "welk blad is dit? Noem het bestand naar zijn blad (" + names + ") of geef --sheet";
        return book;
    }
    return wb::readCsv(bytes, sheet->name, name);
}

Prepared prepareWorkbook(HubStore& store, const ImportOptions& options, const std::string& kind,
                         const std::string& bytes, std::string& boardId) {
    Prepared prepared;
    const wb::RawBook book = readBook(options, kind, bytes);
    if (!book.problem.empty()) {
        prepared.problems.push_back((book.csvFile.empty() ? options.file : book.csvFile) + ": " +
                                    book.problem);
        return prepared;
    }
    boardId = options.board.empty() ? wb::boardIdIn(book) : options.board;
    if (boardId.empty()) {
        prepared.problems.push_back(options.file +
                                    ": welk bord? De werkmap heeft geen blad Bord: geef --board");
        return prepared;
    }
    prepared.current = currentBoard(store, boardId);
    const wb::ImportedBoard imported =
        wb::importBook(book, boardId, prepared.current ? &*prepared.current : nullptr);
    prepared.sheets = imported.sheets;
    for (const wb::ImportError& error : imported.errors)
        prepared.problems.push_back(wb::describe(error, book));
    if (!prepared.problems.empty()) return prepared;
    auto board = boardFromJson(imported.document, DocumentKind::Import);
    if (!board) {
        prepared.problems.push_back(wb::describe(wb::errorFromCheck(imported, board.error()), book));
        return prepared;
    }
    prepared.board = std::move(board).value();
    return prepared;
}

Prepared prepareJson(HubStore& store, const ImportOptions& options, const std::string& bytes,
                     std::string& boardId) {
    Prepared prepared;
    auto board = parseBoard(bytes, DocumentKind::Import);
    if (!board) {
        prepared.problems.push_back(options.file + ": rejected " + board.error().describe());
        boardId = options.board;
        return prepared;
    }
    boardId = board.value().board.id;
    if (!options.board.empty() && options.board != boardId) {
        prepared.problems.push_back(options.file + ": the file is board \"" + boardId + "\", not --board \"" +
                                    options.board + "\"");
        return prepared;
    }
    prepared.current = currentBoard(store, boardId);
    for (const wb::Sheet& sheet : wb::workbookSheets())
        prepared.sheets.push_back(&sheet);
    prepared.board = std::move(board).value();
    return prepared;
}

std::string joinedLines(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines)
        out += line + "\n";
    return out;
}

std::string refusal(bool workbook, const ImportRefused& e) {
    return (workbook ? "de hub weigert de import: " : "refused, nothing imported: ") + std::string(e.what());
}

/// The report of what importing `board` changes, in the record: of what the hub will store, its
/// decisions re-applied to the escalations and the actions they added kept (a workbook exported before
/// a decision does not undo it). Throws ImportRefused when the hub would refuse the board.
wb::BoardDiff report(HubStore& store, const BoardData& board, const Prepared& prepared,
                     ImportRecord& record) {
    const ImportPreview preview = store.previewImport(board);
    wb::BoardDiff diff = wb::diffBoards(prepared.current ? &*prepared.current : nullptr, preview.board,
                                        prepared.sheets, &preview.escalations);
    record.added = static_cast<std::int64_t>(diff.added);
    record.changed = static_cast<std::int64_t>(diff.changed);
    record.removed = static_cast<std::int64_t>(diff.removed);
    record.details = wb::diffText(diff);
    return diff;
}

void printImported(const ImportRun& run, const CommandContext& context) {
    const BoardData& board = *run.board;
    const ImportRecord& record = run.record;
    if (record.fileKind == "json") {
        context.out << "regiebord-hub: imported board " << board.board.id << " (" << board.parties.size()
                    << " parties, " << board.agreements.size() << " agreements, " << board.escalations.size()
                    << " escalations, " << board.meetings.size() << " meetings), sequence " << record.seq
                    << "\n";
        return;
    }
    context.out << "regiebord-hub: " << record.file << " geïmporteerd in bord " << board.board.id
                << ", volgnummer " << record.seq << (run.unchanged ? " (ongewijzigd)" : "") << ":\n"
                << record.details;
}

} // namespace

ImportRun runImport(HubStore& store, const ImportOptions& options, const std::string& bytes) {
    ImportRun run;
    const std::string kind = fileKind(options.file);
    run.workbook = kind != "json";
    ImportRecord& record = run.record;
    record = {{}, utcNow(), whoImports(options), options.file, sha256Hex(bytes), kind, {}, 0, 0, 0, 0, {}};
    Prepared prepared = run.workbook ? prepareWorkbook(store, options, kind, bytes, record.boardId)
                                     : prepareJson(store, options, bytes, record.boardId);
    const auto refuse = [&](std::vector<std::string> problems) {
        run.problems = std::move(problems);
        record.outcome = "refused";
        record.details = joinedLines(run.problems);
        store.recordImport(record);
        return std::move(run);
    };
    if (!prepared.board) return refuse(prepared.problems);
    try {
        const wb::BoardDiff diff = report(store, *prepared.board, prepared, record);
        run.unchanged = diff.empty();
        if (options.dryRun) {
            record.outcome = "dry_run";
            store.recordImport(record);
        } else {
            record.outcome = "applied";
            record.seq = store.importBoard(*prepared.board, &record);
        }
        run.board = std::move(prepared.board);
        return run;
    } catch (const ImportRefused& e) {
        return refuse({options.file + ": " + refusal(run.workbook, e)});
    }
}

int importCommand(const ImportOptions& options, HubStore& store, const CommandContext& context) {
    std::ifstream in(options.file, std::ios::binary);
    if (!in) {
        context.err << "regiebord-hub: " << options.file << ": cannot read the file\n";
        return 1;
    }
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const ImportRun run = runImport(store, options, bytes);
    const ImportRecord& record = run.record;
    if (record.outcome == "refused") {
        if (run.workbook)
            context.err << "regiebord-hub: " << record.file << ": " << run.problems.size()
                        << (run.problems.size() == 1 ? " fout" : " fouten")
                        << "; er is niets geïmporteerd:\n";
        for (const auto& line : run.problems)
            context.err << (run.workbook ? "  " : "regiebord-hub: ") << line << "\n";
        return 1;
    }
    if (record.outcome == "dry_run") {
        context.out << "regiebord-hub: proefimport van " << options.file << " in bord " << run.board->board.id
                    << "; er verandert niets op de hub. Zo zou het gaan:\n"
                    << record.details;
        return 0;
    }
    printImported(run, context);
    return 0;
}

namespace {

std::string outcomeText(const std::string& outcome) {
    if (outcome == "applied") return "toegepast";
    if (outcome == "dry_run") return "proef";
    if (outcome == "refused") return "geweigerd";
    return outcome;
}

} // namespace

int historyCommand(const HistoryOptions& options, HubStore& store, const CommandContext& context) {
    const auto records = store.importHistory(options.board, options.limit);
    std::ostream& out = context.out;
    if (records.empty()) {
        out << "regiebord-hub: history: no imports"
            << (options.board.empty() ? std::string() : " of board \"" + options.board + "\"") << "\n";
        return 0;
    }
    const auto line = [&](const std::array<std::string, 8>& cells) {
        static constexpr std::array<int, 7> kWidths{21, 14, 20, 12, 10, 14, 11};
        std::ostringstream row;
        row << std::left;
        for (std::size_t i = 0; i < kWidths.size(); ++i)
            row << std::setw(kWidths[i]) << cells[i] << ' ';
        row << cells.back() << '\n';
        out << row.str();
    };
    line({"wanneer (UTC)", "bord", "wie", "sha256", "uitkomst", "wijzigingen", "volgnummer", "bestand"});
    for (const ImportRecord& r : records) {
        const std::string counts = "+" + std::to_string(r.added) + " ~" + std::to_string(r.changed) + " -" +
                                   std::to_string(r.removed);
        line({r.at, r.boardId.empty() ? "-" : r.boardId, oneLine(r.by, 40), r.sha256.substr(0, 12),
              outcomeText(r.outcome), r.outcome == "refused" ? "-" : counts,
              r.outcome == "applied" ? std::to_string(r.seq) : "-", oneLine(r.file, 200)});
        if (!options.details) continue;
        std::istringstream details(r.details);
        for (std::string text; std::getline(details, text);)
            out << "    " << text << "\n";
    }
    return 0;
}

} // namespace regiebord::hub
