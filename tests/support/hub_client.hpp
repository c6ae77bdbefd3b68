#pragma once
// The demo device's side of a test hub (process.hpp's HubProcess, or any hub with the
// demo board): a kiosk's sync settings, the board the hub serves, and decisions sent
// by hand. Shared by the integration tests; the helpers REQUIRE what they rely on.

#include "http_client.hpp"
#include "model.hpp"
#include "sync_engine.hpp"

#include <string>

namespace regiebord::test {

/// A kiosk of the demo device on the demo board, with its cache and outbox in dir
/// (the engine's other settings at their defaults).
SyncSettings demoKiosk(const std::string& hubUrl, const std::string& dir);

/// GET /v1/boards/demo-regio/snapshot with the demo device's token.
HttpResponse getSnapshot(const std::string& hubUrl);
/// The demo board as the hub serves it (a 200 and a valid snapshot).
BoardData boardOf(const std::string& hubUrl);
/// How many of the board's decisions are on the escalation.
int decisionsOn(const BoardData& board, const std::string& escalationId);

/// The board's first open escalation; with withOptions, the first that offers options.
const Escalation& firstOpen(const BoardData& board, bool withOptions = false);

/// A decision taken now by "Voorzitter (test)" at the escalation's meeting; an Option
/// outcome picks its first option.
DecisionRequest decisionOn(const Escalation& escalation, Outcome outcome = Outcome::Option);
/// Akkoord on an escalation, outside any meeting.
DecisionRequest akkoord(const std::string& escalationId, const std::string& decidedBy = "Voorzitter (test)");

/// POST /v1/boards/demo-regio/decisions with a device token and an Idempotency-Key.
HttpResponse postDecision(const std::string& hubUrl, const std::string& token, const std::string& key,
                          const std::string& body);
/// The same with a new key.
HttpResponse postDecision(const std::string& hubUrl, const std::string& token,
                          const DecisionRequest& request);

} // namespace regiebord::test
