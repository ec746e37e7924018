package io.spate.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.spate.log.PartitionLog;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FetchRequest;
import io.spate.protocol.FetchResponse;
import io.spate.protocol.Message;
import io.spate.protocol.OffsetForLeaderEpochRequest;
import io.spate.protocol.OffsetForLeaderEpochResponse;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An in-process leader for {@link ReplicaFetcher} tests: real {@link PartitionLog}s owned by its own
 * context, answered as a leader node would (epoch fencing, replica reads up to the log end, a long
 * poll of max wait when there is no data), with failures to inject: whole requests failing as a lost
 * connection, a partition error, a corrupted batch. Records every request it gets.
 */
final class FakeLeader implements LeaderClient {
    private final LoopContext context;
    private final Map<TopicPartition, PartitionLog> logs = new ConcurrentHashMap<>();
    private final Map<TopicPartition, ErrorCode> errors = new ConcurrentHashMap<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger corruptNext = new AtomicInteger();
    private final OffsetForLeaderEpochHandler epochs;
    final List<Message> requests = new CopyOnWriteArrayList<>();
    volatile int leaderEpoch;

    FakeLeader(LoopContext context, int leaderEpoch) {
        this.context = context;
        this.leaderEpoch = leaderEpoch;
        this.epochs = new OffsetForLeaderEpochHandler((t, p) -> logs.get(new TopicPartition(t, p)),
                (t, p) -> this.leaderEpoch);
    }

    void add(TopicPartition tp, PartitionLog log) {
        logs.put(tp, log);
    }

    /** The next {@code n} requests fail as if the connection dropped. */
    void failNextRequests(int n) {
        failNext.set(n);
    }

    /** Answers {@code tp} with {@code error} (null: answer normally again). */
    void answer(TopicPartition tp, ErrorCode error) {
        if (error == null) {
            errors.remove(tp);
        } else {
            errors.put(tp, error);
        }
    }

    /** Flips a byte in the last batch of the next {@code n} non-empty fetch answers. */
    void corruptNextFetches(int n) {
        corruptNext.set(n);
    }

    long fetchCount() {
        return requests.stream().filter(r -> r instanceof FetchRequest).count();
    }

    List<OffsetForLeaderEpochRequest> epochRequests() {
        return requests.stream().filter(r -> r instanceof OffsetForLeaderEpochRequest)
                .map(r -> (OffsetForLeaderEpochRequest) r).toList();
    }

    private <T> Future<T> onLeader(Supplier<Future<T>> work) {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> work.get().onComplete(p));
        return p.future();
    }

    private <T> Future<T> maybeFail() {
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return Future.failedFuture(new SpateException(ErrorCode.NETWORK_EXCEPTION, "injected: connection lost"));
        }
        return null;
    }

    @Override
    public Future<OffsetForLeaderEpochResponse> offsetForLeaderEpoch(OffsetForLeaderEpochRequest request) {
        requests.add(request);
        return onLeader(() -> {
            Future<OffsetForLeaderEpochResponse> failed = maybeFail();
            return failed != null ? failed : Future.succeededFuture(epochs.handle(request));
        });
    }

    @Override
    public Future<FetchResponse> fetch(FetchRequest request) {
        requests.add(request);
        return onLeader(() -> {
            Future<FetchResponse> failed = maybeFail();
            if (failed != null) {
                return failed;
            }
            FetchResponse now = answer(request);
            if (hasData(now) || request.maxWaitMs() == 0) {
                return Future.succeededFuture(now);
            }
            Promise<FetchResponse> later = Promise.promise();
            context.setTimer(request.maxWaitMs(), id -> later.complete(answer(request)));
            return later.future();
        });
    }

    private static boolean hasData(FetchResponse r) {
        return r.topics().stream().flatMap(t -> t.partitions().stream())
                .anyMatch(p -> p.error() != ErrorCode.NONE || p.records() != null && p.records().readableBytes() > 0);
    }

    private FetchResponse answer(FetchRequest request) {
        List<FetchResponse.TopicData> topics = new ArrayList<>();
        for (FetchRequest.TopicData t : request.topics()) {
            List<FetchResponse.PartitionData> parts = new ArrayList<>();
            for (FetchRequest.PartitionData p : t.partitions()) {
                parts.add(answer(new TopicPartition(t.name(), p.partition()), p));
            }
            topics.add(new FetchResponse.TopicData(t.name(), parts));
        }
        return new FetchResponse(topics);
    }

    private FetchResponse.PartitionData answer(TopicPartition tp, FetchRequest.PartitionData p) {
        PartitionLog log = logs.get(tp);
        ErrorCode error = errors.get(tp);
        if (error == null && log == null) {
            error = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        } else if (error == null && p.currentLeaderEpoch() >= 0 && p.currentLeaderEpoch() != leaderEpoch) {
            error = p.currentLeaderEpoch() < leaderEpoch ? ErrorCode.FENCED_LEADER_EPOCH : ErrorCode.UNKNOWN_LEADER_EPOCH;
        } else if (error == null && (p.fetchOffset() < log.logStartOffset() || p.fetchOffset() > log.logEndOffset())) {
            error = ErrorCode.OFFSET_OUT_OF_RANGE;
        }
        if (error != null) {
            long hw = log == null ? -1 : log.highWatermark();
            long start = log == null ? -1 : log.logStartOffset();
            return new FetchResponse.PartitionData(p.partition(), error, "injected or checked", hw, start, null);
        }
        ByteBuffer read = log.read(p.fetchOffset(), p.partitionMaxBytes(), log.logEndOffset(), true).toByteBuffer();
        ByteBuf records = Unpooled.wrappedBuffer(read);
        if (records.readableBytes() > 0 && corruptNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            int last = records.writerIndex() - 1;
            records.setByte(last, records.getByte(last) ^ 0x20);
        }
        return new FetchResponse.PartitionData(p.partition(), ErrorCode.NONE, null, log.highWatermark(),
                log.logStartOffset(), records);
    }

    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }
}
