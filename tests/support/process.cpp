#include "process.hpp"

#include "postgres.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <elf.h>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace regiebord::test {

namespace {

/// posix_spawn, not fork: the parent's pages are not marked copy-on-write, so
/// spawning a helper does not make the parent pay page faults afterwards
/// (that distorted the sync benchmark by milliseconds per round).
/// The ELF machine this code was compiled for (0 where unknown).
constexpr std::uint16_t ownMachine() {
#if defined(__aarch64__)
    return EM_AARCH64;
#elif defined(__x86_64__)
    return EM_X86_64;
#elif defined(__arm__)
    return EM_ARM;
#elif defined(__riscv)
    return EM_RISCV;
#else
    return 0;
#endif
}

/// True when path is an ELF executable for the machine this test was built for.
bool isOwnArchElf(const std::string& path) {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    unsigned char h[20] = {};
    const ssize_t n = read(fd, h, sizeof h);
    close(fd);
    if (n != static_cast<ssize_t>(sizeof h) || std::memcmp(h, ELFMAG, SELFMAG) != 0) return false;
    // e_machine at offset 18, in the file's byte order.
    const unsigned lo = h[EI_DATA] == ELFDATA2MSB ? h[19] : h[18];
    const unsigned hi = h[EI_DATA] == ELFDATA2MSB ? h[18] : h[19];
    return ownMachine() != 0 && (lo | (hi << 8)) == ownMachine();
}

/// Cross-built tests run under qemu-user without binfmt_misc (scripts/test-arm64.sh):
/// the kernel cannot exec a child of our own architecture (ENOEXEC), so such a child
/// (hub, crash recorder, kiosk) is started through REGIEBORD_TEST_EMULATOR (set by
/// tests/CMakeLists.txt from CMAKE_CROSSCOMPILING_EMULATOR; words split on spaces).
/// Host tools (sh, openssl, sqlite3, xdotool) start as they are.
std::vector<std::string> withEmulator(const std::vector<std::string>& argv) {
    const char* emulator = std::getenv("REGIEBORD_TEST_EMULATOR");
    if (!emulator || !*emulator || argv.empty() || argv[0].find('/') == std::string::npos ||
        !isOwnArchElf(argv[0]))
        return argv;
    std::vector<std::string> out;
    std::istringstream words(emulator);
    for (std::string w; words >> w;)
        out.push_back(w);
    out.insert(out.end(), argv.begin(), argv.end());
    return out;
}

int spawn(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env, int outFd) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    if (outFd >= 0) {
        posix_spawn_file_actions_adddup2(&actions, outFd, STDOUT_FILENO);
        posix_spawn_file_actions_adddup2(&actions, outFd, STDERR_FILENO);
    }
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);

    std::map<std::string, std::string> merged;
    for (char** e = environ; *e; ++e) {
        const std::string entry(*e);
        const auto eq = entry.find('=');
        if (eq != std::string::npos) merged[entry.substr(0, eq)] = entry.substr(eq + 1);
    }
    for (const auto& [k, v] : env)
        merged[k] = v;
    std::vector<std::string> envStrings;
    envStrings.reserve(merged.size());
    for (const auto& [k, v] : merged)
        envStrings.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& e : envStrings)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    std::vector<std::string> args = withEmulator(argv);
    std::vector<char*> argp;
    for (auto& a : args)
        argp.push_back(a.data());
    argp.push_back(nullptr);

    pid_t pid = -1;
    const int rc = posix_spawnp(&pid, argp[0], &actions, &attr, argp.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
    return pid;
}

int decode(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

} // namespace

ChildProcess::ChildProcess(std::vector<std::string> argv, const std::string& logPath,
                           const std::map<std::string, std::string>& env)
    : m_log(logPath) {
    const int fd = open(logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error("cannot open log " + logPath);
    m_pid = spawn(argv, env, fd);
    close(fd);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : m_pid(other.m_pid), m_status(other.m_status), m_log(std::move(other.m_log)) {
    other.m_pid = -1;
}

ChildProcess::~ChildProcess() {
    if (m_pid > 0 && !m_status) {
        if (!stop(SIGTERM, std::chrono::seconds(5))) stop(SIGKILL, std::chrono::seconds(5));
    }
}

bool ChildProcess::running() {
    if (m_pid <= 0 || m_status) return false;
    int status = 0;
    const pid_t r = waitpid(m_pid, &status, WNOHANG);
    if (r == m_pid) {
        m_status = decode(status);
        return false;
    }
    return true;
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
    waitUntil([&] { return !running(); }, timeout);
    return m_status;
}

std::optional<int> ChildProcess::stop(int signal, std::chrono::milliseconds timeout) {
    if (running()) kill(m_pid, signal);
    return wait(timeout);
}

std::string ChildProcess::log() const {
    return readFile(m_log);
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeFile(const std::string& path, const std::string& text, unsigned mode) {
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << text;
    }
    chmod(path.c_str(), mode);
}

namespace {
std::string testDatabase(const std::string& dir) {
    const char* server = std::getenv("REGIEBORD_TEST_POSTGRES");
    if (!server || !*server) return dir + "/hub.db";
    return createPostgresDatabase(server);
}

} // namespace

HubProcess::HubProcess(const std::string& dir, bool demo, int port, const std::vector<std::string>& extraArgs,
                       const std::string& scheme, const std::vector<std::string>& config,
                       const std::string& database)
    : m_db(database.empty() ? testDatabase(dir) : database), m_config(dir + "/hub.toml") {
    const std::string portFile = dir + "/hub.port";
    std::remove(portFile.c_str());
    // A config file of its own: never /etc/regiebord-hub/hub.toml of the machine.
    std::map<std::string, std::vector<std::string>> sections;
    for (const auto& line : config) {
        const auto dot = line.find('.');
        sections[line.substr(0, dot)].push_back(line.substr(dot + 1));
    }
    std::string toml;
    for (const auto& [section, lines] : sections) {
        toml += "[" + section + "]\n";
        for (const auto& l : lines)
            toml += l + "\n";
    }
    writeFile(m_config, toml);
    std::vector<std::string> argv{REGIEBORD_HUB_BINARY,
                                  "-c",
                                  m_config,
                                  "--db",
                                  m_db,
                                  "serve",
                                  "--listen",
                                  "127.0.0.1:" + std::to_string(port),
                                  "--port-file",
                                  portFile};
    if (demo) argv.emplace_back("--demo");
    argv.insert(argv.end(), extraArgs.begin(), extraArgs.end());
    m_process.emplace(argv, dir + "/hub.log");
    const bool up = waitUntil([&] { return !readFile(portFile).empty() || !m_process->running(); },
                              std::chrono::seconds(20));
    const std::string text = readFile(portFile);
    if (!up || text.empty()) throw std::runtime_error("hub did not start: " + m_process->log());
    m_port = std::stoi(text);
    m_url = scheme + "://127.0.0.1:" + std::to_string(m_port);
}

int HubProcess::command(const std::vector<std::string>& args, std::string* output) const {
    std::vector<std::string> argv{REGIEBORD_HUB_BINARY, "-c", m_config, "--db", m_db};
    argv.insert(argv.end(), args.begin(), args.end());
    return runCommand(argv, {}, output);
}

void HubProcess::addDevice(const std::string& name, const std::string& token) const {
    std::string out;
    if (command({"device", "add", "--board", kDemoBoard, "--name", name, "--token", token}, &out) != 0)
        throw std::runtime_error("device add " + name + " failed: " + out);
}

int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        throw std::runtime_error("no free port");
    ::close(fd);
    return ntohs(addr.sin_port);
}

HaproxyProcess::HaproxyProcess(const std::string& dir, const std::vector<int>& hubPorts)
    : m_port(freePort()) {
    std::string config = readFile(REGIEBORD_SOURCE_DIR "/packaging/hub/haproxy.cfg.example");
    std::string servers;
    for (std::size_t i = 0; i < hubPorts.size(); ++i)
        servers += "    server hub" + std::to_string(i + 1) + " 127.0.0.1:" + std::to_string(hubPorts[i]) +
                   " check\n";
    auto fill = [&](const std::string& placeholder, const std::string& value) {
        const auto at = config.find(placeholder);
        if (at == std::string::npos) throw std::runtime_error("haproxy.cfg.example has no " + placeholder);
        config.replace(at, placeholder.size(), value);
    };
    fill("@BIND@", "127.0.0.1:" + std::to_string(m_port));
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    const auto fds = files.rlim_max == RLIM_INFINITY ? rlim_t{200000} : files.rlim_max;
    fill("@MAXCONN@", std::to_string(std::max<rlim_t>(100, std::min<rlim_t>(50000, (fds - 100) / 2))));
    fill("@SERVERS@", servers);
    writeFile(dir + "/haproxy.cfg", config);
    m_process.emplace(std::vector<std::string>{"haproxy", "-f", dir + "/haproxy.cfg", "-db"},
                      dir + "/haproxy.log");
    m_url = "http://127.0.0.1:" + std::to_string(m_port);
    // Up once it listens and its health checks found the hubs.
    const bool up = waitUntil(
        [&] {
            if (!m_process->running()) return false;
            const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            sockaddr_in addr{};
            addr.sin_family = AF_INET;
            addr.sin_port = htons(static_cast<std::uint16_t>(m_port));
            addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
            ::close(fd);
            return ok;
        },
        std::chrono::seconds(10));
    if (!up) throw std::runtime_error("haproxy did not start: " + m_process->log());
    std::this_thread::sleep_for(std::chrono::milliseconds(2500)); // two health checks (rise 2, inter 1s)
}

int runCommand(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
               std::string* output) {
    char tmpl[] = "/tmp/regiebord-cmd-XXXXXX";
    const int fd = mkstemp(tmpl);
    const int pid = spawn(argv, env, fd);
    close(fd);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (output) *output = readFile(tmpl);
    unlink(tmpl);
    return decode(status);
}

Xvfb::Xvfb(const std::string& dir, int width, int height) {
    // A display number of our own: tests may run in parallel.
    for (int n = 100 + getpid() % 300;; ++n) {
        if (std::filesystem::exists("/tmp/.X11-unix/X" + std::to_string(n)) ||
            std::filesystem::exists("/tmp/.X" + std::to_string(n) + "-lock"))
            continue;
        m_display = ":" + std::to_string(n);
        m_process.emplace(
            std::vector<std::string>{"Xvfb", m_display, "-screen", "0",
                                     std::to_string(width) + "x" + std::to_string(height) + "x24", "-noreset",
                                     "-nolisten", "tcp"},
            dir + "/xvfb.log");
        const std::string socket = "/tmp/.X11-unix/X" + std::to_string(n);
        if (waitUntil([&] { return std::filesystem::exists(socket) || !m_process->running(); },
                      std::chrono::seconds(10)) &&
            m_process->running())
            return;
        throw std::runtime_error("Xvfb did not start: " + m_process->log());
    }
}

} // namespace regiebord::test
