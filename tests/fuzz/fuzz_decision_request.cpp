// parseDecisionRequest: the body of POST /v1/boards/{board}/decisions as the hub reads
// it (and each outbox row as a salvage reads it). A request read is encoded and read
// again: the same request must come back.

#include "harness.hpp"
#include "protocol.hpp"

using namespace regiebord;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto parsed = parseDecisionRequest(fuzz::asText(data, size));
    if (!parsed) {
        fuzz::requireUtf8(parsed.error().describe(), "parseDecisionRequest's error");
        return 0;
    }
    const std::string encoded = encodeDecisionRequest(parsed.value());
    fuzz::requireUtf8(encoded, "encodeDecisionRequest's body");
    const auto again = parseDecisionRequest(encoded);
    if (!again)
        fuzz::fail("parseDecisionRequest rejects encodeDecisionRequest's body: " + again.error().describe());
    fuzz::require(again.value() == parsed.value(), "decision request round trip: the request changed");
    return 0;
}
