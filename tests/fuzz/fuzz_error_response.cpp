// parseErrorResponse: the hub's error body {"error": {"code", "message"}} as the kiosk
// reads it. The encoder makes each text one line, so the round trip is checked from the
// first encoding on: it must be read back and encode to the same body.

#include "harness.hpp"
#include "protocol.hpp"

using namespace regiebord;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto parsed = parseErrorResponse(fuzz::asText(data, size));
    if (!parsed) {
        fuzz::requireUtf8(parsed.error().describe(), "parseErrorResponse's error");
        return 0;
    }
    fuzz::requireUtf8(parsed.value().code, "the error code");
    fuzz::requireUtf8(parsed.value().message, "the error message");
    const std::string encoded = encodeErrorResponse(parsed.value());
    const auto again = parseErrorResponse(encoded);
    if (!again)
        fuzz::fail("parseErrorResponse rejects encodeErrorResponse's body: " + again.error().describe());
    fuzz::require(encodeErrorResponse(again.value()) == encoded,
                  "error response round trip: the body changed");
    return 0;
}
