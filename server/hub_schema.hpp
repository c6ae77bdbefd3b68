#pragma once
// The hub's database schema: one ordered list of steps that SQLite and PostgreSQL both
// run, the tables with their columns, and copying a whole hub from one database into
// another (migrate-db). A schema change is a new step in hub_schema.cpp and, for a new
// column or table, its entry in hubTables().

#include "sql_session.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace regiebord::hub {

/// Brings the database to this release's schema: the steps newer than its version, in
/// one transaction. Hub instances starting together on one PostgreSQL take turns.
/// Throws for a database written by a newer release.
void migrateSchema(SqlConnection& c);

/// One table of the hub with every column, as copyStore() copies it.
struct HubTable {
    const char* name;
    const char* columns;       ///< "id, board_id, ..."
    std::vector<bool> integer; ///< per column: an integer (else text)
};
/// Every table, in the order their foreign keys need.
const std::vector<HubTable>& hubTables();

/// What copyStore() copied, table by table.
struct CopyReport {
    std::vector<std::pair<std::string, std::int64_t>> rows; ///< table, rows copied (and found again)
};

/// Copies every board, object, tombstone, device (with its token hash and heartbeat),
/// decision (with its idempotency key and stored answer) and answered key from one hub
/// store to another, in one transaction on the target, and checks the row counts
/// afterwards. The target must hold no board and no device (throws otherwise). Used by
/// `regiebord-hub migrate-db` to move a hub from SQLite to PostgreSQL.
CopyReport copyStore(const std::string& from, const std::string& to);

} // namespace regiebord::hub
