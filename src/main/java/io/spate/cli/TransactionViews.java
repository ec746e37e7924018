package io.spate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spate.client.ProducerState;
import io.spate.client.TransactionDescription;
import io.spate.client.TransactionListing;
import io.spate.protocol.TopicPartition;
import java.util.List;

/**
 * How the {@code spate transactions} commands show transactions: text and JSON. Pure functions of
 * their arguments; a time or offset that is not there shows as {@code -} in text and null in JSON.
 */
final class TransactionViews {
    private TransactionViews() {
    }

    /** TRANSACTIONAL-ID, PRODUCER-ID, STATE, one row per id, in the order given. */
    static Table listTable(List<TransactionListing> listed) {
        Table table = new Table("transactional-id", "producer-id", "state");
        listed.forEach(t -> table.row(t.transactionalId(), t.producerId(), t.state()));
        return table;
    }

    /** {@code {"transactions": [{"transactionalId", "producerId", "state"}]}}. */
    static ObjectNode listJson(List<TransactionListing> listed) {
        ObjectNode root = Json.object();
        ArrayNode array = root.putArray("transactions");
        listed.forEach(t -> array.addObject().put("transactionalId", t.transactionalId()).put("producerId", t.producerId())
                .put("state", t.state()));
        return root;
    }

    static String describeText(TransactionDescription d) {
        StringBuilder out = new StringBuilder();
        out.append("Transactional id: ").append(d.transactionalId()).append('\n');
        out.append("Coordinator:      ").append(d.coordinatorId()).append('\n');
        out.append("State:            ").append(d.state()).append('\n');
        out.append("Producer:         ").append(d.producerId()).append(" (epoch ").append(d.producerEpoch()).append(")\n");
        out.append("Timeout:          ").append(d.timeoutMs()).append(" ms\n");
        out.append("Started:          ").append(d.startTimeMs() < 0 ? "-" : java.time.Instant.ofEpochMilli(d.startTimeMs()))
                .append('\n');
        Table partitions = new Table("topic", "partition");
        d.partitions().forEach(tp -> partitions.row(tp.topic(), tp.partition()));
        out.append("\nPARTITIONS\n").append(partitions.render());
        return out.toString();
    }

    /** {@code {"transactionalId", "coordinator", "state", "producerId", "producerEpoch", "timeoutMs", "startTimeMs", "partitions": [{"topic", "partition"}]}}. */
    static ObjectNode describeJson(TransactionDescription d) {
        ObjectNode root = Json.object().put("transactionalId", d.transactionalId()).put("coordinator", d.coordinatorId())
                .put("state", d.state()).put("producerId", d.producerId()).put("producerEpoch", d.producerEpoch())
                .put("timeoutMs", d.timeoutMs());
        if (d.startTimeMs() < 0) {
            root.putNull("startTimeMs");
        } else {
            root.put("startTimeMs", d.startTimeMs());
        }
        ArrayNode parts = root.putArray("partitions");
        d.partitions().forEach(tp -> parts.addObject().put("topic", tp.topic()).put("partition", tp.partition()));
        return root;
    }

    /** {@code {"topic", "partition", "startOffset", "producerId", "producerEpoch", "coordinatorEpoch"}}. */
    static ObjectNode abortJson(TopicPartition tp, long startOffset, ProducerState p) {
        return Json.object().put("topic", tp.topic()).put("partition", tp.partition()).put("startOffset", startOffset)
                .put("producerId", p.producerId()).put("producerEpoch", p.producerEpoch())
                .put("coordinatorEpoch", p.coordinatorEpoch());
    }

    /** PRODUCER-ID, EPOCH, LAST-SEQUENCE, LAST-TIMESTAMP, COORDINATOR-EPOCH, TXN-START-OFFSET ({@code -}: none open). */
    static Table producersTable(List<ProducerState> producers) {
        Table table = new Table("producer-id", "epoch", "last-sequence", "last-timestamp", "coordinator-epoch",
                "txn-start-offset");
        producers.forEach(p -> table.row(p.producerId(), p.producerEpoch(), p.lastSequence(),
                p.lastTimestamp() < 0 ? "-" : java.time.Instant.ofEpochMilli(p.lastTimestamp()),
                p.coordinatorEpoch() < 0 ? "-" : p.coordinatorEpoch(),
                p.currentTransactionStartOffset() < 0 ? "-" : p.currentTransactionStartOffset()));
        return table;
    }

    /** {@code {"topic", "partition", "producers": [{"producerId", "producerEpoch", "lastSequence", "lastTimestamp", "coordinatorEpoch", "currentTransactionStartOffset"}]}} (-1: none). */
    static ObjectNode producersJson(TopicPartition tp, List<ProducerState> producers) {
        ObjectNode root = Json.object().put("topic", tp.topic()).put("partition", tp.partition());
        ArrayNode array = root.putArray("producers");
        producers.forEach(p -> array.addObject().put("producerId", p.producerId()).put("producerEpoch", p.producerEpoch())
                .put("lastSequence", p.lastSequence()).put("lastTimestamp", p.lastTimestamp())
                .put("coordinatorEpoch", p.coordinatorEpoch())
                .put("currentTransactionStartOffset", p.currentTransactionStartOffset()));
        return root;
    }
}
