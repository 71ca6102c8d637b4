#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for development the way the tests do: initdb + pg_ctl on a temp directory and a
# free loopback port (as the postgres user when run as root). Prints the connection string; stop it with the
# printed command. Needs Debian's postgresql package (apt-get install postgresql).
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || bin=$(dirname "$(command -v initdb 2>/dev/null || true)")
[ -x "$bin/initdb" ] || { echo "initdb not found: apt-get install postgresql" >&2; exit 1; }
dir=$(mktemp -d /tmp/stratus-pg-XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$dir"
run "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 >/dev/null
run "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -h 127.0.0.1 -k $dir" start >/dev/null
echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
echo "stop: $( [ "$(id -u)" = 0 ] && echo 'runuser -u postgres -- ' )$bin/pg_ctl -D $dir/data stop && rm -rf $dir" >&2
