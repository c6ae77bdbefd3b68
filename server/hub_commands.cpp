// The hub's administration commands (hub_commands.hpp); serve is in hub_serve.cpp.

#include "hub_commands.hpp"

#include "clock.hpp"
#include "hub_schema.hpp"
#include "json_text.hpp"
#include "private_file.hpp"
#include "protocol.hpp"
#include "workbook_export.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iterator>
#include <ostream>
#include <sstream>
#include <unistd.h>

namespace regiebord::hub {

namespace {

// Tokens travel in an HTTP header and in files: printable ASCII without spaces, long enough to guess at
// nothing.
std::string tokenProblem(const std::string& token) {
    if (token.size() < 16) return "expected at least 16 characters";
    if (token.size() > 256) return "expected at most 256 characters";
    for (const char c : token)
        if (c <= ' ' || c > '~') return "expected printable ASCII without spaces";
    return {};
}

/// One line of the devices table: every column but the last padded to its width.
void deviceRow(std::ostream& out, const std::array<std::string, 9>& cells) {
    static constexpr std::array<int, 8> kWidths{12, 18, 12, 20, 8, 7, 9, 9};
    std::ostringstream line;
    line << std::left;
    for (std::size_t i = 0; i < kWidths.size(); ++i)
        line << std::setw(kWidths[i]) << cells[i] << ' ';
    line << cells.back() << '\n';
    out << line.str();
}

} // namespace

bool importBoardFile(HubStore& store, const std::string& path, std::ostream& out, std::ostream& err) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        err << "regiebord-hub: " << path << ": cannot read the file\n";
        return false;
    }
    // Read straight into one string (a stringstream's str() would copy it: 80 MB at 100k agreements).
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    auto board = parseBoard(text, DocumentKind::Import);
    if (!board) {
        err << "regiebord-hub: " << path << ": rejected " << board.error().describe() << "\n";
        return false;
    }
    const auto& b = board.value();
    std::int64_t seq = 0;
    try {
        seq = store.importBoard(b);
    } catch (const ImportRefused& e) {
        err << "regiebord-hub: " << path << ": refused, nothing imported: " << e.what() << "\n";
        return false;
    }
    out << "regiebord-hub: imported board " << b.board.id << " (" << b.parties.size() << " parties, "
        << b.agreements.size() << " agreements, " << b.escalations.size() << " escalations, "
        << b.meetings.size() << " meetings), sequence " << seq << "\n";
    return true;
}

int importCommand(const ImportOptions& options, HubStore& store, const CommandContext& context) {
    return importBoardFile(store, options.file, context.out, context.err) ? 0 : 1;
}

int compactCommand(const CompactOptions& options, HubStore& store, const CommandContext& context) {
    if (!store.compact(options.board)) {
        context.err << "regiebord-hub: --board: no board \"" << options.board << "\"\n";
        return 1;
    }
    context.out << "regiebord-hub: compacted " << options.board
                << "; kiosks with an older cursor will resync\n";
    return 0;
}

int deviceAddCommand(const DeviceAddOptions& options, HubStore& store, const CommandContext& context) {
    std::ostream& err = context.err;
    if (!store.hasBoard(options.board)) {
        err << "regiebord-hub: --board: no board \"" << options.board << "\" (import it first)\n";
        return 1;
    }
    if (store.deviceByName(options.name)) {
        err << "regiebord-hub: --name: a device \"" << options.name << "\" exists already\n";
        return 1;
    }
    std::string token = options.token;
    if (token.empty()) {
        token = newToken();
    } else if (const std::string problem = tokenProblem(token); !problem.empty()) {
        err << "regiebord-hub: --token: " << problem << "\n";
        return 1;
    }
    const std::string& tokenFile = options.tokenFile;
    // The file first: a device whose token could not be stored would be unusable.
    if (!tokenFile.empty()) {
        if (const std::string problem = writePrivateFile(tokenFile, token + "\n"); !problem.empty()) {
            err << "regiebord-hub: --token-file: " << tokenFile << ": " << problem << "; no device added\n";
            return 1;
        }
    }
    std::string id;
    try {
        id = store.addDevice(options.board, options.name, token);
    } catch (const std::exception&) {
        if (!tokenFile.empty()) ::unlink(tokenFile.c_str());
        throw;
    }
    if (!tokenFile.empty())
        context.out << "regiebord-hub: device " << id << " (" << options.name << ") added; token written to "
                    << tokenFile << "\n";
    else
        context.out << "regiebord-hub: device " << id << " (" << options.name
                    << ") added; its token (shown once):\n"
                    << token << "\n";
    return 0;
}

int exportWorkbookCommand(const ExportWorkbookOptions& options, HubStore& store,
                          const CommandContext& context) {
    const auto snapshot = store.snapshot(options.board);
    if (!snapshot) {
        context.err << "regiebord-hub: --board: no board \"" << options.board << "\"\n";
        return 1;
    }
    const auto board = parseBoard(snapshot->text(), DocumentKind::Snapshot);
    if (!board) {
        context.err << "regiebord-hub: board " << options.board
                    << ": the stored board is not readable: " << board.error().describe() << "\n";
        return 1;
    }
    const std::string& file = options.file;
    const std::string temporary = file + ".tmp";
    std::string problem;
    try {
        // Created first, so that a directory that cannot be written is one line of ours
        // (libxlsxwriter would print its own message when it opens the file on closing).
        if (!std::ofstream(temporary, std::ios::binary | std::ios::trunc)) {
            context.err << "regiebord-hub: export-workbook: " << temporary << ": cannot create the file\n";
            return 1;
        }
        problem = workbook::writeWorkbook(workbook::buildWorkbook(board.value(), utcNow()), temporary);
        if (problem.empty()) {
            std::error_code renamed;
            std::filesystem::rename(temporary, file, renamed);
            if (renamed) problem = "cannot rename " + temporary + ": " + renamed.message();
        }
    } catch (const std::exception& e) {
        problem = e.what();
    }
    if (!problem.empty()) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        context.err << "regiebord-hub: export-workbook: " << file << ": " << problem << "\n";
        return 1;
    }
    const BoardData& b = board.value();
    context.out << "regiebord-hub: wrote " << file << " (board " << b.board.id << ": " << b.parties.size()
                << " parties, " << b.agreements.size() << " agreements, " << b.escalations.size()
                << " escalations, " << b.meetings.size() << " meetings, " << b.actions.size()
                << " actions)\n";
    return 0;
}

int resyncAllCommand(const ResyncAllOptions&, HubStore& store, const CommandContext& context) {
    const auto boards = store.resyncAll();
    context.out << "regiebord-hub: resync-all: " << boards
                << " board(s); every kiosk fetches its board again at its next poll\n";
    return 0;
}

int migrateDbCommand(const MigrateDbOptions& options, const CommandContext& context) {
    const std::string& from = context.config.database;
    try {
        const CopyReport report = copyStore(from, options.to);
        for (const auto& [table, rows] : report.rows)
            context.out << "regiebord-hub: migrate-db: " << std::left << std::setw(16) << table << std::right
                        << " " << rows << " row(s)\n";
        context.out << "regiebord-hub: migrate-db: copied " << from
                    << " into the target; point storage.database at it\n";
        return 0;
    } catch (const std::exception& e) {
        context.err << "regiebord-hub: migrate-db: nothing copied: " << e.what() << "\n";
        return 1;
    }
}

int devicesCommand(const DevicesOptions&, HubStore& store, const CommandContext& context) {
    std::ostream& out = context.out;
    const int silentAfter = context.config.silentAfterSeconds;
    deviceRow(out,
              {"id", "name", "board", "last seen", "state", "version", "outbox", "data age", "last error"});
    const auto devices = store.devices();
    int silent = 0;
    for (const auto& d : devices) {
        const auto seen = parseTimestamp(d.lastSeenAt);
        const bool quiet = !seen || std::chrono::system_clock::now() - *seen >
                                        std::chrono::seconds(std::max(silentAfter, 1));
        silent += quiet ? 1 : 0;
        const auto hb = nlohmann::json::parse(d.heartbeat.empty() ? "{}" : d.heartbeat, nullptr, false);
        auto field = [&](const char* key) {
            return hb.is_object() && hb.contains(key)
                       ? (hb[key].is_string() ? hb[key].get<std::string>() : jsonText(hb[key]))
                       : std::string("-");
        };
        deviceRow(out, {d.id, d.name, d.boardId, d.lastSeenAt.empty() ? "never" : d.lastSeenAt,
                        quiet ? "SILENT" : "ok", field("version"), field("outbox_depth"),
                        field("data_age_seconds"), field("last_error")});
    }
    int lost = 0;
    for (const auto& d : devices) {
        // What a heartbeat says beyond the table: the engine's faults and rebuilt caches.
        if (const auto hb = parseHeartbeat(d.heartbeat.empty() ? "{}" : d.heartbeat)) {
            if (!hb.value().fault.empty())
                out << "FAULT " << d.name << " (" << d.id << "): " << hb.value().fault << "\n";
            if (hb.value().cacheRebuilds > 0)
                out << "CACHE " << d.name << " (" << d.id << "): damaged cache moved aside, cache rebuilt "
                    << hb.value().cacheRebuilds << " time(s) since it started\n";
        }
        if (d.lostOutbox.empty()) continue;
        ++lost;
        out << "LOST OUTBOX " << d.name << " (" << d.id << "): " << d.lostOutbox << "\n";
    }
    if (silent > 0) out << silent << " device(s) silent for more than " << silentAfter << " s\n";
    if (lost > 0) out << lost << " device(s) lost decisions from their outbox\n";
    return 0;
}

} // namespace regiebord::hub
