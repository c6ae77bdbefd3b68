#pragma once
// The display cache: the last good board as the hub sent it. Disposable: it
// can always be rebuilt from the hub, so a damaged cache file is replaced, never
// repaired. Kept in its own file, apart from the decision outbox.

#include "model.hpp"
#include "protocol.hpp"
#include "sqlite.hpp"

#include <optional>
#include <string>

namespace regiebord {

struct CachedBoard {
    BoardData data;
    std::string etag;
    std::string syncedAt; ///< when this data was last confirmed by the hub (RFC 3339, UTC)
};

class CacheStore {
public:
    /// Opens the cache; a file that is not a usable cache is moved aside and a
    /// new one created (the hub refills it). ":memory:" works for tests.
    explicit CacheStore(const std::string& path);

    /// Replaces the board's cached data in one transaction.
    void save(const BoardData& board, const std::string& etag, const std::string& syncedAt);
    /// Applies a validated delta to the cached board in one transaction: only the
    /// changed rows are written.
    void applyDelta(const BoardDelta& delta, const std::string& etag, const std::string& syncedAt);
    /// Records that the hub confirmed the cached data is current (a 304).
    void touch(const std::string& boardId, const std::string& syncedAt);
    /// The cached board, validated like a hub payload; nullopt when absent or invalid.
    std::optional<CachedBoard> load(const std::string& boardId);
    /// Why the last load() returned nothing although a row existed ("" otherwise).
    const std::string& lastLoadProblem() const { return m_loadProblem; }
    std::string quickCheck() { return m_db.quickCheck(); }
    /// Set when open found a damaged file and replaced it.
    const std::string& recoveredFrom() const { return m_recovered; }
    /// What the connection's page cache holds now: small after save() and load(), which
    /// give the pages of a whole board back.
    std::int64_t pageCacheBytes() const { return m_db.pageCacheBytes(); }

private:
    static sql::Database open(const std::string& path, std::string& recovered);
    void writeBoard(const BoardData& board, const std::string& etag, const std::string& syncedAt);
    std::optional<CachedBoard> readBoard(const std::string& boardId);
    std::string m_recovered; // before m_db: open() fills it while m_db is constructed
    sql::Database m_db;
    std::string m_loadProblem;
};

} // namespace regiebord
