# Runs the Connect worker JVM ("$@") for ./run (and, with --avro, the schema registry's). Ctrl-C
# goes to ./run alone (SIGINT is ignored here and so in the JVM), and ./run stops the worker before
# the broker it needs. The worker gets SIGTERM, its graceful stop, when standard input ends (./run
# closed it, or ./run died however it died) or when this wrapper gets SIGTERM. Exits with the
# worker's status. POSIX shell only.
trap '' INT
exec 3<&0
"$@" </dev/null 3<&- &
worker=$!
trap 'kill -TERM "$worker" 2>/dev/null' TERM
( while read -r _ <&3; do :; done; kill -TERM "$worker" 2>/dev/null ) &
watcher=$!
exec 3<&-
wait "$worker"
status=$?
while kill -0 "$worker" 2>/dev/null; do # woken by the TERM trap: wait for the worker to end
  wait "$worker"
  status=$?
done
kill "$watcher" 2>/dev/null
wait "$watcher" 2>/dev/null
exit "$status"
