// parseHeartbeat: the body of POST /v1/boards/{board}/heartbeat as the hub reads it.
// The encoder makes each text one line, so the round trip is checked from the first
// encoding on: it must be read back and encode to the same body.

#include "harness.hpp"
#include "protocol.hpp"

using namespace regiebord;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto parsed = parseHeartbeat(fuzz::asText(data, size));
    if (!parsed) {
        fuzz::requireUtf8(parsed.error().describe(), "parseHeartbeat's error");
        return 0;
    }
    const std::string encoded = encodeHeartbeat(parsed.value());
    fuzz::requireUtf8(encoded, "encodeHeartbeat's body");
    const auto again = parseHeartbeat(encoded);
    if (!again) fuzz::fail("parseHeartbeat rejects encodeHeartbeat's body: " + again.error().describe());
    fuzz::require(encodeHeartbeat(again.value()) == encoded, "heartbeat round trip: the body changed");
    return 0;
}
