// The audit trail of imports (hub_store.hpp: ImportRecord; table import_log, hub_schema.cpp step 8).
// Kept apart from hub_store.cpp: it only appends and lists, and knows nothing of boards.

#include "hub_store.hpp"

namespace regiebord::hub {

void insertImportRecord(SqlConnection& c, const ImportRecord& r) {
    // The next number in the trail. Inside the caller's write transaction: SQLite has one writer;
    // two PostgreSQL hubs importing at the same instant conflict on the key and one import fails
    // whole (nothing is half recorded).
    const std::int64_t n = c.scalar("SELECT COALESCE(MAX(n), 0) FROM import_log").value_or(0) + 1;
    c.run(
        "INSERT INTO import_log(n, board_id, at, by_name, file, sha256, file_kind, outcome, added, changed, "
        "removed, seq, details) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        {n, r.boardId, r.at, r.by, r.file, r.sha256, r.fileKind, r.outcome, r.added, r.changed, r.removed,
         r.seq, r.details});
}

void HubStore::recordImport(const ImportRecord& record) {
    m_pool.write([&](SqlConnection& c) {
        SqlTransaction tx(c, SqlTransactionKind::Write);
        insertImportRecord(c, record);
        tx.commit();
    });
}

std::vector<ImportRecord> HubStore::importHistory(const std::string& boardId, std::size_t limit) {
    std::vector<ImportRecord> out;
    m_pool.read([&](SqlConnection& c) {
        auto rows = c.query(
            "SELECT board_id, at, by_name, file, sha256, file_kind, outcome, added, changed, removed, "
            "seq, details FROM import_log WHERE ?1 = '' OR board_id = ?1 ORDER BY n DESC LIMIT ?2",
            {boardId, static_cast<std::int64_t>(limit)});
        while (rows->next())
            out.push_back({rows->text(0), rows->text(1), rows->text(2), rows->text(3), rows->text(4),
                           rows->text(5), rows->text(6), rows->int64(7), rows->int64(8), rows->int64(9),
                           rows->int64(10), rows->text(11)});
    });
    return out;
}

} // namespace regiebord::hub
