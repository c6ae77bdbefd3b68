#include "outbox_files.hpp"

#include "clock.hpp"
#include "dates.hpp"
#include "protocol.hpp"
#include "sqlite.hpp"
#include "text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace regiebord {

namespace fs = std::filesystem;

namespace {

constexpr std::array<const char*, 3> kSuffixes{"", "-wal", "-shm"};
constexpr const char* kDamagedInfix = ".damaged-";
constexpr const char* kSalvagedMarker = "SALVAGED";

std::uint32_t bigEndian(const unsigned char* p) {
    return (std::uint32_t{p[0]} << 24U) | (std::uint32_t{p[1]} << 16U) | (std::uint32_t{p[2]} << 8U) |
           std::uint32_t{p[3]};
}

/// SQLite's WAL checksum over data (a multiple of 8 bytes), continuing from s.
void walChecksum(bool bigEndianWords, const unsigned char* data, std::size_t size, std::uint32_t& s0,
                 std::uint32_t& s1) {
    for (std::size_t i = 0; i + 8 <= size; i += 8) {
        std::uint32_t x0 = 0;
        std::uint32_t x1 = 0;
        if (bigEndianWords) {
            x0 = bigEndian(data + i);
            x1 = bigEndian(data + i + 4);
        } else {
            x0 = std::uint32_t{data[i]} | (std::uint32_t{data[i + 1]} << 8U) |
                 (std::uint32_t{data[i + 2]} << 16U) | (std::uint32_t{data[i + 3]} << 24U);
            x1 = std::uint32_t{data[i + 4]} | (std::uint32_t{data[i + 5]} << 8U) |
                 (std::uint32_t{data[i + 6]} << 16U) | (std::uint32_t{data[i + 7]} << 24U);
        }
        s0 += x0 + s1;
        s1 += x1 + s0;
    }
}

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::uintmax_t sizeOf(const std::string& path) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    return ec ? 0 : size;
}

bool exists(const std::string& path) {
    std::error_code ec;
    return fs::exists(path, ec);
}

/// A scratch copy of an outbox's files, removed again when done: SQLite may write
/// to what it opens (WAL recovery, a checkpoint at close), the originals stay untouched.
class ScratchCopy {
public:
    ScratchCopy(const std::string& dbPath, const std::string& walPath) {
        const std::string base = dbPath + ".check-" + std::to_string(::getpid());
        fs::remove_all(base, m_ec);
        fs::create_directories(base, m_ec);
        m_dir = base;
        m_db = base + "/outbox.db";
        if (!m_ec && exists(dbPath)) fs::copy_file(dbPath, m_db, m_ec);
        if (!m_ec && sizeOf(walPath) > 0) fs::copy_file(walPath, m_db + "-wal", m_ec);
    }
    ScratchCopy(const ScratchCopy&) = delete;
    ScratchCopy& operator=(const ScratchCopy&) = delete;
    ~ScratchCopy() {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }
    bool ok() const { return !m_ec; }
    std::string error() const { return m_ec.message(); }
    const std::string& db() const { return m_db; }
    const std::string& dir() const { return m_dir; }

private:
    std::error_code m_ec;
    std::string m_dir;
    std::string m_db;
};

/// The form of the keys Outbox::record makes (makeUuidV4) and the hub takes: a salvaged key
/// goes out again as the Idempotency-Key header, so a damaged one (a CR LF in it) must not.
bool isUuid(const std::string& key) {
    if (key.size() != 36) return false;
    for (std::size_t i = 0; i < key.size(); ++i) {
        const char c = key[i];
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-' : std::isxdigit(static_cast<unsigned char>(c)) == 0) return false;
    }
    return true;
}

/// Reads every decision row of an outbox database file, row by row: what cannot be
/// read is named in problems, the rest is returned. Throws when the file cannot be
/// opened as a database with a decision table at all.
std::vector<OutboxItem> readRows(const std::string& dbPath, std::vector<std::string>& problems) {
    sql::Database db(dbPath);
    std::vector<std::int64_t> rowids;
    {
        auto ids = db.prepare("SELECT seq FROM decision ORDER BY seq");
        while (ids.step())
            rowids.push_back(ids.int64(0));
    }
    std::vector<OutboxItem> items;
    auto row = db.prepare("SELECT idempotency_key, board_id, body, state, created_at, attempts, last_error, "
                          "confirmed_at, server_id FROM decision WHERE seq = ?1");
    for (const auto seq : rowids) {
        try {
            row.bindAll(seq);
            if (!row.step()) continue;
            OutboxItem item;
            item.seq = seq;
            item.idempotencyKey = row.text(0);
            item.boardId = row.text(1);
            item.body = row.text(2);
            const std::string state = row.text(3);
            item.createdAt = oneLine(row.text(4), 64);
            item.attempts = static_cast<int>(row.int64(5));
            item.lastError = oneLine(row.text(6), 500);
            item.confirmedAt = oneLine(row.text(7), 64);
            item.serverId = oneLine(row.text(8), 128);
            row.reset();
            auto parsed = parseDecisionRequest(item.body);
            const auto known = outboxStateFromText(state);
            if (!parsed || !known || !isUuid(item.idempotencyKey) || !isValidId(item.boardId)) {
                problems.push_back("row " + std::to_string(seq) + ": unreadable" +
                                   (parsed ? std::string() : " (" + parsed.error().describe() + ")"));
                continue;
            }
            item.request = std::move(parsed).value();
            item.state = *known;
            items.push_back(std::move(item));
        } catch (const std::exception& e) {
            row.reset();
            problems.push_back("row " + std::to_string(seq) + ": " + oneLine(e.what(), 200));
        }
    }
    return items;
}

std::string stamp() {
    std::string t = utcNow(); // 2026-12-04T22:15:00Z
    std::erase(t, '-');
    std::erase(t, ':');
    return t; // 20261204T221500Z
}

/// The stamp of a directory name back in RFC 3339 ("" when it is not one).
std::string stampTime(const std::string& stamp) {
    if (stamp.size() < 16 || stamp[8] != 'T' || stamp[15] != 'Z') return {};
    const std::string t = stamp.substr(0, 4) + "-" + stamp.substr(4, 2) + "-" + stamp.substr(6, 2) + "T" +
                          stamp.substr(9, 2) + ":" + stamp.substr(11, 2) + ":" + stamp.substr(13, 2) + "Z";
    return isValidTimestamp(t) ? t : std::string();
}

} // namespace

namespace {

/// One frame of a WAL's current generation, checked against its predecessor's stored
/// checksum (so that one damaged frame does not hide whether later frames are sound).
struct WalFrame {
    std::uint32_t page = 0;
    std::uint32_t commitSize = 0; ///< database size in pages after a commit frame; 0 otherwise
    bool sound = false;
    const unsigned char* data = nullptr; ///< the page's bytes
};

struct WalFile {
    std::string bytes;
    std::string problem; ///< the header is not usable
    std::uint32_t pageSize = 0;
    std::vector<WalFrame> frames; ///< the current generation, in order
};

WalFile readWal(const std::string& walPath) {
    WalFile w;
    w.bytes = readAll(walPath);
    if (w.bytes.empty()) return w;
    const auto* data = reinterpret_cast<const unsigned char*>(w.bytes.data());
    if (w.bytes.size() < 32) {
        w.problem = "WAL shorter than its header (" + std::to_string(w.bytes.size()) + " bytes)";
        return w;
    }
    const std::uint32_t magic = bigEndian(data);
    const std::uint32_t pageSize = bigEndian(data + 8);
    if ((magic != 0x377f0682U && magic != 0x377f0683U) || bigEndian(data + 4) != 3007000U || pageSize < 512 ||
        pageSize > 65536 || (pageSize & (pageSize - 1)) != 0) {
        w.problem = "WAL header is not SQLite's";
        return w;
    }
    const bool bigWords = (magic & 1U) != 0;
    std::uint32_t s0 = 0;
    std::uint32_t s1 = 0;
    walChecksum(bigWords, data, 24, s0, s1);
    if (s0 != bigEndian(data + 24) || s1 != bigEndian(data + 28)) {
        w.problem = "WAL header checksum does not match";
        return w;
    }
    w.pageSize = pageSize;
    const std::uint32_t salt1 = bigEndian(data + 16);
    const std::uint32_t salt2 = bigEndian(data + 20);
    const std::size_t frameSize = 24 + std::size_t{pageSize};
    std::uint32_t prev0 = s0; // the stored checksum of the previous frame (or the header's)
    std::uint32_t prev1 = s1;
    for (std::size_t at = 32; at + frameSize <= w.bytes.size(); at += frameSize) {
        const unsigned char* frame = data + at;
        // Frames of an older generation (before the last checkpoint reset) carry other salts:
        // the current generation ends at the first of them.
        if (bigEndian(frame + 8) != salt1 || bigEndian(frame + 12) != salt2) break;
        std::uint32_t c0 = prev0;
        std::uint32_t c1 = prev1;
        walChecksum(bigWords, frame, 8, c0, c1);
        walChecksum(bigWords, frame + 24, pageSize, c0, c1);
        w.frames.push_back({bigEndian(frame), bigEndian(frame + 4),
                            c0 == bigEndian(frame + 16) && c1 == bigEndian(frame + 20), frame + 24});
        prev0 = bigEndian(frame + 16);
        prev1 = bigEndian(frame + 20);
    }
    return w;
}

/// The database as its WAL's committed frames leave it, replayed by us rather than by
/// SQLite: sound frames are applied even after a damaged one, and pages found only in the
/// WAL count even when the database file is empty. For salvage only (the result may mix
/// versions of a page; every row read from it is validated, and the hub takes each key once).
bool replayWal(const std::string& dbPath, const std::string& walPath, const std::string& outPath) {
    const WalFile wal = readWal(walPath);
    if (!wal.problem.empty() || wal.frames.empty()) return false;
    std::string image = readAll(dbPath);
    // The database cannot hold more pages than its file plus every frame of the WAL. A frame
    // naming a page or a size beyond that is not this outbox's (or was forged): replaying it
    // would allocate and write up to 2^32 pages of zeros (terabytes) for nothing to read.
    const std::size_t maxPages = image.size() / wal.pageSize + wal.frames.size();
    std::vector<const WalFrame*> staged;
    bool applied = false;
    for (const auto& frame : wal.frames) {
        if (!frame.sound || frame.page == 0) continue;
        if (frame.page > maxPages || frame.commitSize > maxPages) return false;
        staged.push_back(&frame);
        if (frame.commitSize == 0) continue;
        for (const WalFrame* f : staged) {
            const std::size_t offset = std::size_t{f->page - 1} * wal.pageSize;
            if (image.size() < offset + wal.pageSize) image.resize(offset + wal.pageSize, '\0');
            image.replace(offset, wal.pageSize, reinterpret_cast<const char*>(f->data), wal.pageSize);
        }
        image.resize(std::size_t{frame.commitSize} * wal.pageSize, '\0');
        staged.clear();
        applied = true;
    }
    if (!applied || image.size() < 100) return false;
    image[18] = 1; // a rollback-journal database now: SQLite must not look for a WAL
    image[19] = 1;
    std::ofstream out(outPath, std::ios::binary | std::ios::trunc);
    out.write(image.data(), static_cast<std::streamsize>(image.size()));
    return static_cast<bool>(out);
}

/// SQLite's variable-length integer at p (at most 9 bytes before end); false when cut off.
bool readVarint(const unsigned char*& p, const unsigned char* end, std::uint64_t& value) {
    value = 0;
    for (int i = 0; i < 9; ++i) {
        if (p >= end) return false;
        const unsigned char byte = *p++;
        if (i == 8) {
            value = (value << 8U) | byte;
            return true;
        }
        value = (value << 7U) | (byte & 0x7FU);
        if ((byte & 0x80U) == 0) return true;
    }
    return true;
}

/// The decision rows found in one b-tree leaf page of the decision table, read cell by cell
/// from SQLite's file format (https://sqlite.org/fileformat2.html#b_tree_pages). Used when the
/// table cannot be reached through its b-tree; only rows that are whole and valid are kept.
void scanLeafPage(const unsigned char* page, std::size_t pageSize, bool firstPage,
                  std::vector<OutboxItem>& out) {
    const unsigned char* header = page + (firstPage ? 100 : 0);
    if (header[0] != 0x0D) return; // not a table leaf
    const std::size_t cells = (std::size_t{header[3]} << 8U) | header[4];
    const std::size_t usable = pageSize;
    for (std::size_t c = 0; c < cells; ++c) {
        const std::size_t pointerAt = static_cast<std::size_t>(header - page) + 8 + 2 * c;
        if (pointerAt + 2 > pageSize) return;
        const std::size_t offset = (std::size_t{page[pointerAt]} << 8U) | page[pointerAt + 1];
        if (offset < 8 || offset >= pageSize) continue;
        const unsigned char* p = page + offset;
        const unsigned char* end = page + pageSize;
        std::uint64_t payload = 0;
        std::uint64_t rowid = 0;
        if (!readVarint(p, end, payload) || !readVarint(p, end, rowid)) continue;
        if (payload > usable - 35 || p + payload > end) continue; // spills to overflow pages: not ours
        const unsigned char* record = p;
        const unsigned char* recordEnd = p + payload;
        std::uint64_t headerSize = 0;
        const unsigned char* q = record;
        if (!readVarint(q, recordEnd, headerSize) || headerSize > payload) continue;
        std::vector<std::uint64_t> types;
        while (q < record + headerSize) {
            std::uint64_t type = 0;
            if (!readVarint(q, record + headerSize, type)) break;
            types.push_back(type);
        }
        // 11 columns (schema 1), 12 (+ outcome, schema 2), 13 (+ closes, schema 3).
        if (types.size() < 11 || types.size() > 13) continue;
        std::vector<std::string> text(types.size());
        std::vector<std::int64_t> integer(types.size(), 0);
        const unsigned char* v = record + headerSize;
        bool ok = true;
        for (std::size_t i = 0; i < types.size() && ok; ++i) {
            const std::uint64_t t = types[i];
            static constexpr std::array<std::size_t, 7> kIntBytes{0, 1, 2, 3, 4, 6, 8};
            if (t >= 1 && t <= 6) {
                const std::size_t n = kIntBytes[t];
                if (v + n > recordEnd) ok = false;
                std::uint64_t x = (n > 0 && (v[0] & 0x80U)) ? ~std::uint64_t{0} : 0;
                for (std::size_t b = 0; ok && b < n; ++b)
                    x = (x << 8U) | v[b];
                integer[i] = static_cast<std::int64_t>(x);
                v += n;
            } else if (t == 8 || t == 9) {
                integer[i] = t == 9 ? 1 : 0;
            } else if (t >= 13 && t % 2 == 1) {
                const std::size_t n = (t - 13) / 2;
                if (v + n > recordEnd)
                    ok = false;
                else
                    text[i].assign(reinterpret_cast<const char*>(v), n);
                v += n;
            } else if (t != 0) {
                ok = false; // a float or a blob: not a decision row
            }
        }
        if (!ok) continue;
        OutboxItem item;
        item.seq = static_cast<std::int64_t>(rowid);
        item.idempotencyKey = text[1];
        item.boardId = text[2];
        item.body = text[4];
        const auto state = outboxStateFromText(text[5]);
        item.createdAt = oneLine(text[6], 64);
        item.attempts = static_cast<int>(integer[7]);
        item.lastError = oneLine(text[8], 500);
        item.confirmedAt = oneLine(text[9], 64);
        item.serverId = oneLine(text[10], 128);
        auto request = parseDecisionRequest(item.body);
        if (!state || !request || !isUuid(item.idempotencyKey) || !isValidId(item.boardId) ||
            subjectOf(request.value()) != text[3])
            continue;
        item.state = *state;
        item.request = std::move(request).value();
        out.push_back(std::move(item));
    }
}

/// Every decision row found page by page in the database file and in the frames of its
/// WAL (a later version of a row wins). What survives when the b-tree does not.
std::vector<OutboxItem> scanPages(const std::string& dbPath, const std::string& walPath) {
    std::vector<OutboxItem> found;
    const std::string db = readAll(dbPath);
    std::size_t pageSize = 4096;
    if (db.size() >= 100 && db.compare(0, 16, std::string("SQLite format 3\0", 16)) == 0) {
        const std::size_t declared =
            (std::size_t{static_cast<unsigned char>(db[16])} << 8U) | static_cast<unsigned char>(db[17]);
        pageSize = declared == 1 ? 65536 : declared;
    }
    if (pageSize >= 512 && pageSize <= 65536 && (pageSize & (pageSize - 1)) == 0)
        for (std::size_t at = 0; at + pageSize <= db.size(); at += pageSize)
            scanLeafPage(reinterpret_cast<const unsigned char*>(db.data()) + at, pageSize, at == 0, found);
    // Damaged frames too: one bad byte seldom touches the row itself, and each row is validated.
    const WalFile wal = readWal(walPath);
    for (const auto& frame : wal.frames)
        scanLeafPage(frame.data, wal.pageSize, frame.page == 1, found);
    // Later versions of a row (WAL frames come after the file's pages) replace earlier ones.
    std::vector<OutboxItem> out;
    for (auto it = found.rbegin(); it != found.rend(); ++it) {
        const bool seen = std::any_of(out.begin(), out.end(), [&](const OutboxItem& o) {
            return o.idempotencyKey == it->idempotencyKey;
        });
        if (!seen) out.push_back(std::move(*it));
    }
    return out;
}
} // namespace

WalReport inspectWal(const std::string& walPath) {
    WalReport r;
    const WalFile wal = readWal(walPath);
    if (wal.bytes.empty()) return r;
    r.present = true;
    r.problem = wal.problem;
    if (!wal.problem.empty()) return r;
    r.headerValid = true;
    bool chainBroken = false;
    for (const auto& frame : wal.frames) {
        const bool commit = frame.commitSize != 0;
        if (!frame.sound) {
            chainBroken = true;
        } else if (!chainBroken) {
            ++r.frames;
            r.commits += commit ? 1 : 0;
        } else if (commit) {
            r.lostCommit = true;
        }
    }
    if (r.lostCommit) r.problem = "a committed transaction in the WAL is damaged; SQLite would drop it";
    return r;
}

std::string outboxProblem(const std::string& path) {
    const std::string wal = path + "-wal";
    const bool haveDb = exists(path);
    const auto walSize = sizeOf(wal);
    if (!haveDb && walSize == 0) return {};
    if (!haveDb) return "outbox.db is missing but its WAL holds " + std::to_string(walSize) + " bytes";
    if (sizeOf(path) == 0)
        return walSize > 0
                   ? "outbox.db is empty (0 bytes) next to a WAL of " + std::to_string(walSize) + " bytes"
                   : "outbox.db is empty (0 bytes)";
    {
        char header[16] = {};
        std::ifstream in(path, std::ios::binary);
        in.read(header, sizeof header);
        if (!in || std::string(header, sizeof header) != std::string("SQLite format 3\0", 16))
            return "outbox.db is not an SQLite database";
    }
    if (walSize > 0) {
        const WalReport report = inspectWal(wal);
        if (!report.problem.empty()) return report.problem;
    }
    ScratchCopy copy(path, wal);
    if (!copy.ok()) return "cannot copy the outbox to check it: " + copy.error();
    try {
        std::string check;
        {
            sql::Database db(copy.db());
            check = db.quickCheck();
        }
        if (check != "ok") return "quick_check: " + oneLine(check, 300);
        {
            sql::Database db(copy.db());
            const int version = sql::userVersion(db);
            if (version > outboxSchemaVersion())
                return "written by a newer release (schema " + std::to_string(version) + ")";
        }
        std::vector<std::string> problems;
        readRows(copy.db(), problems);
        if (!problems.empty()) return problems.front();
    } catch (const std::exception& e) {
        return oneLine(e.what(), 300);
    }
    return {};
}

std::optional<OutboxDamage> setAsideIfDamaged(const std::string& path) {
    if (path == ":memory:") return std::nullopt;
    // Only files nobody has open are judged: another user (a second engine, a salvage run)
    // may be in the middle of a write, and it checked the files when it opened them.
    const FileLock alone(Outbox::lockPath(path), FileLock::Mode::ExclusiveIfFree);
    if (!alone.held()) return std::nullopt;
    std::string reason = outboxProblem(path);
    if (reason.empty()) return std::nullopt;
    OutboxDamage damage;
    damage.reason = reason;
    damage.foundAt = utcNow();
    std::string dir = path + kDamagedInfix + stamp();
    for (int n = 2; exists(dir); ++n) // two damaged outboxes in one second keep apart
        dir = path + kDamagedInfix + stamp() + "-" + std::to_string(n);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw sql::Error(
            "outbox " + path + " is damaged (" + reason + ") and cannot be set aside: " + ec.message(), 0);
    const std::string name = fs::path(path).filename().string();
    for (const char* suffix : kSuffixes) {
        if (!exists(path + suffix)) continue;
        fs::rename(path + suffix, dir + "/" + name + suffix, ec); // same directory: byte for byte
        if (ec)
            throw sql::Error("outbox " + path + " is damaged and cannot be moved aside: " + ec.message(), 0);
    }
    damage.movedTo = dir;
    const SalvageRead read = readDamagedOutbox(dir);
    if (!read.items.empty() || read.problems.empty()) {
        std::int64_t undelivered = 0;
        for (const auto& item : read.items)
            undelivered += item.state == OutboxState::Queued || item.state == OutboxState::Sending ? 1 : 0;
        damage.undelivered = undelivered;
    }
    return damage;
}

std::vector<OutboxDamage> unsalvagedDamage(const std::string& path) {
    std::vector<OutboxDamage> out;
    if (path == ":memory:") return out;
    const fs::path file(path);
    const std::string prefix = file.filename().string() + kDamagedInfix;
    std::error_code ec;
    const fs::path parent = file.has_parent_path() ? file.parent_path() : fs::path(".");
    for (const auto& entry : fs::directory_iterator(parent, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) != 0 || !entry.is_directory(ec)) continue;
        if (exists((entry.path() / kSalvagedMarker).string())) continue;
        OutboxDamage d;
        d.movedTo = entry.path().string();
        d.foundAt = stampTime(name.substr(prefix.size()));
        if (d.foundAt.empty()) d.foundAt = utcNow();
        d.reason = "set aside earlier; not salvaged yet";
        const SalvageRead read = readDamagedOutbox(d.movedTo);
        if (!read.items.empty() || read.problems.empty()) {
            std::int64_t undelivered = 0;
            for (const auto& item : read.items)
                undelivered +=
                    item.state == OutboxState::Queued || item.state == OutboxState::Sending ? 1 : 0;
            d.undelivered = undelivered;
        }
        out.push_back(std::move(d));
    }
    std::sort(out.begin(), out.end(),
              [](const OutboxDamage& a, const OutboxDamage& b) { return a.movedTo < b.movedTo; });
    return out;
}

SalvageRead readDamagedOutbox(const std::string& damagedDir) {
    SalvageRead read;
    std::string db;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(damagedDir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() > 3 && name.compare(name.size() - 3, 3, ".db") == 0) db = entry.path().string();
    }
    if (db.empty()) {
        read.problems.push_back("no outbox database file in " + damagedDir);
        return read;
    }
    ScratchCopy copy(db, db + "-wal");
    if (!copy.ok()) {
        read.problems.push_back("cannot copy " + db + ": " + copy.error());
        return read;
    }
    auto add = [&](std::vector<OutboxItem> items) {
        for (auto& item : items) {
            const bool known = std::any_of(read.items.begin(), read.items.end(), [&](const OutboxItem& i) {
                return i.idempotencyKey == item.idempotencyKey;
            });
            if (!known) read.items.push_back(std::move(item));
        }
    };
    // 1. What SQLite reads of the files as they are.
    try {
        add(readRows(copy.db(), read.problems));
    } catch (const std::exception& e) {
        read.problems.push_back(oneLine(e.what(), 300));
    }
    // 2. Our own replay of the WAL: committed frames after a damaged one, pages of an emptied file.
    const std::string replayed = copy.dir() + "/replayed.db";
    if (replayWal(db, db + "-wal", replayed)) {
        try {
            std::vector<std::string> ignored; // the same rows may be unreadable again
            add(readRows(replayed, ignored));
        } catch (const std::exception&) { // step 3 reads page by page
        }
    }
    // 3. Page by page, for rows the b-tree no longer reaches. (sqlite3's .recover would do this,
    //    but Debian's sqlite3 is built without the sqlite_dbpage table it needs.)
    add(scanPages(db, db + "-wal"));
    if (!read.items.empty() && read.problems.size() == 1 &&
        read.problems.front().find("malformed") != std::string::npos)
        read.problems.front() += " (rows were read page by page instead)";
    std::sort(read.items.begin(), read.items.end(),
              [](const OutboxItem& a, const OutboxItem& b) { return a.seq < b.seq; });
    return read;
}

SalvageResult salvageOutbox(const std::string& damagedDir, Outbox& into) {
    SalvageResult result;
    SalvageRead read = readDamagedOutbox(damagedDir);
    result.problems = std::move(read.problems);
    result.read = static_cast<int>(read.items.size());
    for (const auto& item : read.items) {
        switch (into.restore(item)) {
        case Outbox::Restored::Queued:
            ++result.requeued;
            break;
        case Outbox::Restored::Kept:
            ++result.kept;
            break;
        case Outbox::Restored::Present:
            ++result.present;
            break;
        case Outbox::Restored::Held:
            ++result.held;
            break;
        }
    }
    std::ofstream marker(damagedDir + "/" + kSalvagedMarker);
    marker << "salvaged " << utcNow() << ": " << result.read << " read, " << result.requeued
           << " queued again, " << result.kept << " delivered before, " << result.present
           << " already present, " << result.held << " held (a later decision exists)\n";
    return result;
}

} // namespace regiebord
