#!/usr/bin/env bash
# Records the demo meeting of 15 October 2026 (mtg-2026-10) as its chair would have:
# decisions on agenda items that are not escalations, one with an action, sent through
# the hub's API as the demo device, like a kiosk does. Fixed idempotency keys: running it
# again changes nothing (the keys are UUIDs, as the API wants). Used by scripts/demo.sh and for the docs' screenshots and
# sample besluitenlijst.   Usage: scripts/demo-decisions.sh http://127.0.0.1:PORT
set -euo pipefail
hub="${1:?usage: $0 HUB_URL}"
post() { # key, body
  local status
  status=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$hub/v1/boards/demo-regio/decisions" \
    -H "Authorization: Bearer demo-token-not-secret" -H "Idempotency-Key: $1" \
    -H "Content-Type: application/json" --data-binary "$2")
  case "$status" in
    200|201) ;;
    *) echo "demo-decisions: $1: HTTP $status" >&2; return 1 ;;
  esac
}
item() { # key, order, outcome, note, minute [, action json]
  post "$1" "{\"escalation_id\": null, \"meeting_id\": \"mtg-2026-10\", \"agenda_item\": $2,
    \"outcome\": \"$3\", \"note\": \"$4\", \"decided_by\": \"Voorzitter (demo)\",
    \"decided_at\": \"2026-10-15T$5:00Z\"${6:+, \"action\": $6}}"
}
item d3e0d3e0-2026-4010-8015-000000000001 1 vastgesteld "Agenda vastgesteld zonder wijzigingen; verslag van 20 augustus vastgesteld." 13:35
item d3e0d3e0-2026-4010-8015-000000000002 2 vastgesteld "Voortgangsrapportage derde kwartaal vastgesteld; de achterstand bij één coöperatie wordt in december toegelicht." 13:58
item d3e0d3e0-2026-4010-8015-000000000004 4 aangehouden "Aangehouden tot de vergunning binnen is; terug op de agenda van december." 14:40
item d3e0d3e0-2026-4010-8015-000000000005 5 aangenomen "Voorstel aangenomen: de gemeente bereidt de geschillenprocedure voor." 15:05 \
  '{"title": "Dossier grondprijs Stationsveld voorbereiden voor de geschillencommissie (demo)", "owner": "gem-demodorp", "due": "2026-11-26"}'
item d3e0d3e0-2026-4010-8015-000000000006 6 vastgesteld "Halfjaarrapportage verduurzaming vastgesteld." 15:30
echo "demo-decisions: the demo meeting of 15 October 2026 has its decisions"
