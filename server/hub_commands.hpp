#pragma once
// The hub's subcommands, one function each. A command gets its parsed options, the
// store (opened and migrated for it) or, for one that opens databases itself, only
// the configuration, and the two streams it writes to; it returns the exit code
// (0 done, 1 failed). The command line (hub_cli.cpp) declares their options and
// calls them; tests call them through runHubCli.

#include "hub_config.hpp"
#include "hub_store.hpp"

#include <cstddef>
#include <iosfwd>
#include <string>

namespace regiebord::hub {

/// What every command gets besides its options.
struct CommandContext {
    const HubConfig& config; ///< checked: the file (if any) under the flags, without problems
    std::string configFile;  ///< the configuration file that was read; "" when none was
    std::ostream& out;
    std::ostream& err;
};

/// serve: the API until SIGTERM/SIGINT (hub_serve.cpp).
struct ServeOptions {
    std::string portFile; ///< written once listening; "" = none
};
int serveCommand(const ServeOptions& options, HubStore& store, const CommandContext& context);

/// import FILE: a board file (JSON) replaces its board; a workbook (.xlsx) or a CSV table
/// (.csv) changes and adds the rows it holds and removes the rows marked "verwijderen: ja";
/// nothing else is removed (docs/workbook.md, "Import"). Every import is kept
/// in the audit trail (history). import_command.cpp.
struct ImportOptions {
    std::string file;
    bool dryRun = false; ///< print what would change, change nothing
    std::string board;   ///< the board to import into; "" = the one the file names
    std::string by;      ///< who imports, for the audit trail; "" = $SUDO_USER, else $USER
    std::string sheet;   ///< CSV: the sheet the file is; "" = from the file name
};
int importCommand(const ImportOptions& options, HubStore& store, const CommandContext& context);

/// What one import did: the command line prints it, the web side shows it.
struct ImportRun {
    ImportRecord record;               ///< as kept in the audit trail: outcome, counts, details, seq
    std::vector<std::string> problems; ///< refused: every problem, one line each (Dutch for workbooks)
    std::optional<BoardData> board;    ///< applied or dry run: the board as read
    bool workbook = false;             ///< .xlsx or .csv (else a board file, .json)
    bool unchanged = false;            ///< applied or dry run: nothing differs from the hub's board
};
/// Reads `bytes` as options.file names them (.xlsx, .csv, else a board file), reports what it changes,
/// and with options.dryRun stops there; else imports in one transaction with its record. Every outcome,
/// a refusal too, is added to the audit trail. Throws only what the store throws.
ImportRun runImport(HubStore& store, const ImportOptions& options, const std::string& bytes);

/// history: the audit trail of imports, newest first.
struct HistoryOptions {
    std::string board; ///< "" = every board
    std::size_t limit = 50;
    bool details = false; ///< with what each import changed (or why it was refused)
};
int historyCommand(const HistoryOptions& options, HubStore& store, const CommandContext& context);

/// compact --board: drops the board's tombstones.
struct CompactOptions {
    std::string board;
};
int compactCommand(const CompactOptions& options, HubStore& store, const CommandContext& context);

/// device add: a device for a board, with a given or a new token.
struct DeviceAddOptions {
    std::string board;
    std::string name;
    std::string token;     ///< "" = a new random one
    std::string tokenFile; ///< "" = print the token
};
int deviceAddCommand(const DeviceAddOptions& options, HubStore& store, const CommandContext& context);

/// device revoke NAME: the device's token is refused (401 device_revoked) from now on.
struct DeviceRevokeOptions {
    std::string name;
};
int deviceRevokeCommand(const DeviceRevokeOptions& options, HubStore& store, const CommandContext& context);

/// device rename NAME NEW-NAME.
struct DeviceRenameOptions {
    std::string name;
    std::string newName;
};
int deviceRenameCommand(const DeviceRenameOptions& options, HubStore& store, const CommandContext& context);

/// device remove NAME: gone from the list, its token refused, its name free again.
struct DeviceRemoveOptions {
    std::string name;
};
int deviceRemoveCommand(const DeviceRemoveOptions& options, HubStore& store, const CommandContext& context);

/// resync-all: every kiosk fetches its whole board again (after a restore).
struct ResyncAllOptions {};
int resyncAllCommand(const ResyncAllOptions& options, HubStore& store, const CommandContext& context);

/// migrate-db --to: copies the configured database into an empty one.
struct MigrateDbOptions {
    std::string to;
};
int migrateDbCommand(const MigrateDbOptions& options, const CommandContext& context);

/// devices: one line per device, SILENT when not heard from within devices.silent_after_seconds
/// (the flag --silent-after overrides it through the configuration).
struct DevicesOptions {};
int devicesCommand(const DevicesOptions& options, HubStore& store, const CommandContext& context);

/// besluitenlijst MEETING --board: a meeting's decisions and open actions as PDF, CSV and/or
/// Markdown ("-" is stdout for CSV and Markdown); nothing is written for an unknown board or meeting.
struct BesluitenlijstOptions {
    std::string meeting;
    std::string board;
    std::string pdf; ///< "" = none
    std::string csv;
    std::string md;
};
int besluitenlijstCommand(const BesluitenlijstOptions& options, HubStore& store,
                          const CommandContext& context);

/// decisions --board: every decision the hub holds for the board, in the order received, one
/// tab-separated line each (received, subject, outcome, option, device, idempotency key), so
/// that IT can check that a decision taken in the room arrived, and arrived once.
struct DecisionsOptions {
    std::string board;
};
int decisionsCommand(const DecisionsOptions& options, HubStore& store, const CommandContext& context);

/// export-workbook FILE --board: the board as an Excel workbook (docs/workbook.md), written to
/// FILE.tmp and renamed, so that a failure leaves no file behind.
struct ExportWorkbookOptions {
    std::string file;
    std::string board;
};
int exportWorkbookCommand(const ExportWorkbookOptions& options, HubStore& store,
                          const CommandContext& context);

/// user add NAME --role: an account of the web side (docs/web.md), with a password read from
/// --password-file (its first line) or typed twice (stdin a terminal) or one line of stdin.
/// user_commands.cpp, like the other user commands.
struct UserAddOptions {
    std::string name;
    std::string role;
    std::string passwordFile; ///< "" = read from stdin
};
int userAddCommand(const UserAddOptions& options, HubStore& store, const CommandContext& context);

/// user password NAME: a new password, read as for user add.
struct UserPasswordOptions {
    std::string name;
    std::string passwordFile;
};
int userPasswordCommand(const UserPasswordOptions& options, HubStore& store, const CommandContext& context);

/// user remove NAME.
struct UserRemoveOptions {
    std::string name;
};
int userRemoveCommand(const UserRemoveOptions& options, HubStore& store, const CommandContext& context);

/// users: one line per account (name, role, created, by whom, password changed).
struct UsersOptions {};
int usersCommand(const UsersOptions& options, HubStore& store, const CommandContext& context);

/// link add --board B --label L: a viewing link to the board's live view; prints it once.
struct LinkAddOptions {
    std::string board;
    std::string label;
};
int linkAddCommand(const LinkAddOptions& options, HubStore& store, const CommandContext& context);

/// link revoke ID: the link stops working at once.
struct LinkRevokeOptions {
    std::string id;
};
int linkRevokeCommand(const LinkRevokeOptions& options, HubStore& store, const CommandContext& context);

/// links [--board B]: the viewing links, who they are for, last used, revoked.
struct LinksOptions {
    std::string board;
};
int linksCommand(const LinksOptions& options, HubStore& store, const CommandContext& context);

/// audit [--limit N]: the newest changes people made (accounts, links; the web side's).
struct AuditOptions {
    std::size_t limit = 50;
};
int auditCommand(const AuditOptions& options, HubStore& store, const CommandContext& context);

/// Reads a board file and imports it; false (with the reason on `err`) when it cannot be
/// read, is not a valid board, or the store refuses it. Used by import and serve --demo.
bool importBoardFile(HubStore& store, const std::string& path, std::ostream& out, std::ostream& err);

} // namespace regiebord::hub
