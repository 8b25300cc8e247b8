#!/bin/bash
# Stand-in for Kafka's kafka-run-class.sh: runs a class with Kafka's jars on the class path, with
# the same environment variables for JVM options.
exec java ${KAFKA_HEAP_OPTS:--Xmx256m} ${KAFKA_JVM_PERFORMANCE_OPTS:-} \
  ${KAFKA_LOG4J_OPTS:--Dlog4j.configuration=file:/opt/kafka/config/tools-log4j.properties} \
  ${KAFKA_OPTS:-} -cp "/opt/kafka/libs/*${CLASSPATH:+:$CLASSPATH}" "$@"
