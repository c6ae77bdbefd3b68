// The hub's administration commands (hub_commands.hpp); serve is in hub_serve.cpp.

#include "hub_commands.hpp"

#include "besluitenlijst.hpp"
#include "besluitenlijst_pdf.hpp"
#include "clock.hpp"
#include "hub_schema.hpp"
#include "json_text.hpp"
#include "private_file.hpp"
#include "protocol.hpp"
#include "workbook_export.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iterator>
#include <optional>
#include <ostream>
#include <sstream>
#include <string_view>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <utility>
#include <vector>

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

/// A file written next to where it belongs and renamed over it once whole.
class StagedFile {
public:
    StagedFile(std::string path, const std::string& content) : m_path(std::move(path)) {
        std::string name = m_path + ".XXXXXX";
        const int fd = ::mkstemp(name.data());
        if (fd < 0) {
            m_problem = std::system_category().message(errno);
            return;
        }
        m_temp = name;
        ::fchmod(fd, 0644); // a document to mail, not a secret
        std::size_t done = 0;
        while (done < content.size()) {
            const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                m_problem = std::system_category().message(errno);
                break;
            }
            done += static_cast<std::size_t>(n);
        }
        if (::fsync(fd) != 0 && m_problem.empty()) m_problem = std::system_category().message(errno);
        if (::close(fd) != 0 && m_problem.empty()) m_problem = std::system_category().message(errno);
    }
    StagedFile(const StagedFile&) = delete;
    StagedFile& operator=(const StagedFile&) = delete;
    StagedFile(StagedFile&& other) noexcept
        : m_path(std::move(other.m_path)), m_temp(std::exchange(other.m_temp, {})),
          m_problem(std::move(other.m_problem)) {}
    StagedFile& operator=(StagedFile&&) = delete;
    ~StagedFile() {
        if (!m_temp.empty()) ::unlink(m_temp.c_str());
    }
    const std::string& path() const { return m_path; }
    const std::string& problem() const { return m_problem; }
    /// Puts the file in its place; "" or why not.
    std::string commit() {
        if (std::rename(m_temp.c_str(), m_path.c_str()) != 0) return std::system_category().message(errno);
        m_temp.clear();
        return {};
    }

private:
    std::string m_path;
    std::string m_temp;
    std::string m_problem;
};

/// The board as the hub stores it, for a command that reads it; nullopt, with one line on
/// err (after "regiebord-hub: " and `who`), for an unknown board or one that cannot be read.
std::optional<BoardData> storedBoard(HubStore& store, const std::string& boardId, std::ostream& err,
                                     std::string_view who = {}) {
    const auto snapshot = store.snapshot(boardId);
    if (!snapshot) {
        err << "regiebord-hub: " << who << "--board: no board \"" << boardId << "\"\n";
        return std::nullopt;
    }
    auto board = parseBoard(snapshot->text(), DocumentKind::Snapshot);
    if (!board) {
        err << "regiebord-hub: " << who << "board " << boardId
            << ": the stored board is not readable: " << board.error().describe() << "\n";
        return std::nullopt;
    }
    return std::move(board).value();
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

namespace {

/// The line for a device name that names no listed device; 1.
int noSuchDevice(const CommandContext& context, const std::string& name) {
    context.err << "regiebord-hub: no device \"" << name << "\" (see regiebord-hub devices)\n";
    return 1;
}

} // namespace

int deviceRevokeCommand(const DeviceRevokeOptions& options, HubStore& store, const CommandContext& context) {
    if (store.revokeDevice(options.name) == DeviceChange::NoSuchDevice)
        return noSuchDevice(context, options.name);
    context.out << "regiebord-hub: device \"" << options.name
                << "\" revoked: its token is refused from its next request on\n";
    return 0;
}

int deviceRenameCommand(const DeviceRenameOptions& options, HubStore& store, const CommandContext& context) {
    if (options.newName.empty()) {
        context.err << "regiebord-hub: the new name is empty\n";
        return 1;
    }
    switch (store.renameDevice(options.name, options.newName)) {
    case DeviceChange::NoSuchDevice:
        return noSuchDevice(context, options.name);
    case DeviceChange::NameTaken:
        context.err << "regiebord-hub: a device \"" << options.newName
                    << "\" exists already; nothing renamed\n";
        return 1;
    default:
        context.out << "regiebord-hub: device \"" << options.name << "\" is now \"" << options.newName
                    << "\"\n";
        return 0;
    }
}

int deviceRemoveCommand(const DeviceRemoveOptions& options, HubStore& store, const CommandContext& context) {
    switch (store.removeDevice(options.name)) {
    case DeviceChange::NoSuchDevice:
        return noSuchDevice(context, options.name);
    case DeviceChange::Kept:
        context.out << "regiebord-hub: device \"" << options.name
                    << "\" removed: its token is refused and its name is free; the decisions it recorded "
                       "keep naming its id\n";
        return 0;
    default:
        context.out << "regiebord-hub: device \"" << options.name << "\" removed\n";
        return 0;
    }
}

int decisionsCommand(const DecisionsOptions& options, HubStore& store, const CommandContext& context) {
    const auto board = storedBoard(store, options.board, context.err);
    if (!board) return 1;
    std::ostream& out = context.out;
    out << "received\tsubject\toutcome\toption\tdevice\tkey\n";
    for (const auto& d : board->decisions)
        out << d.receivedAt << '\t' << subjectOf(d.request) << '\t' << toWire(d.request.outcome) << '\t'
            << d.request.optionId.value_or("-") << '\t' << d.deviceId << '\t' << d.idempotencyKey << '\n';
    return 0;
}

int exportWorkbookCommand(const ExportWorkbookOptions& options, HubStore& store,
                          const CommandContext& context) {
    const auto board = storedBoard(store, options.board, context.err);
    if (!board) return 1;
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
        silent += quiet && d.revokedAt.empty() ? 1 : 0;
        const auto hb = nlohmann::json::parse(d.heartbeat.empty() ? "{}" : d.heartbeat, nullptr, false);
        auto field = [&](const char* key) {
            return hb.is_object() && hb.contains(key)
                       ? (hb[key].is_string() ? hb[key].get<std::string>() : jsonText(hb[key]))
                       : std::string("-");
        };
        deviceRow(out,
                  {d.id, d.name, d.boardId, d.lastSeenAt.empty() ? "never" : d.lastSeenAt,
                   !d.revokedAt.empty() ? "REVOKED"
                   : quiet              ? "SILENT"
                                        : "ok",
                   field("version"), field("outbox_depth"), field("data_age_seconds"), field("last_error")});
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

int besluitenlijstCommand(const BesluitenlijstOptions& options, HubStore& store,
                          const CommandContext& context) {
    std::ostream& err = context.err;
    if (options.pdf.empty() && options.csv.empty() && options.md.empty()) {
        err << "regiebord-hub: besluitenlijst: give --pdf FILE, --csv FILE and/or --md FILE\n";
        return 1;
    }
    if (options.pdf == "-") {
        err << "regiebord-hub: besluitenlijst: --pdf needs a file, not stdout\n";
        return 1;
    }
    if (options.csv == "-" && options.md == "-") {
        err << "regiebord-hub: besluitenlijst: only one of --csv and --md can go to stdout\n";
        return 1;
    }
    const auto board = storedBoard(store, options.board, err, "besluitenlijst: ");
    if (!board) return 1;
    const auto list = makeBesluitenlijst(*board, options.meeting);
    if (!list) {
        err << "regiebord-hub: besluitenlijst: board " << options.board << " has no meeting \""
            << options.meeting << "\"\n";
        return 1;
    }

    // Everything is made and staged before a file is replaced: a failure leaves none half-written.
    std::vector<std::pair<std::string, std::string>> outputs; // path, content
    if (!options.pdf.empty()) {
        PdfResult pdf = besluitenlijstPdf(*list);
        if (!pdf.problem.empty()) {
            err << "regiebord-hub: besluitenlijst: the PDF could not be made: " << pdf.problem << "\n";
            return 1;
        }
        outputs.emplace_back(options.pdf, std::move(pdf.bytes));
    }
    if (!options.csv.empty()) outputs.emplace_back(options.csv, besluitenlijstCsv(*list));
    if (!options.md.empty()) outputs.emplace_back(options.md, besluitenlijstMarkdown(*list));
    std::vector<StagedFile> staged;
    std::string toStdout;
    for (auto& [path, content] : outputs) {
        if (path == "-") {
            toStdout = std::move(content);
            continue;
        }
        staged.emplace_back(path, content);
        if (!staged.back().problem().empty()) {
            err << "regiebord-hub: besluitenlijst: " << path << ": " << staged.back().problem()
                << "; nothing written\n";
            return 1;
        }
    }
    for (auto& file : staged) {
        if (const std::string problem = file.commit(); !problem.empty()) {
            err << "regiebord-hub: besluitenlijst: " << file.path() << ": " << problem << "\n";
            return 1;
        }
    }
    context.out << toStdout;
    if (toStdout.empty()) {
        std::size_t decisions = list->otherDecisions.size();
        for (const auto& item : list->items)
            decisions += item.decisions.size();
        for (const auto& file : staged)
            context.out << "regiebord-hub: besluitenlijst: wrote " << file.path() << "\n";
        context.out << "regiebord-hub: besluitenlijst: " << list->title << ", " << decisions
                    << " decision(s), " << list->actionsThisMeeting.size() + list->actionsEarlier.size()
                    << " open action(s)\n";
    }
    return 0;
}

} // namespace regiebord::hub
