package io.spate.broker.core;

import io.spate.group.CoordinatorLog;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import io.spate.record.RecordBatch;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A coordinator's view of its internal topic: {@code __consumer_offsets} for the group coordinator,
 * {@code __transaction_state} for the transaction coordinator. Appends go straight to the partition
 * writers with {@code acks=all} semantics (answered once fsynced under the default flush policy),
 * and a replay reads a partition from its log start to its log end in chunks. File reads
 * run on a worker; the visitor runs on the context that asked for the replay. The Futures complete
 * on the partition's context; the coordinator hands them back to its own.
 */
public final class InternalTopicLog implements CoordinatorLog, io.spate.txn.TxnStateLog {
    private static final short ACKS_ALL = -1;
    /** The offsetFor spec of the log start offset. */
    private static final long EARLIEST = -2L;
    private static final int READ_CHUNK_BYTES = 1 << 20;

    private final TopicManager topics;
    private final TopicDirectory directory;
    private final String topic;
    private final int configuredPartitions;

    /**
     * @param directory            where the topic's partition count comes from (a node may hold none of its partitions)
     * @param topic                the internal topic ({@link TopicNames#CONSUMER_OFFSETS}, {@link TopicNames#TRANSACTION_STATE})
     * @param configuredPartitions its configured partition count (offsets.topic.num.partitions,
     *                             transaction.state.log.num.partitions): the count a topic not created
     *                             yet will have (a cluster creates it once enough nodes are live)
     */
    public InternalTopicLog(TopicManager topics, TopicDirectory directory, String topic, int configuredPartitions) {
        this.topics = topics;
        this.directory = directory;
        this.topic = topic;
        this.configuredPartitions = configuredPartitions;
    }

    @Override
    public int partitionCount() {
        io.spate.cluster.TopicState t = directory.topic(topic);
        return t == null ? configuredPartitions : t.partitions().size();
    }

    @Override
    public Future<Long> append(int partition, ByteBuffer batch) {
        PartitionWriter w = writer(partition);
        if (w == null) {
            return Future.failedFuture(missing(partition));
        }
        // a coordinator's write: a transactional offset commit carries its producer's id and epoch, not a sequence
        return w.append(batch, ACKS_ALL, io.spate.log.AppendOrigin.COORDINATOR).compose(r -> r.error() == ErrorCode.NONE
                ? Future.succeededFuture(r.baseOffset())
                : Future.failedFuture(new SpateException(r.error(), r.errorMessage())));
    }

    @Override
    public Future<Void> replay(int partition, Consumer<RecordBatch> visitor) {
        PartitionWriter w = writer(partition);
        if (w == null) {
            return Future.failedFuture(missing(partition));
        }
        Context caller = Vertx.currentContext();
        if (caller == null) {
            throw new IllegalStateException("replay must be called on a Vert.x context");
        }
        return w.offsetFor(EARLIEST, false).compose(start -> readFrom(w, caller, start.offset(), visitor));
    }

    private Future<Void> readFrom(PartitionWriter w, Context caller, long offset, Consumer<RecordBatch> visitor) {
        return w.readToLogEnd(offset, READ_CHUNK_BYTES).compose(read -> {
            if (read.error() != ErrorCode.NONE) {
                return Future.failedFuture(new SpateException(read.error(), "replaying " + w.topicPartition()
                        + " from offset " + offset + ": " + read.errorMessage()));
            }
            if (read.records().isEmpty()) {
                return Future.succeededFuture();
            }
            return caller.executeBlocking(() -> read.records().toByteBuffer(), false).compose(buf -> {
                long next = offset;
                for (RecordBatch b : RecordBatch.batches(buf)) {
                    visitor.accept(b);
                    next = b.lastOffset() + 1;
                }
                return readFrom(w, caller, next, visitor);
            });
        });
    }

    private PartitionWriter writer(int partition) {
        Topic t = topics.topic(topic);
        return t == null ? null : t.partition(partition);
    }

    private SpateException missing(int partition) {
        return new SpateException(ErrorCode.COORDINATOR_NOT_AVAILABLE, topic + "-" + partition + " does not exist");
    }
}
