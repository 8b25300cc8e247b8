#!/bin/bash
# Stand-in for Kafka's connect-distributed.sh: a distributed Connect worker.
export KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xmx1g}
export KAFKA_LOG4J_OPTS=${KAFKA_LOG4J_OPTS:--Dlog4j.configuration=file:/opt/kafka/config/connect-log4j.properties}
exec /opt/kafka/bin/kafka-run-class.sh org.apache.kafka.connect.cli.ConnectDistributed "$@"
