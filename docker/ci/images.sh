#!/usr/bin/env bash
# Builds the local stand-ins for images that CI cannot pull (no registry is reachable there), from
# what it can reach: Debian's packages and Maven Central (docs/docker.md, "In CI").
#
#   1. ecr-ci/debian-jre:<hash>  a Debian root file system (debootstrap --variant=minbase, from
#                                the mirror apt uses) with Debian's OpenJDK 17 JRE, docker import;
#   2. ecr-ci/kafka:<kafka.version>-<hash>
#                                that JRE plus Kafka's jars from Maven Central (the pom's
#                                kafka.version) laid out like apache/kafka (/opt/kafka/{bin,libs,
#                                config}, user appuser), with an /etc/kafka/docker/run that honours
#                                the apache/kafka contract Testcontainers' Kafka module relies on.
#
# An image whose tag (a hash of its inputs) exists is not built again. Prints, on stdout, the
# variables that point the tests at the stand-ins, for `eval`:
#   export ECR_IT_KAFKA_IMAGE=ecr-ci/kafka:3.9.2-1a2b3c4d5e6f
# Progress goes to stderr. Needs root (debootstrap, chroot) and a running Docker engine.
set -euo pipefail
cd "$(dirname "$0")/../.."

HERE=docker/ci
WORK=${IMAGES_WORK_DIR:-/var/tmp/ecr-ci-images}
SUITE=bookworm
JRE_PACKAGES="openjdk-17-jre-headless curl ca-certificates"

log() { echo "[images] $*" >&2; }

# The pom's own kafka.version (the first one: the default build, not a profile's).
kafka_version() {
  sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' pom.xml | head -n 1
}

# The Debian mirror apt is configured with (deb822 .sources or one-line sources.list); no other
# host is assumed.
debian_mirror() {
  local uri
  uri=$(awk '
    /^URIs:/ { uris = $2 }
    /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) { print uris; exit } }
    /^$/ { uris = "" }' suite="$SUITE" /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" && $3 == suite { print $2; exit }' suite="$SUITE" /etc/apt/sources.list)
  fi
  if [ -z "$uri" ]; then
    echo "[images] no Debian mirror for $SUITE in /etc/apt/sources.list*" >&2
    exit 1
  fi
  echo "$uri"
}

hash_of() { sha256sum | cut -c1-12; }

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# 1. Debian + JRE, imported from a root file system (no base image to pull).
build_jre_image() {
  local tag=$1 root=$WORK/rootfs mirror
  mirror=$(debian_mirror)
  rm -rf "$root"
  mkdir -p "$root"
  log "debootstrap --variant=minbase $SUITE from $mirror"
  debootstrap --variant=minbase "$SUITE" "$root" "$mirror" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -n 20 "$WORK/debootstrap.log" >&2; exit 1; }
  log "installing $JRE_PACKAGES in the root file system"
  mount -t proc proc "$root/proc"
  # shellcheck disable=SC2086
  if ! chroot "$root" /bin/sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends $JRE_PACKAGES && apt-get clean" \
      >"$WORK/jre.log" 2>&1; then
    umount "$root/proc"
    tail -n 20 "$WORK/jre.log" >&2
    exit 1
  fi
  umount "$root/proc"
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*
  log "docker import -> $tag"
  tar -C "$root" -c . | docker import \
    -c 'ENV LANG=C.UTF-8' -c 'CMD ["/bin/bash"]' - "$tag" >/dev/null
  rm -rf "$root"
}

# 2. Kafka's jars from Maven Central on the JRE image, laid out like apache/kafka.
build_kafka_image() {
  local tag=$1 base=$2 version=$3 context=$WORK/kafka-context
  rm -rf "$context"
  mkdir -p "$context"
  cp -r "$HERE/kafka-standin/." "$context/"
  log "Kafka $version jars from Maven Central"
  mvn -B -q -f "$HERE/kafka-jars/pom.xml" -Dkafka.version="$version" \
    -Dlibs.directory="$context/libs" dependency:copy-dependencies >&2
  log "docker build -> $tag"
  DOCKER_BUILDKIT=0 docker build -q --build-arg BASE_IMAGE="$base" -t "$tag" "$context" >/dev/null
  rm -rf "$context"
}

# Stand-ins of earlier inputs are not used again: remove them, so that the cache does not grow.
remove_other_tags() {
  local repository=$1 keep=$2
  docker image ls --format '{{.Repository}}:{{.Tag}}' "$repository" | grep -vxF "$keep" \
    | xargs -r docker image rm >/dev/null 2>&1 || true
}

main() {
  mkdir -p "$WORK"
  local version jre_tag kafka_tag start=$SECONDS
  version=$(kafka_version)
  jre_tag=ecr-ci/debian-jre:$(echo "$SUITE $JRE_PACKAGES" | hash_of)
  if image_exists "$jre_tag"; then
    log "$jre_tag exists"
  else
    build_jre_image "$jre_tag"
  fi
  kafka_tag=ecr-ci/kafka:$version-$( (echo "$jre_tag $version"; cat "$HERE/kafka-jars/pom.xml";
    find "$HERE/kafka-standin" -type f | sort | xargs cat) | hash_of)
  if image_exists "$kafka_tag"; then
    log "$kafka_tag exists"
  else
    build_kafka_image "$kafka_tag" "$jre_tag" "$version"
  fi
  remove_other_tags ecr-ci/kafka "$kafka_tag"
  remove_other_tags ecr-ci/debian-jre "$jre_tag"
  log "stand-in images ready in $((SECONDS - start)) s"
  echo "export ECR_IT_KAFKA_IMAGE=$kafka_tag"
}

main "$@"
