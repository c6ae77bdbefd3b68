// The chair PIN hash file (chair.pin: `pbkdf2-sha256$<rounds>$<salt hex>$<hash hex>`) as the
// kiosk reads it: readPinHashFile, then PinGuard (which takes a malformed hash as "no PIN
// set"), and a PIN attempt against it. The input is the file. A file whose rounds field is
// above kMaxRounds is only parsed, not checked against a PIN: PBKDF2 with up to
// ui::kMaxIterations rounds takes seconds by design, and says nothing more about the reader.

#include "harness.hpp"

#include "chair.hpp"
#include "chair_ui.hpp"

#include <algorithm>
#include <chrono>

using namespace regiebord;

namespace {

constexpr long kMaxRounds = 1000;

/// The rounds field (between the first and the second '$'), when it is 1-9 digits; else -1.
long roundsOf(const std::string& encoded) {
    const auto first = encoded.find('$');
    if (first == std::string::npos) return -1;
    const auto second = encoded.find('$', first + 1);
    const std::string field =
        encoded.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
    if (field.empty() || field.size() > 9 ||
        !std::all_of(field.begin(), field.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return -1;
    return std::stol(field);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = fuzz::scratchDir() + "/chair.pin";
    fuzz::writeFile(path, fuzz::asText(data, size));
    const std::string line = ui::readPinHashFile(path);
    fuzz::require(line.find('\n') == std::string::npos, "readPinHashFile returned more than one line");

    ui::PinGuard guard(":memory:", line);
    const bool wellFormed = ui::isPinHash(line);
    // PinGuard drops the line end and trailing spaces; the bare encoding must be the same to both.
    if (wellFormed) fuzz::require(guard.configured(), "a well-formed hash leaves PinGuard unconfigured");
    if (roundsOf(line) > kMaxRounds) return 0;

    const bool match = ui::verifyPin("1234", line);
    fuzz::require(!match || wellFormed, "verifyPin accepts a malformed hash");
    const auto attempt = guard.attempt("1234", std::chrono::system_clock::now());
    if (!guard.configured()) {
        fuzz::require(attempt.result == ui::PinGuard::Attempt::NotConfigured,
                      "an unconfigured guard checked a PIN");
        return 0;
    }
    fuzz::require(attempt.result == ui::PinGuard::Attempt::Ok ||
                      attempt.result == ui::PinGuard::Attempt::Wrong,
                  "the first attempt is either right or wrong");
    return 0;
}
