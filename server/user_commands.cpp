// The hub's commands for the web side (docs/web.md): accounts (user add, user password,
// user remove, users), made here on the shell, never with a default password; and
// viewing links (link add, link revoke, links).

#include "accounts.hpp"
#include "hub_commands.hpp"
#include "hub_store.hpp"
#include "text.hpp"
#include "web_session.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace regiebord::hub {

namespace {

std::string whoRuns() {
    for (const char* name : {"SUDO_USER", "USER"})
        // NOLINTNEXTLINE(concurrency-mt-unsafe): only the main thread runs commands
        if (const char* value = std::getenv(name); value != nullptr && *value != '\0') return value;
    return "onbekend";
}

/// One line typed on the terminal without echo; nullopt at the end of input.
std::optional<std::string> typedSecretly(const CommandContext& context, const std::string& prompt) {
    context.err << prompt << std::flush;
    termios saved{};
    const bool terminal = ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (terminal) {
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::string line;
    const bool got = static_cast<bool>(std::getline(std::cin, line));
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        context.err << "\n";
    }
    if (!got) return std::nullopt;
    return line;
}

/// The new password for `name`: the first line of the file, or typed twice on a terminal, or
/// one line of stdin; checked (passwordProblem). nullopt after one line on err saying why.
std::optional<std::string> newPassword(const std::string& file, const std::string& name,
                                       const CommandContext& context) {
    std::string password;
    if (!file.empty()) {
        std::ifstream in(file);
        if (!in || !std::getline(in, password)) {
            context.err << "regiebord-hub: --password-file: " << file << ": cannot be read\n";
            return std::nullopt;
        }
    } else if (::isatty(STDIN_FILENO) != 0) {
        const auto first = typedSecretly(context, "Password for " + name + ": ");
        const auto second = first ? typedSecretly(context, "The same again: ") : std::nullopt;
        if (!first || !second) {
            context.err << "regiebord-hub: no password given\n";
            return std::nullopt;
        }
        if (*first != *second) {
            context.err << "regiebord-hub: the two passwords differ; nothing changed\n";
            return std::nullopt;
        }
        password = *first;
    } else if (!std::getline(std::cin, password)) {
        context.err << "regiebord-hub: no password on stdin\n";
        return std::nullopt;
    }
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (const std::string problem = passwordProblem(password); !problem.empty()) {
        context.err << "regiebord-hub: the password is " << problem << "; nothing changed\n";
        return std::nullopt;
    }
    return password;
}

} // namespace

int userAddCommand(const UserAddOptions& options, HubStore& store, const CommandContext& context) {
    if (const std::string problem = accountNameProblem(options.name); !problem.empty()) {
        context.err << "regiebord-hub: name: " << problem << "\n";
        return 1;
    }
    const auto role = parseRole(options.role);
    if (!role) {
        context.err << "regiebord-hub: --role: expected secretariaat, it or kijker\n";
        return 1;
    }
    AccountStore accounts(store.pool());
    if (accounts.find(options.name)) {
        context.err << "regiebord-hub: an account \"" << options.name << "\" exists already\n";
        return 1;
    }
    const auto password = newPassword(options.passwordFile, options.name, context);
    if (!password) return 1;
    if (!accounts.add(options.name, *role, hashPassword(*password), whoRuns())) {
        context.err << "regiebord-hub: an account \"" << options.name << "\" exists already\n";
        return 1;
    }
    AuditLog(store.pool())
        .record("shell:" + whoRuns(), "user.add", {},
                options.name + " (" + std::string(roleName(*role)) + ")");
    context.out << "regiebord-hub: account " << options.name << " (" << roleName(*role) << ") added\n";
    return 0;
}

int userPasswordCommand(const UserPasswordOptions& options, HubStore& store, const CommandContext& context) {
    AccountStore accounts(store.pool());
    if (!accounts.find(options.name)) {
        context.err << "regiebord-hub: no account \"" << options.name << "\"\n";
        return 1;
    }
    const auto password = newPassword(options.passwordFile, options.name, context);
    if (!password) return 1;
    if (!accounts.setPassword(options.name, hashPassword(*password))) {
        context.err << "regiebord-hub: no account \"" << options.name << "\"\n";
        return 1;
    }
    AuditLog(store.pool()).record("shell:" + whoRuns(), "user.password", {}, options.name);
    context.out << "regiebord-hub: account " << options.name << ": password changed\n";
    return 0;
}

int userRemoveCommand(const UserRemoveOptions& options, HubStore& store, const CommandContext& context) {
    if (!AccountStore(store.pool()).remove(options.name)) {
        context.err << "regiebord-hub: no account \"" << options.name << "\"\n";
        return 1;
    }
    AuditLog(store.pool()).record("shell:" + whoRuns(), "user.remove", {}, options.name);
    context.out << "regiebord-hub: account " << options.name << " removed\n";
    return 0;
}

int usersCommand(const UsersOptions&, HubStore& store, const CommandContext& context) {
    const auto list = AccountStore(store.pool()).list();
    context.out << "name\trole\tcreated\tby\tpassword changed\n";
    for (const Account& a : list)
        context.out << a.name << '\t' << roleName(a.role) << '\t' << a.createdAt << '\t' << a.createdBy
                    << '\t' << a.passwordChangedAt << '\n';
    return 0;
}

int linkAddCommand(const LinkAddOptions& options, HubStore& store, const CommandContext& context) {
    if (!store.hasBoard(options.board)) {
        context.err << "regiebord-hub: --board: no board \"" << options.board << "\"\n";
        return 1;
    }
    if (options.label.empty() || options.label.size() > 200 || !isValidUtf8(options.label)) {
        context.err << "regiebord-hub: --label: expected 1 to 200 bytes of text\n";
        return 1;
    }
    const auto made = ViewingLinks(store.pool()).add(options.board, options.label, "shell:" + whoRuns());
    AuditLog(store.pool())
        .record("shell:" + whoRuns(), "link.add", options.board, made.link.id + " (" + options.label + ")");
    context.out
        << "regiebord-hub: viewing link " << made.link.id << " for board " << options.board << " ("
        << options.label << "):\n/v/" << made.token
        << "\nPut the hub's address before it (https://hub.example.org/v/...). It is shown only now.\n";
    return 0;
}

int linkRevokeCommand(const LinkRevokeOptions& options, HubStore& store, const CommandContext& context) {
    if (!ViewingLinks(store.pool()).revoke(options.id)) {
        context.err << "regiebord-hub: no viewing link \"" << options.id << "\"\n";
        return 1;
    }
    AuditLog(store.pool()).record("shell:" + whoRuns(), "link.revoke", {}, options.id);
    context.out << "regiebord-hub: viewing link " << options.id << " revoked\n";
    return 0;
}

int linksCommand(const LinksOptions& options, HubStore& store, const CommandContext& context) {
    context.out << "id\tboard\tfor\tmade\tby\tlast used\trevoked\n";
    for (const ViewingLink& l : ViewingLinks(store.pool()).list(options.board))
        context.out << l.id << '\t' << l.board << '\t' << oneLine(l.label) << '\t' << l.createdAt << '\t'
                    << l.createdBy << '\t' << (l.lastUsedAt.empty() ? "-" : l.lastUsedAt) << '\t'
                    << (l.revokedAt.empty() ? "-" : l.revokedAt) << '\n';
    return 0;
}

int auditCommand(const AuditOptions& options, HubStore& store, const CommandContext& context) {
    context.out << "n\tat\twho\taction\tboard\tdetail\n";
    for (const AuditEntry& e : AuditLog(store.pool()).recent(options.limit))
        context.out << e.n << '\t' << e.at << '\t' << e.who << '\t' << e.action << '\t'
                    << (e.board.empty() ? "-" : e.board) << '\t' << e.detail << '\n';
    return 0;
}

} // namespace regiebord::hub
