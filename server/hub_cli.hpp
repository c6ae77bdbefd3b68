#pragma once
// The hub's command line: the global flags (-c, --db, --check-config, --version), then
// one subcommand from the table in hub_cli.cpp. Each subcommand is a function in
// hub_commands.hpp; adding one is a row in that table, its function, and its test in
// tests/unit/test_hub_cli.cpp.

#include <iosfwd>

namespace regiebord::hub {

/// Parses the command line, reads the configuration (the file, default
/// /etc/regiebord-hub/hub.toml if it exists, under the flags) and runs the subcommand,
/// writing to out and err. Returns the exit code: 0 done, 1 failed, 2 problems in the
/// configuration; a bad command line gets CLI11's code (with its message on err).
int runHubCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

} // namespace regiebord::hub
