#pragma once
// PostgreSQL for the tests: a throw-away server (tests/support/postgres.sh, started once
// per ctest run by the fixture "postgres"), and a new database of its own for each test.

#include <string>

namespace regiebord::test {

/// Creates an empty database on the server at serverUrl (a postgresql:// URL of its
/// "postgres" database) and returns the URL of the new one.
std::string createPostgresDatabase(const std::string& serverUrl);

} // namespace regiebord::test
