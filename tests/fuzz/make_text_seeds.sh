#!/usr/bin/env bash
# Makes the text seeds of the protocol fuzz corpora from real hub answers: starts
# regiebord-hub (--demo) on a free loopback port in a scratch directory, posts decisions
# and heartbeats with the demo device's token, imports a changed board, and writes what
# went over the wire into OUT_DIR/<target>/; then small boards cut from the demo board.
# Needs curl and python3.
#   tests/fuzz/make_text_seeds.sh BUILD_DIR OUT_DIR
# (then copy OUT_DIR/<target>/ over tests/fuzz/corpus/<target>/; README.md)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
hub="$1/server/regiebord-hub"
out="$2"
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$out"/{board_snapshot,board_import,changes,apply_delta,decision_request,decision_response,error_response,heartbeat}

"$hub" --db "$work/hub.db" serve --demo --listen 127.0.0.1:0 --port-file "$work/port" >"$work/hub.log" 2>&1 &
pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
base="http://127.0.0.1:$(cat "$work/port")/v1/boards/demo-regio"
auth=(-H "Authorization: Bearer demo-token-not-secret")
get() { curl -s "${auth[@]}" "$base/$1"; }
# post PATH BODY [KEY]: the answer's body
post() { curl -s "${auth[@]}" -H "Content-Type: application/json" ${3:+-H "Idempotency-Key: $3"} --data-binary "$2" "$base/$1"; }

get snapshot >"$out/board_snapshot/hub-demo"
cp "$root/assets/demo/board.json" "$out/board_import/demo-board"
seq0=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["seq"])' "$out/board_snapshot/hub-demo")

# Decisions: two new ones, a replay of the first key, one refused.
# (escalations, options and meetings of assets/demo/board.json)
req1='{"escalation_id":"esc-10","outcome":"akkoord","option_id":null,"note":"Akkoord met de voorgestelde fasering.","decided_by":"Voorzitter","decided_at":"2026-11-28T14:05:00Z","meeting_id":null}'
req2='{"escalation_id":"esc-01","outcome":"option","option_id":"esc-01-b","note":"Keuze na stemming; één onthouding.","decided_by":"Voorzitter","decided_at":"2026-11-28T14:20:00+01:00","meeting_id":"mtg-2026-12"}'
req3='{"escalation_id":"esc-02","outcome":"aangehouden","note":"","decided_by":"Plaatsvervangend voorzitter","decided_at":"2026-11-28T14:31:07.250Z"}'
printf '%s' "$req3" >"$out/decision_request/held-short"
printf '%s' "$req1" >"$out/decision_request/akkoord"
printf '%s' "$req2" >"$out/decision_request/option"
post decisions "$req1" 6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f >"$out/decision_response/created"
post decisions "$req1" 6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f >"$out/decision_response/replayed"
post decisions "$req2" 0b7e9a52-3c1d-4e8f-9a6b-5c4d3e2f1a0b >"$out/decision_response/option"
post decisions "$req3" 7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d >"$out/decision_response/held"
post decisions "$req1" 11111111-2222-4333-8444-555555555555 >"$out/error_response/conflict"
post decisions '{"escalation_id":"nope"}' 22222222-2222-4333-8444-555555555555 >"$out/error_response/invalid-request"
post decisions "$req1" not-a-uuid >"$out/error_response/bad-key"
curl -s "$base/snapshot" >"$out/error_response/unauthorised"
curl -s "${auth[@]}" "http://127.0.0.1:$(cat "$work/port")/v1/boards/other-board/snapshot" >"$out/error_response/forbidden"
get "changes?since=x" >"$out/error_response/bad-since"
get "changes?since=999999" >"$out/error_response/resync"

# Heartbeats as the kiosk sends them (encodeHeartbeat), and the hub's answers.
hb1='{"version":"0.1.0","data_age_seconds":12,"outbox_depth":0,"last_error":"","uptime_seconds":3600,"memory_kb":48212}'
hb2='{"version":"0.1.0","data_age_seconds":-1,"outbox_depth":3,"last_error":"hub onbereikbaar: connection refused","uptime_seconds":42,"memory_kb":40100,"clock_offset_seconds":-2,"fault":"cache damaged; rebuilt","cache_rebuilds":1,"outbox_damage":{"moved_to":"/var/lib/regiebord/outbox.db.damaged-20261128T140000Z","found_at":"2026-11-28T14:00:00Z","unread":2}}'
hb3='{"version":"0.1.0","data_age_seconds":5,"outbox_depth":1,"last_error":"","uptime_seconds":9,"memory_kb":1,"outbox_damage":{"moved_to":"/x","found_at":"2026-11-28T14:00:00.123+01:00"}}'
printf '%s' "$hb1" >"$out/heartbeat/plain"
printf '%s' "$hb2" >"$out/heartbeat/everything"
printf '%s' "$hb3" >"$out/heartbeat/damage-unknown"
post heartbeat '{"version":1}' >"$out/error_response/heartbeat-refused"

get "changes?since=$seq0" >"$out/changes/two-decisions"
get snapshot >"$out/board_snapshot/hub-with-decisions"

# A changed board imported: upserts and deletions.
python3 - "$root/assets/demo/board.json" "$work/changed.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["agreements"][0]["progress"]["realised"] += 7
d["agreements"][1]["status"] = "risico"
d["parties"][0]["name"] += " (gewijzigd)"
gone = d["projects"].pop()
for a in d["agreements"]:
    a["projects"] = [p for p in a["projects"] if p != gone["id"]]
for e in d["escalations"]:
    if e.get("project") == gone["id"]:
        e["project"] = None
d["production"] = d["production"][:-1]
d["meetings"][0]["agenda"].append({"order": 99, "title": "Rondvraag", "escalation": None, "agreement": None})
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False, indent=1)
PY
cp "$work/changed.json" "$out/board_import/changed-board"
seq1=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["seq"])' "$out/board_snapshot/hub-with-decisions")
"$hub" --db "$work/hub.db" import "$work/changed.json" >/dev/null
get "changes?since=$seq1" >"$out/changes/import-with-deletions"
get "changes?since=$seq0" >"$out/changes/everything-since-start"
get snapshot >"$out/board_snapshot/hub-after-import"

# The same deltas against fuzz_apply_delta's base (the demo board at seq 100).
for f in two-decisions import-with-deletions everything-since-start; do
  python3 - "$out/changes/$f" "$out/apply_delta/$f" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
span = d["seq"] - d["since"]
d["since"], d["seq"] = 100, 100 + span
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False, separators=(",", ":"))
PY
done
# Small boards (a fuzzer mutates a small document far faster): one of each object, and none.
python3 - "$out/board_snapshot/hub-after-import" "$out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
small = dict(d)
small["parties"] = d["parties"][:3]
keep = {p["id"] for p in small["parties"]}
small["definitions"] = [dict(x, agreed_by=[p for p in x["agreed_by"] if p in keep]) for x in d["definitions"][:1]]
small["projects"] = [p for p in d["projects"] if p["municipality"] in keep and p.get("developer") in keep | {None}][:1]
small["agreements"] = [dict(a, owner=small["parties"][0]["id"], parties=[p for p in a["parties"] if p in keep],
                            definitions=[x["id"] for x in small["definitions"]][:1],
                            projects=[p["id"] for p in small["projects"]]) for a in d["agreements"][:1]]
small["production"] = d["production"][:2]
small["escalations"] = [dict(e, agreement=small["agreements"][0]["id"], project=None, meeting=None,
                             raised_by=small["parties"][1]["id"]) for e in d["escalations"][:1]]
small["meetings"] = [dict(m, agenda=[{"order": 1, "title": "Opening", "escalation": small["escalations"][0]["id"],
                                      "agreement": None}]) for m in d["meetings"][:1]]
small["decisions"] = [x for x in d["decisions"] if x["escalation_id"] == small["escalations"][0]["id"]]
empty = {k: ([] if isinstance(v, list) else v) for k, v in d.items()}
out = sys.argv[2]
for name, doc in (("small", small), ("empty", empty)):
    json.dump(doc, open(f"{out}/board_snapshot/{name}", "w"), ensure_ascii=False, separators=(",", ":"))
    imp = {k: v for k, v in doc.items() if k not in ("seq", "generated_at", "decisions")}
    imp["format"] = "regiebord.board.v1"
    json.dump(imp, open(f"{out}/board_import/{name}", "w"), ensure_ascii=False, indent=1)
PY
ls -l "$out"/*
