#!/bin/sh
# Runs a command (the Neo4j JVM) and makes sure it never outlives its owner process.
# usage: watchdog.sh <owner-pid> <pid-file> <cleanup-dir-or-empty> <command...>
# - SIGTERM/SIGINT/SIGHUP to the watchdog are forwarded to the command (clean Neo4j shutdown).
# - When the owner disappears (even after SIGKILL), the command gets SIGTERM, then SIGKILL after 60 s.
# - After the command exits, <cleanup-dir> (a throwaway test store) is removed when given.
owner=$1; pidfile=$2; cleanup=$3; shift 3
"$@" &
child=$!
echo "$child" > "$pidfile"
stop_child() { kill -TERM "$child" 2>/dev/null; }
trap stop_child TERM INT HUP
while kill -0 "$child" 2>/dev/null; do
  if ! kill -0 "$owner" 2>/dev/null; then
    stop_child
    n=0
    while kill -0 "$child" 2>/dev/null && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done
    kill -KILL "$child" 2>/dev/null
    break
  fi
  sleep 0.5 &
  wait $! 2>/dev/null
done
wait "$child" 2>/dev/null
status=$?
rm -f "$pidfile"
if [ -n "$cleanup" ]; then rm -rf "$cleanup"; fi
exit $status
