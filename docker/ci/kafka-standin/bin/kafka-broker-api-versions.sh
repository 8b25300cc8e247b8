#!/bin/bash
# Stand-in for Kafka's kafka-broker-api-versions.sh (the compose stack's broker health check).
exec /opt/kafka/bin/kafka-run-class.sh kafka.admin.BrokerApiVersionsCommand "$@"
