#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests, in a directory of its own, reached only
# through a unix socket in that directory (no TCP port, nothing outside it touched).
#   postgres.sh start DIR PORT   initdb (once) and start; prints the server's URL
#   postgres.sh stop DIR         stop it and remove DIR
# PostgreSQL refuses to run as root: as root it runs as the user "postgres" (the Debian
# package's), otherwise as the caller. Needs Debian's postgresql package (its binaries
# live in /usr/lib/postgresql/<version>/bin).
set -euo pipefail
cmd="${1:?usage: postgres.sh start DIR PORT | stop DIR}"
dir="${2:?usage: postgres.sh start DIR PORT | stop DIR}"
bin=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "postgres.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
as=()
# The superuser is named after the caller, so libpq's default user (the caller's name)
# connects without a user in the URL, also when the server runs as "postgres".
user=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  as=(runuser -u postgres --)
fi
case "$cmd" in
  start)
    port="${3:?usage: postgres.sh start DIR PORT}"
    if [ -f "$dir/data/postmaster.pid" ] && "${as[@]}" "$bin/pg_ctl" -D "$dir/data" status > /dev/null 2>&1; then
      echo "postgresql:///postgres?host=$dir&port=$port"
      exit 0
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    chmod 0755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    "${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U "$user" -E UTF8 --locale=C.UTF-8 --no-sync > "$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # Durability as in production (fsync, synchronous_commit on), but a small server.
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-k $dir -p $port -c listen_addresses='' -c max_connections=300 -c shared_buffers=64MB" start > /dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql:///postgres?host=$dir&port=$port"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop > /dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: postgres.sh start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
