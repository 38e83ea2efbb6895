#!/usr/bin/env bash
# Area "replicas" for bench/run: the replicas drill (two instances behind HAProxy, one killed with
# kill -9 under load), kept in bench/drills/replicas.sh next to the other drills. About 3 minutes
# (two service starts, 60 s of load); a private PostgreSQL, loopback ports 18091 to 18093.
exec "$(cd "$(dirname "$0")/../drills" && pwd)/replicas.sh" "$@"
