package io.spate.replication;

import io.spate.protocol.FetchRequest;
import io.spate.protocol.FetchResponse;
import io.spate.protocol.OffsetForLeaderEpochRequest;
import io.spate.protocol.OffsetForLeaderEpochResponse;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A named fault-injection point of a node's replica fetchers, armed only by tests: while a
 * partition is {@link #hold held}, the node's fetchers leave it out of their Fetch requests, as if
 * this follower had frozen while its node stays a live member (the leader hears nothing of it: no
 * log end, no log start). A fetch left with no partition waits its max wait and answers nothing,
 * as a leader with nothing new would. Unarmed (nothing held) it passes every request through.
 *
 * <p>Thread-safe: tests arm it from their own thread; the fetchers read it on their contexts.
 */
public final class ReplicaFetchProbe {
    private final Set<TopicPartition> held = ConcurrentHashMap.newKeySet();

    /** From the next fetch on, {@code tp} is not fetched on this node. */
    public void hold(TopicPartition tp) {
        held.add(tp);
    }

    /** {@code tp} is fetched again from the next fetch on. */
    public void release(TopicPartition tp) {
        held.remove(tp);
    }

    /** {@code client} with this probe in front of its fetches; {@code vertx} times the empty answers. */
    public LeaderClient wrap(LeaderClient client, Vertx vertx) {
        return new LeaderClient() {
            @Override
            public Future<FetchResponse> fetch(FetchRequest request) {
                if (held.isEmpty()) {
                    return client.fetch(request);
                }
                List<FetchRequest.TopicData> left = request.topics().stream().map(t -> new FetchRequest.TopicData(t.name(),
                        t.partitions().stream().filter(p -> !held.contains(new TopicPartition(t.name(), p.partition())))
                                .toList())).filter(t -> !t.partitions().isEmpty()).toList();
                if (!left.isEmpty()) {
                    return client.fetch(new FetchRequest(request.replicaId(), request.maxWaitMs(), request.minBytes(),
                            request.maxBytes(), left, request.isolationLevel()));
                }
                Promise<FetchResponse> nothing = Promise.promise();
                vertx.setTimer(Math.max(1, request.maxWaitMs()), id -> nothing.complete(new FetchResponse(List.of())));
                return nothing.future();
            }

            @Override
            public Future<OffsetForLeaderEpochResponse> offsetForLeaderEpoch(OffsetForLeaderEpochRequest request) {
                return client.offsetForLeaderEpoch(request);
            }

            @Override
            public Future<Void> close() {
                return client.close();
            }
        };
    }
}
