#!/usr/bin/env bash
# A Docker engine for CI on a Debian machine without one (docs/docker.md, "In CI").
#
#   docker/ci/engine.sh up     installs Debian's engine when none is installed (docker.io, plus
#                              debootstrap for docker/ci/images.sh and docker-compose 1.29), and
#                              starts dockerd when no engine answers; prints what it did.
#   docker/ci/engine.sh down   stops the dockerd that `up` started, and nothing else.
#
# An engine is detected by `docker info` answering (or a dockerd binary to start): a client-only
# `docker` binary is on every machine and proves nothing. Needs root (apt-get, dockerd) only when
# something must be installed or started.
set -euo pipefail

STATE_DIR=${ENGINE_STATE_DIR:-/tmp/ecr-ci-engine}
STARTED_PID_FILE=$STATE_DIR/dockerd.started-by-ci
DOCKERD_LOG=$STATE_DIR/dockerd.log
DOCKERD_PID_FILE=/var/run/docker.pid
START_TIMEOUT_S=${ENGINE_START_TIMEOUT_S:-60}

log() { echo "[engine] $*"; }

engine_answers() { docker info >/dev/null 2>&1; }

# Packages for the engine, the stand-in images (debootstrap) and the compose stack.
install_engine() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  if [ "${#missing[@]}" -eq 0 ]; then
    return
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "[engine] ${missing[*]} missing and not root: install them, or run as root" >&2
    exit 1
  fi
  log "installing ${missing[*]} from Debian (apt-get)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# A pid file left by a dockerd that no longer runs makes the next dockerd refuse to start.
clear_stale_pid_file() {
  if [ -f "$DOCKERD_PID_FILE" ]; then
    local pid
    pid=$(cat "$DOCKERD_PID_FILE" 2>/dev/null || true)
    if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
      log "removing stale $DOCKERD_PID_FILE (pid '${pid}' is not running)"
      rm -f "$DOCKERD_PID_FILE"
    fi
  fi
}

start_dockerd() {
  mkdir -p "$STATE_DIR"
  clear_stale_pid_file
  log "starting dockerd (log: $DOCKERD_LOG)"
  dockerd >"$DOCKERD_LOG" 2>&1 &
  local pid=$!
  echo "$pid" >"$STARTED_PID_FILE"
  local deadline=$((SECONDS + START_TIMEOUT_S))
  until engine_answers; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$STARTED_PID_FILE"
      echo "[engine] dockerd exited; last lines of $DOCKERD_LOG:" >&2
      tail -n 20 "$DOCKERD_LOG" >&2
      exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "[engine] dockerd (pid $pid) did not answer within ${START_TIMEOUT_S} s" >&2
      tail -n 20 "$DOCKERD_LOG" >&2
      exit 1
    fi
    sleep 1
  done
  log "dockerd $pid answers: $(docker info --format '{{.ServerVersion}}, storage {{.Driver}}')"
}

up() {
  if engine_answers && command -v debootstrap >/dev/null 2>&1; then
    log "an engine answers ($(docker info --format '{{.ServerVersion}}')); nothing to start"
    return
  fi
  install_engine
  if engine_answers; then
    log "an engine answers ($(docker info --format '{{.ServerVersion}}')); nothing to start"
  else
    start_dockerd
  fi
}

down() {
  [ -f "$STARTED_PID_FILE" ] || return 0
  local pid deadline
  pid=$(cat "$STARTED_PID_FILE")
  rm -f "$STARTED_PID_FILE"
  kill -0 "$pid" 2>/dev/null || return 0
  log "stopping dockerd $pid (started by engine.sh up)"
  kill -TERM "$pid"
  deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "[engine] dockerd $pid still running after 30 s; sending KILL" >&2
    kill -KILL "$pid" || true
  fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
