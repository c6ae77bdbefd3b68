#!/usr/bin/env bash
# Makes the sample besluitenlijst in docs/: starts the hub on the demo board, records a few
# decisions of the December meeting through the API (as a kiosk would), exports the list
# and renders its first page.
#   scripts/sample-besluitenlijst.sh [BUILD_DIR]     (default: build)
# Writes docs/samples/besluitenlijst-demo.{pdf,csv,md} and docs/screens/besluitenlijst.png.
# Needs curl and pdftoppm (poppler-utils, scripts/install-deps.sh).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
hub="$build/server/regiebord-hub"
[ -x "$hub" ] || { echo "sample-besluitenlijst: no $hub (build the regiebord-hub target)" >&2; exit 1; }
command -v pdftoppm >/dev/null || { echo "sample-besluitenlijst: pdftoppm missing (poppler-utils)" >&2; exit 1; }

work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# -c /dev/null: this hub reads no /etc/regiebord-hub/hub.toml of the machine.
"$hub" -c /dev/null --db "$work/hub.db" serve --demo --listen 127.0.0.1:0 --port-file "$work/port" \
  >"$work/hub.log" 2>&1 &
pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { cat "$work/hub.log" >&2; echo "sample-besluitenlijst: the hub did not start" >&2; exit 1; }
url="http://127.0.0.1:$(cat "$work/port")/v1/boards/demo-regio/decisions"

decide() { # KEY BODY
  curl -sS --fail-with-body -o /dev/null -X POST "$url" -H "Authorization: Bearer demo-token-not-secret" \
    -H "Content-Type: application/json" -H "Idempotency-Key: $1" --data-binary "$2"
}
m='"meeting_id": "mtg-2026-12", "decided_by": "Voorzitter (demo)"'
decide 6f1d8a52-0c3b-4e7a-9d21-5b8e3f4a7c01 \
  "{\"escalation_id\": null, \"agenda_item\": 1, \"outcome\": \"vastgesteld\", $m,
    \"note\": \"Besluitenlijst van 15 oktober 2026 ongewijzigd vastgesteld.\", \"decided_at\": \"2026-12-10T13:36:00Z\"}"
decide 6f1d8a52-0c3b-4e7a-9d21-5b8e3f4a7c02 \
  "{\"escalation_id\": null, \"agenda_item\": 2, \"outcome\": \"aangenomen\", $m,
    \"note\": \"De stuurgroep neemt de voortgangsrapportage over; één coöperatie levert haar cijfers later aan.\",
    \"decided_at\": \"2026-12-10T13:52:00Z\",
    \"action\": {\"title\": \"Productiecijfers Woningcoöperatie Demohuis over 2026 aanleveren (demo)\",
                 \"owner\": \"corp-demohuis\", \"due\": \"2027-01-31\"}}"
decide 6f1d8a52-0c3b-4e7a-9d21-5b8e3f4a7c03 \
  "{\"escalation_id\": \"esc-02\", \"outcome\": \"option\", \"option_id\": \"esc-02-d\", $m,
    \"note\": \"Evaluatie na een half jaar; Gemeente Voorbeeldstad trekt het contingent.\",
    \"decided_at\": \"2026-12-10T14:11:00Z\"}"
decide 6f1d8a52-0c3b-4e7a-9d21-5b8e3f4a7c04 \
  "{\"escalation_id\": \"esc-04\", \"outcome\": \"aangehouden\", $m,
    \"note\": \"Eerst een second opinion op de onrendabele top; terug in de vergadering van februari.\",
    \"decided_at\": \"2026-12-10T14:29:00Z\"}"
decide 6f1d8a52-0c3b-4e7a-9d21-5b8e3f4a7c05 \
  "{\"escalation_id\": \"esc-03\", \"outcome\": \"doorverwezen\", $m,
    \"note\": \"Geëscaleerd naar het bestuurlijk overleg: de tarieven vragen een besluit van de wethouders.\",
    \"decided_at\": \"2026-12-10T14:47:00Z\"}"
# An escalation that is not on this meeting's agenda: "Overige besluiten".
decide 6f1d8a52-0c3b-4e7a-9d21-5b8e3f4a7c06 \
  "{\"escalation_id\": \"esc-12\", \"outcome\": \"akkoord\", $m,
    \"note\": \"Corporaties leveren de labelstappen Q3 alsnog vóór 15 januari aan.\",
    \"decided_at\": \"2026-12-10T15:20:00Z\",
    \"action\": {\"title\": \"Monitoringgegevens labelstappen Q3 aanleveren (demo)\",
                 \"owner\": \"corp-voorbeeld\", \"due\": \"2027-01-15\"}}"

mkdir -p "$root/docs/samples" "$root/docs/screens"
"$hub" -c /dev/null --db "$work/hub.db" besluitenlijst mtg-2026-12 --board demo-regio \
  --pdf "$root/docs/samples/besluitenlijst-demo.pdf" --csv "$root/docs/samples/besluitenlijst-demo.csv" \
  --md "$root/docs/samples/besluitenlijst-demo.md"
pdftoppm -r 80 -png -f 1 -l 1 -singlefile "$root/docs/samples/besluitenlijst-demo.pdf" \
  "$root/docs/screens/besluitenlijst"
echo "sample-besluitenlijst: docs/samples/besluitenlijst-demo.pdf, docs/screens/besluitenlijst.png"
