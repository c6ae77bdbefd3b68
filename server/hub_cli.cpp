// The hub's command line (hub_cli.hpp): the table of subcommands, the global flags,
// the configuration, and the one place that runs the chosen command.

#include "hub_cli.hpp"

#include "hub_commands.hpp"
#include "hub_config.hpp"
#include "hub_store.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace regiebord::hub {

namespace {

constexpr const char* kDefaultConfig = "/etc/regiebord-hub/hub.toml";
/// The database when no configuration file is read: as before packaging, next to where the hub runs.
constexpr const char* kDatabaseWithoutConfig = "regiebord-hub.db";

/// A subcommand whose options are parsed: runs it and returns the exit code.
using CommandRun = std::function<int(const CommandContext&)>;

/// One row of the table: a subcommand's words, its help line, and how it declares its
/// options and runs. A row without `declare` is a group of subcommands ("device").
struct HubCommand {
    std::string path; ///< "import", "device add" (under the row "device")
    std::string help;
    /// Declares the options on the command's CLI11 app (values that override the
    /// configuration go into `flags`) and returns what runs the command once parsed.
    std::function<CommandRun(CLI::App& app, HubFlags& flags)> declare;
};

template <typename Options> using DeclareOptions = void (*)(CLI::App&, Options&, HubFlags&);

/// Opens (and migrates) the configured store and runs fn on it; a store that cannot be
/// opened, and whatever fn throws, ends the command with one line naming the database.
int withStore(const CommandContext& context, const std::function<int(HubStore&)>& fn) {
    try {
        HubStore store(context.config.database, static_cast<std::size_t>(context.config.connections));
        return fn(store);
    } catch (const std::exception& e) {
        context.err << "regiebord-hub: " << context.config.database << ": " << e.what() << "\n";
        return 1;
    }
}

/// A row for a command that works on the store.
template <typename Options>
HubCommand command(std::string path, std::string help,
                   int (*run)(const Options&, HubStore&, const CommandContext&),
                   DeclareOptions<Options> declare = nullptr) {
    return {std::move(path), std::move(help), [run, declare](CLI::App& app, HubFlags& flags) -> CommandRun {
                auto options = std::make_shared<Options>();
                if (declare) declare(app, *options, flags);
                return [run, options](const CommandContext& context) {
                    return withStore(context, [&](HubStore& store) { return run(*options, store, context); });
                };
            }};
}

/// A row for a command that opens its databases itself.
template <typename Options>
HubCommand command(std::string path, std::string help, int (*run)(const Options&, const CommandContext&),
                   DeclareOptions<Options> declare) {
    return {std::move(path), std::move(help), [run, declare](CLI::App& app, HubFlags& flags) -> CommandRun {
                auto options = std::make_shared<Options>();
                declare(app, *options, flags);
                return [run, options](const CommandContext& context) { return run(*options, context); };
            }};
}

HubCommand group(std::string word, std::string help) {
    return {std::move(word), std::move(help), nullptr};
}

/// An option that, when given, overrides a configuration key.
template <typename T>
CLI::Option* configOverride(CLI::App& app, const std::string& name, std::optional<T>& flag,
                            const std::string& help) {
    return app.add_option_function<T>(
        name, [&flag](const T& value) { flag = value; }, help);
}

/// Every subcommand, in the order `--help` lists them.
const std::vector<HubCommand>& hubCommands() {
    static const std::vector<HubCommand> table{
        command<ServeOptions>(
            "serve", "Serve the API", serveCommand,
            [](CLI::App& app, ServeOptions& o, HubFlags& flags) {
                configOverride(app, "--listen", flags.listen,
                               "HOST:PORT, overrides server.listen (port 0 picks a free port)");
                app.add_option("--port-file", o.portFile, "Write the port here once listening");
                app.add_flag("--demo", flags.demo,
                             "Load the demo board and demo device if the database has none");
                configOverride(app, "--demo-file", flags.demoFile,
                               "The demo board file (overrides demo.board_file)");
                configOverride(app, "--tls-cert", flags.tlsCert,
                               "Serve HTTPS with this certificate chain (PEM)");
                configOverride(app, "--tls-key", flags.tlsKey, "The certificate's private key (PEM)");
            }),
        command<ImportOptions>(
            "import",
            "Import a board file (JSON: replaces the board), a workbook (.xlsx) or a CSV table (.csv): "
            "changes and adds the rows it holds, removes those marked verwijderen; kept in the history",
            importCommand,
            [](CLI::App& app, ImportOptions& o, HubFlags&) {
                app.add_option(
                       "file", o.file,
                       "Board file (regiebord.board.v1), workbook (.xlsx, docs/workbook.md) or CSV table")
                    ->required();
                app.add_flag("--dry-run", o.dryRun,
                             "Print what would change, table by table; change nothing");
                app.add_option("--board", o.board,
                               "The board to import into (default: the one the file names; needed for a CSV "
                               "table other than Bord)");
                app.add_option("--by", o.by,
                               "Who imports, for the history (default: $SUDO_USER, else $USER)");
                app.add_option("--sheet", o.sheet,
                               "CSV: the sheet the file holds, e.g. Productie (default: from the file name)");
            }),
        command<HistoryOptions>(
            "history", "List the imports, newest first (who, when, file, SHA-256, changes)", historyCommand,
            [](CLI::App& app, HistoryOptions& o, HubFlags&) {
                app.add_option("--board", o.board, "Only this board's imports");
                app.add_option("--limit", o.limit, "At most this many (default 50)");
                app.add_flag("--details", o.details, "With what each import changed, or why it was refused");
            }),
        command<ExportWorkbookOptions>(
            "export-workbook", "Write a board as an Excel workbook (docs/workbook.md)", exportWorkbookCommand,
            [](CLI::App& app, ExportWorkbookOptions& o, HubFlags&) {
                app.add_option("file", o.file, "The workbook to write (.xlsx); replaced if it exists")
                    ->required();
                app.add_option("--board", o.board, "Board id")->required();
            }),
        command<DecisionsOptions>(
            "decisions",
            "List a board's decisions as the hub holds them, in the order received (tab-separated)",
            decisionsCommand,
            [](CLI::App& app, DecisionsOptions& o, HubFlags&) {
                app.add_option("--board", o.board, "Board id")->required();
            }),
        command<CompactOptions>("compact", "Drop a board's tombstones (older kiosk cursors then resync)",
                                compactCommand,
                                [](CLI::App& app, CompactOptions& o, HubFlags&) {
                                    app.add_option("--board", o.board, "Board id")->required();
                                }),
        group("device", "Manage devices"),
        command<DeviceAddOptions>(
            "device add", "Add a device; prints its token once", deviceAddCommand,
            [](CLI::App& app, DeviceAddOptions& o, HubFlags&) {
                app.add_option("--board", o.board, "Board the device may use")->required();
                app.add_option("--name", o.name, "Device name, e.g. raadzaal-1")->required();
                app.add_option("--token", o.token, "Use this token instead of a random one");
                app.add_option("--token-file", o.tokenFile,
                               "Write the token to this file (mode 0600) instead of stdout");
            }),
        command<DeviceRevokeOptions>("device revoke",
                                     "Disconnect a device at once: its token is refused (401) from now on",
                                     deviceRevokeCommand,
                                     [](CLI::App& app, DeviceRevokeOptions& o, HubFlags&) {
                                         app.add_option("name", o.name, "Device name")->required();
                                     }),
        command<DeviceRenameOptions>("device rename", "Give a device another name", deviceRenameCommand,
                                     [](CLI::App& app, DeviceRenameOptions& o, HubFlags&) {
                                         app.add_option("name", o.name, "Device name")->required();
                                         app.add_option("new-name", o.newName, "Its new name")->required();
                                     }),
        command<DeviceRemoveOptions>("device remove",
                                     "Remove a device: its token is refused and its name free for a new one",
                                     deviceRemoveCommand,
                                     [](CLI::App& app, DeviceRemoveOptions& o, HubFlags&) {
                                         app.add_option("name", o.name, "Device name")->required();
                                     }),
        command<ResyncAllOptions>("resync-all",
                                  "After restoring a backup: every kiosk fetches its whole board again and "
                                  "re-sends decisions the restored hub does not hold",
                                  resyncAllCommand),
        command<MigrateDbOptions>(
            "migrate-db", "Copy this hub's database (--db, usually SQLite) into another one, e.g. PostgreSQL",
            migrateDbCommand,
            [](CLI::App& app, MigrateDbOptions& o, HubFlags&) {
                app.add_option("--to", o.to,
                               "The target: a postgresql:// URL (or an SQLite file); must be empty")
                    ->required();
            }),
        group("user", "Manage the web side's accounts (docs/web.md)"),
        command<UserAddOptions>(
            "user add", "Add an account; its password is typed twice (or read from --password-file)",
            userAddCommand,
            [](CLI::App& app, UserAddOptions& o, HubFlags&) {
                app.add_option("name", o.name, "Account name, e.g. secretariaat-ria")->required();
                app.add_option("--role", o.role, "secretariaat, it or kijker")->required();
                app.add_option("--password-file", o.passwordFile,
                               "Read the password from this file's first line instead of the terminal");
            }),
        command<UserPasswordOptions>("user password", "Set a new password for an account",
                                     userPasswordCommand,
                                     [](CLI::App& app, UserPasswordOptions& o, HubFlags&) {
                                         app.add_option("name", o.name, "Account name")->required();
                                         app.add_option("--password-file", o.passwordFile,
                                                        "Read the password from this file's first line");
                                     }),
        command<UserRemoveOptions>("user remove", "Remove an account", userRemoveCommand,
                                   [](CLI::App& app, UserRemoveOptions& o, HubFlags&) {
                                       app.add_option("name", o.name, "Account name")->required();
                                   }),
        command<UsersOptions>("users", "List the accounts (name, role, created, by whom)", usersCommand),
        group("link", "Manage viewing links: a board's live view without an account (docs/web.md)"),
        command<LinkAddOptions>("link add", "Make a viewing link for a board; prints it once", linkAddCommand,
                                [](CLI::App& app, LinkAddOptions& o, HubFlags&) {
                                    app.add_option("--board", o.board, "Board id")->required();
                                    app.add_option("--label", o.label,
                                                   "Who it is for, e.g. \"wethouder Voorbeeldstad\"")
                                        ->required();
                                }),
        command<LinkRevokeOptions>("link revoke", "Stop a viewing link at once", linkRevokeCommand,
                                   [](CLI::App& app, LinkRevokeOptions& o, HubFlags&) {
                                       app.add_option("id", o.id, "The link's id (from links)")->required();
                                   }),
        command<LinksOptions>(
            "links", "List the viewing links (id, board, for whom, made, last used, revoked)", linksCommand,
            [](CLI::App& app, LinksOptions& o, HubFlags&) {
                app.add_option("--board", o.board, "Only this board's");
            }),
        command<AuditOptions>("audit",
                              "List the newest changes people made: accounts, viewing links, the web side's",
                              auditCommand,
                              [](CLI::App& app, AuditOptions& o, HubFlags&) {
                                  app.add_option("--limit", o.limit, "How many")->capture_default_str();
                              }),
        command<DevicesOptions>("devices", "List devices, their last heartbeat, and the silent ones",
                                devicesCommand,
                                [](CLI::App& app, DevicesOptions&, HubFlags& flags) {
                                    configOverride(app, "--silent-after", flags.silentAfterSeconds,
                                                   "Seconds without contact before a device counts as silent "
                                                   "(overrides devices.silent_after_seconds, default 300)");
                                }),
        command<BesluitenlijstOptions>(
            "besluitenlijst", "Export a meeting's decisions and open actions (PDF, CSV for Excel, Markdown)",
            besluitenlijstCommand,
            [](CLI::App& app, BesluitenlijstOptions& o, HubFlags&) {
                app.add_option("meeting", o.meeting, "Meeting id, e.g. mtg-2026-12")->required();
                app.add_option("--board", o.board, "Board id")->required();
                app.add_option("--pdf", o.pdf, "Write the PDF (A4) to this file");
                app.add_option("--csv", o.csv, "Write CSV for Excel (UTF-8, ';') to this file, - for stdout");
                app.add_option("--md", o.md, "Write Markdown to this file, - for stdout");
            }),
    };
    return table;
}

/// The configuration file (the default one only if it exists) under the flags. Without a file the
/// database stays where it was before there were configuration files.
HubConfig configure(const std::string& path, bool pathGiven, const HubFlags& flags,
                    std::vector<ConfigProblem>& problems, bool& fileRead) {
    HubConfig config;
    std::error_code statError;
    const auto type = std::filesystem::status(path, statError).type();
    fileRead = false;
    if (type == std::filesystem::file_type::not_found) {
        if (pathGiven) problems.push_back({path, 0, "", "file not found"});
        config.database = kDatabaseWithoutConfig;
    } else if (statError) {
        // E.g. /etc/regiebord-hub not readable by this user: say so rather than run without it.
        problems.push_back({path, 0, "", "cannot read the file: " + statError.message()});
    } else {
        config = loadHubConfig(path, problems);
        fileRead = true;
    }
    applyHubFlags(config, flags, problems);
    return config;
}

/// Parses, configures and runs; what it throws, runHubCli reports.
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
    CLI::App cli{"regiebord-hub: reference central server for Regiebord kiosks"};
    cli.require_subcommand(0, 1); // none only with --check-config or --version (checked below)
    HubFlags flags;
    std::string configPath = kDefaultConfig;
    cli.add_option("-c,--config", configPath,
                   std::string("Configuration file (TOML); ") + kDefaultConfig + " is read if it exists");
    bool checkConfig = false;
    cli.add_flag("--check-config", checkConfig,
                 "Check the configuration file and the flags, print every problem, exit 2 on problems");
    configOverride(
        cli, "--db", flags.database,
        std::string("Hub database: an SQLite file or a postgresql:// URL; overrides storage.database "
                    "(without a configuration file: ") +
            kDatabaseWithoutConfig + ")");
    bool version = false;
    cli.add_flag("--version", version, "Print the version and exit");

    std::vector<std::pair<const CLI::App*, CommandRun>> commands;
    std::string words; // the top-level subcommands, for the message when none is given
    for (const auto& row : hubCommands()) {
        CLI::App* parent = &cli;
        std::string name = row.path;
        if (const auto space = name.rfind(' '); space != std::string::npos) {
            parent = cli.get_subcommand(name.substr(0, space)); // its group, an earlier row
            name = name.substr(space + 1);
        } else {
            words += (words.empty() ? "" : ", ") + name;
        }
        CLI::App* app = parent->add_subcommand(name, row.help);
        if (row.declare)
            commands.emplace_back(app, row.declare(*app, flags));
        else
            app->require_subcommand(1);
    }

    const auto printVersion = [&] {
        out << "regiebord-hub " << REGIEBORD_VERSION << "\n";
        return 0;
    };
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (version) return printVersion();
        return cli.exit(e, out, err);
    }
    if (version) return printVersion();
    if (cli.get_subcommands().empty() && !checkConfig)
        return cli.exit(CLI::RequiredError("A subcommand (" + words + ") or --check-config"), out, err);

    std::vector<ConfigProblem> problems;
    bool configRead = false;
    const HubConfig config = configure(configPath, cli.count("--config") > 0, flags, problems, configRead);
    for (const auto& p : problems)
        err << "regiebord-hub: " << p.describe() << "\n";
    if (checkConfig && problems.empty()) out << "regiebord-hub: configuration ok\n";
    if (checkConfig || !problems.empty()) return problems.empty() ? 0 : 2;

    const CommandContext context{config, configRead ? configPath : std::string(), out, err};
    for (const auto& [app, runCommand] : commands)
        if (app->parsed()) return runCommand(context);
    return 0;
}

} // namespace

int runHubCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
    // What a command does not catch itself (the command line, the configuration, out of
    // memory) ends it with one line and exit code 1 rather than std::terminate's abort.
    try {
        return run(argc, argv, out, err);
    } catch (const std::exception& e) {
        err << "regiebord-hub: error: " << e.what() << "\n";
    } catch (...) {
        err << "regiebord-hub: error: unknown exception\n";
    }
    return 1;
}

} // namespace regiebord::hub
