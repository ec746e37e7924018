package io.spate.broker.core;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The partition leaders' side of transactions, protocol-free: WriteTxnMarkers (a transaction coordinator
 * asks this node to end a producer's transaction in the partitions it leads) and DescribeProducers.
 *
 * <p>Each marker is appended by the partition's writer ({@link PartitionWriter#appendTxnMarker}) and
 * answered once committed, like an acks=all produce; then every {@link TxnMarkerListener} is told, on the
 * partition's context. Markers go to internal topics too ({@code __consumer_offsets}): they are the
 * node's own writes. May be called from any context.
 */
public final class TxnMarkers {
    private static final System.Logger LOG = System.getLogger(TxnMarkers.class.getName());

    private final Function<TopicPartition, PartitionWriter> writers;
    private final List<TxnMarkerListener> listeners = new CopyOnWriteArrayList<>();

    TxnMarkers(Function<TopicPartition, PartitionWriter> writers) {
        this.writers = writers;
    }

    void addListener(TxnMarkerListener listener) {
        listeners.add(listener);
    }

    /**
     * Writes every marker in every partition it names: per marker (in order) and partition, NONE once the
     * marker is committed, or the refusal (UNKNOWN_TOPIC_OR_PARTITION, NOT_LEADER_OR_FOLLOWER,
     * INVALID_PRODUCER_EPOCH, TRANSACTION_COORDINATOR_FENCED, KAFKA_STORAGE_ERROR, NOT_ENOUGH_REPLICAS...).
     * One partition's failure never fails the others.
     */
    public Future<List<Map<TopicPartition, ErrorCode>>> write(List<TxnMarker> markers) {
        List<Future<Map<TopicPartition, ErrorCode>>> all = new ArrayList<>(markers.size());
        for (TxnMarker m : markers) {
            Map<TopicPartition, Future<ErrorCode>> pending = new LinkedHashMap<>();
            for (TopicPartition tp : m.partitions()) {
                pending.putIfAbsent(tp, writeOne(tp, m));
            }
            all.add(Broker.collect(pending, err -> ErrorCode.UNKNOWN_SERVER_ERROR));
        }
        return Future.all(all).map(done -> {
            List<Map<TopicPartition, ErrorCode>> out = new ArrayList<>(all.size());
            all.forEach(f -> out.add(f.result()));
            return out;
        });
    }

    private Future<ErrorCode> writeOne(TopicPartition tp, TxnMarker m) {
        PartitionWriter w = writers.apply(tp);
        if (w == null) {
            return Future.succeededFuture(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        }
        return w.appendTxnMarker(m.producerId(), m.producerEpoch(), m.committed(), m.coordinatorEpoch()).map(r -> {
            if (r.error() == ErrorCode.NONE) {
                tell(tp, m);
            }
            return r.error();
        });
    }

    private void tell(TopicPartition tp, TxnMarker m) {
        for (TxnMarkerListener l : listeners) {
            try {
                l.markerCommitted(tp, m.producerId(), m.committed());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a transaction marker listener failed on " + tp + " (producer "
                        + m.producerId() + ")", e);
            }
        }
    }

    /** The producers of each partition, from its leader's producer state (DescribeProducers). */
    public Future<Map<TopicPartition, DescribedProducers>> describeProducers(List<TopicPartition> partitions) {
        Map<TopicPartition, Future<DescribedProducers>> pending = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionWriter w = writers.apply(tp);
            pending.putIfAbsent(tp, w == null ? Future.succeededFuture(DescribedProducers.failed(
                    ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic-partition " + tp + " does not exist"))
                    : w.describeProducers());
        }
        return Broker.collect(pending, err -> DescribedProducers.failed(ErrorCode.UNKNOWN_SERVER_ERROR, String.valueOf(err)));
    }
}
