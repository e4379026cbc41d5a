#!/usr/bin/env bash
# One-shot init for real Apache Kafka (docker-compose `kafka-init`): creates the event spine's
# topics and their dead-letter twins with partitions and retention, and re-applies the retention
# to topics that already exist (partitions can only grow, so an existing count is left alone).
# The list must equal ALL_TOPICS + ALL_DLQ_TOPICS of libs/contracts (tools/compose.spec.ts checks it).
# Environment:
#   KAFKA_BOOTSTRAP        host:port of the broker (default kafka:9092)
#   KAFKA_BIN              folder of kafka-topics.sh / kafka-configs.sh (default /opt/kafka/bin)
#   TOPIC_PARTITIONS       partitions per topic (default 4; same as the services' KAFKA_TOPIC_PARTITIONS)
#   TOPIC_RETENTION_MS     domain topics (default 30 days: ops-monitor can rebuild its projections)
#   DLQ_RETENTION_MS       dead-letter topics (default 90 days: they wait for a person to look)
#   TOPIC_REPLICATION      replication factor (default 1: the compose file runs one broker)
set -euo pipefail
bootstrap="${KAFKA_BOOTSTRAP:-kafka:9092}"
bin="${KAFKA_BIN:-/opt/kafka/bin}"
partitions="${TOPIC_PARTITIONS:-4}"
retention="${TOPIC_RETENTION_MS:-2592000000}"
dlq_retention="${DLQ_RETENTION_MS:-7776000000}"
replication="${TOPIC_REPLICATION:-1}"

topics=(
  aidflow.intake.v1
  aidflow.funds.v1
  aidflow.visits.v1
  aidflow.ops.v1
  aidflow.audit.v1
)
dlq_topics=(
  aidflow.intake.v1.dlq
  aidflow.funds.v1.dlq
  aidflow.visits.v1.dlq
  aidflow.ops.v1.dlq
  aidflow.audit.v1.dlq
)

# The broker may accept connections a moment before it serves metadata.
for attempt in $(seq 1 30); do
  "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --list >/dev/null 2>&1 && break
  [[ "$attempt" == 30 ]] && { echo "topics-init: no broker at $bootstrap" >&2; exit 1; }
  sleep 2
done

ensure() { # topic retention_ms
  "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$1" --partitions "$partitions" --replication-factor "$replication" \
    --config "retention.ms=$2" --config cleanup.policy=delete
  "$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --alter --entity-type topics \
    --entity-name "$1" --add-config "retention.ms=$2" >/dev/null
  echo "topics-init: $1 (partitions >= $partitions, retention.ms=$2)"
}

for topic in "${topics[@]}"; do ensure "$topic" "$retention"; done
for topic in "${dlq_topics[@]}"; do ensure "$topic" "$dlq_retention"; done
"$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --describe --topic 'aidflow\..*' | grep -E '^Topic:' || true
