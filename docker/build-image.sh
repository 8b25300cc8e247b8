#!/usr/bin/env bash
# Builds the Connect worker image of docker/Dockerfile from the plugin archive that `mvn package`
# made (run that first), with Docker's classic builder:
#   1. unpacks the archive into target/docker/plugins/;
#   2. fetches the Avro converter into target/docker/avro-converter/$AVRO_CONVERTER/ with Maven;
#   3. docker build -f docker/Dockerfile (the repository root as context; .dockerignore lets only
#      target/docker/ and the worker config through).
# Environment (all optional):
#   AVRO_CONVERTER  confluent (default; needs Confluent's Maven repository) or apicurio (Maven
#                   Central only)
#   BASE_IMAGE      default apache/kafka:<kafka.version of pom.xml>
#   IMAGE           default ecrconnect/kafka-connect-ecr-pull-through-cache:local, the name
#                   docker/docker-compose.yml runs
set -euo pipefail
cd "$(dirname "$0")/.."

kafka_version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' pom.xml | head -n 1)
AVRO_CONVERTER=${AVRO_CONVERTER:-confluent}
BASE_IMAGE=${BASE_IMAGE:-apache/kafka:$kafka_version}
IMAGE=${IMAGE:-ecrconnect/kafka-connect-ecr-pull-through-cache:local}

archive=$(ls target/components/packages/*.zip 2>/dev/null | head -n 1 || true)
if [ -z "$archive" ]; then
  echo "[image] no plugin archive under target/components/packages: run mvn -B package first" >&2
  exit 1
fi

rm -rf target/docker
mkdir -p target/docker/plugins "target/docker/avro-converter/$AVRO_CONVERTER"
(cd target/docker/plugins && "${JAVA_HOME:+$JAVA_HOME/bin/}jar" xf "../../../$archive")
echo "[image] plugin: $archive"

echo "[image] Avro converter: $AVRO_CONVERTER"
mvn -B -q -f docker/avro-converter/pom.xml -P"$AVRO_CONVERTER" \
  -Dplugin.directory="$PWD/target/docker/avro-converter/$AVRO_CONVERTER/lib" \
  dependency:copy-dependencies

echo "[image] docker build $IMAGE on $BASE_IMAGE"
DOCKER_BUILDKIT=0 docker build -q -f docker/Dockerfile \
  --build-arg KAFKA_VERSION="$kafka_version" \
  --build-arg BASE_IMAGE="$BASE_IMAGE" \
  --build-arg AVRO_CONVERTER="$AVRO_CONVERTER" \
  -t "$IMAGE" . >/dev/null
echo "[image] built $IMAGE"
