// parseDecisionResponse: the hub's answer to a POST of a decision, as the kiosk reads
// it. A decision read is encoded and read again: the same decision must come back.

#include "harness.hpp"
#include "protocol.hpp"

using namespace regiebord;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto parsed = parseDecisionResponse(fuzz::asText(data, size));
    if (!parsed) {
        fuzz::requireUtf8(parsed.error().describe(), "parseDecisionResponse's error");
        return 0;
    }
    const Decision& d = parsed.value();
    const std::string encoded = encodeDecisionResponse(d);
    fuzz::requireUtf8(encoded, "encodeDecisionResponse's body");
    const auto again = parseDecisionResponse(encoded);
    if (!again)
        fuzz::fail("parseDecisionResponse rejects encodeDecisionResponse's body: " +
                   again.error().describe());
    const Decision& e = again.value();
    fuzz::require(e.request == d.request && e.id == d.id && e.deviceId == d.deviceId &&
                      e.receivedAt == d.receivedAt && e.idempotencyKey == d.idempotencyKey,
                  "decision response round trip: the decision changed");
    return 0;
}
