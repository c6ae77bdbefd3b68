#include "startup_files.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

using regiebord::test::TempDir;
using regiebord::ui::mappedFiles;
using regiebord::ui::readAheadStartupFiles;
using regiebord::ui::rememberStartupFiles;

TEST_CASE("the mapped files are the system's regular files, each once, in the order seen") {
    const std::string maps =
        "55d0c0000000-55d0c0001000 r--p 00000000 fe:01 123 /usr/bin/regiebord\n"
        "7f0000000000-7f0000001000 r--p 00000000 fe:01 456 /usr/lib/x86_64-linux-gnu/libLLVM-15.so.1\n"
        "7f0000001000-7f0000002000 r-xp 00001000 fe:01 456 /usr/lib/x86_64-linux-gnu/libLLVM-15.so.1\n"
        "7f0000002000-7f0000003000 rw-p 00000000 00:00 0 \n"
        "7f0000003000-7f0000004000 rw-s 00000000 00:05 789 /dev/dri/card0\n"
        "7f0000004000-7f0000005000 r--p 00000000 fe:01 321 /lib/x86_64-linux-gnu/libc.so.6\n"
        "7f0000005000-7f0000006000 r--p 00000000 fe:01 654 /usr/share/fonts/a b.ttf\n"
        "7f0000006000-7f0000007000 r--p 00000000 fe:01 987 /usr/lib/old.so (deleted)\n"
        "7f0000007000-7f0000008000 r--p 00000000 fe:01 111 /var/lib/regiebord/cache.db\n"
        "7ffd00000000-7ffd00001000 rw-p 00000000 00:00 0 [stack]\n"
        "garbage\n";
    CHECK(mappedFiles(maps) ==
          std::vector<std::string>{"/usr/bin/regiebord", "/usr/lib/x86_64-linux-gnu/libLLVM-15.so.1",
                                   "/lib/x86_64-linux-gnu/libc.so.6", "/usr/share/fonts/a b.ttf"});
    CHECK(mappedFiles("").empty());
}

TEST_CASE("a start remembers what it maps, and rewrites the list only when it changed") {
    TempDir dir;
    const std::string list = dir.file("startup-files.list");
    REQUIRE(rememberStartupFiles(list).empty());
    const std::string first = regiebord::test::readFile(list);
    CHECK(first.find("libc.so") != std::string::npos); // this test maps the C library
    CHECK(first.back() == '\n');
    const auto written = std::filesystem::last_write_time(list);
    REQUIRE(rememberStartupFiles(list).empty());
    CHECK(std::filesystem::last_write_time(list) == written);
    CHECK_FALSE(std::filesystem::exists(list + ".new"));

    CHECK_FALSE(rememberStartupFiles(dir.file("missing/list")).empty());
}

TEST_CASE("reading ahead passes over a missing list and every line it cannot use") {
    TempDir dir;
    const std::string list = dir.file("startup-files.list");
    readAheadStartupFiles(list).get(); // no list: nothing read, nothing thrown

    std::ofstream(list) << "relative/path\n/etc/passwd\n/usr/lib/does-not-exist.so\n/usr\n\n"
                        << std::string(100000, 'x') << "\n/usr/bin/env\n";
    readAheadStartupFiles(list).get();
    std::ofstream(list, std::ios::binary) << std::string("\xff\xfe\0\n/usr/bin/env", 15);
    readAheadStartupFiles(list).get();
    SUCCEED("no exception, no crash");
}
