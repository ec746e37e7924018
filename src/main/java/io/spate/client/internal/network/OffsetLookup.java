package io.spate.client.internal.network;

import io.spate.client.OffsetAndTimestamp;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FetchRequest;
import io.spate.protocol.ListOffsetsRequest;
import io.spate.protocol.ListOffsetsResponse;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ListOffsets for many partitions (internal), shared by the consumer and the admin: asks each
 * partition's leader, retries the partitions that failed retriably (after a metadata refresh, with
 * backoff) until the deadline, and fails on the first non-retriable error.
 *
 * <p>Threading: on the {@link NetworkClient}'s context.
 */
public final class OffsetLookup {
    private OffsetLookup() {
    }

    /** The first offset at or after each timestamp with its record's timestamp; null where there is none. */
    public static Future<Map<TopicPartition, OffsetAndTimestamp>> forTimes(NetworkClient network,
                                                                   Map<TopicPartition, Long> timestamps,
                                                                   long deadlineMs) {
        return forTimes(network, timestamps, deadlineMs, FetchRequest.READ_UNCOMMITTED);
    }

    /** {@link #forTimes} for a consumer's isolation level (read_committed: below the last stable offset only). */
    public static Future<Map<TopicPartition, OffsetAndTimestamp>> forTimes(NetworkClient network,
                                                                   Map<TopicPartition, Long> timestamps,
                                                                   long deadlineMs, byte isolationLevel) {
        return lookup(network, timestamps, deadlineMs, isolationLevel).map(results -> {
            Map<TopicPartition, OffsetAndTimestamp> out = new HashMap<>();
            results.forEach((tp, p) -> out.put(tp, p.offset() < 0 ? null : new OffsetAndTimestamp(p.offset(), p.timestamp())));
            return out;
        });
    }

    /** The offset of one spec (-2 earliest / -1 latest) for every partition. */
    public static Future<Map<TopicPartition, Long>> offsets(NetworkClient network, Collection<TopicPartition> tps,
                                                            long spec, long deadlineMs) {
        return offsets(network, tps, spec, deadlineMs, FetchRequest.READ_UNCOMMITTED);
    }

    /** {@link #offsets} for a consumer's isolation level (read_committed: latest is the last stable offset). */
    public static Future<Map<TopicPartition, Long>> offsets(NetworkClient network, Collection<TopicPartition> tps,
                                                            long spec, long deadlineMs, byte isolationLevel) {
        Map<TopicPartition, Long> specs = new HashMap<>();
        tps.forEach(tp -> specs.put(tp, spec));
        return lookup(network, specs, deadlineMs, isolationLevel).map(results -> {
            Map<TopicPartition, Long> out = new HashMap<>();
            results.forEach((tp, p) -> out.put(tp, p.offset()));
            return out;
        });
    }

    /** The answer per partition for {@code specs} (timestamp, or -2 earliest / -1 latest). */
    public static Future<Map<TopicPartition, ListOffsetsResponse.PartitionResponse>> lookup(
            NetworkClient network, Map<TopicPartition, Long> specs, long deadlineMs) {
        return lookup(network, specs, deadlineMs, FetchRequest.READ_UNCOMMITTED);
    }

    /**
     * {@link #lookup} at an isolation level: read_committed asks in ListOffsets version 1, where latest
     * is the last stable offset and a time finds only offsets below it.
     */
    public static Future<Map<TopicPartition, ListOffsetsResponse.PartitionResponse>> lookup(
            NetworkClient network, Map<TopicPartition, Long> specs, long deadlineMs, byte isolationLevel) {
        Map<TopicPartition, ListOffsetsResponse.PartitionResponse> results = new HashMap<>();
        Set<TopicPartition> remaining = new HashSet<>(specs.keySet());
        Set<String> topics = new HashSet<>();
        specs.keySet().forEach(tp -> topics.add(tp.topic()));
        network.addTopics(topics);
        return network.withRetries(() -> attempt(network, specs, remaining, results, isolationLevel), deadlineMs, "ListOffsets")
                .map(v -> results);
    }

    /** One round: succeeds when nothing remains, fails with the first error otherwise. */
    private static Future<Void> attempt(NetworkClient network, Map<TopicPartition, Long> specs,
                                        Set<TopicPartition> remaining,
                                        Map<TopicPartition, ListOffsetsResponse.PartitionResponse> results,
                                        byte isolationLevel) {
        Set<String> topics = new HashSet<>();
        remaining.forEach(tp -> topics.add(tp.topic()));
        Future<?> ready = network.metadata().hasAll(topics) ? Future.succeededFuture() : network.refreshMetadata();
        return ready.compose(v -> {
            Map<Integer, Map<String, List<ListOffsetsRequest.PartitionData>>> byNode = new HashMap<>();
            SpateException firstError = null;
            for (TopicPartition tp : remaining) {
                Metadata.TopicState t = network.metadata().topic(tp.topic());
                if (t != null && t.error() != ErrorCode.NONE) {
                    firstError = firstError != null ? firstError : new SpateException(t.error(), "topic " + tp.topic());
                    continue;
                }
                int leader = network.metadata().leader(tp);
                if (leader == Metadata.NO_NODE) {
                    firstError = firstError != null ? firstError
                            : new SpateException(ErrorCode.LEADER_NOT_AVAILABLE, "no leader known for " + tp);
                    continue;
                }
                byNode.computeIfAbsent(leader, k -> new LinkedHashMap<>())
                        .computeIfAbsent(tp.topic(), k -> new ArrayList<>())
                        .add(new ListOffsetsRequest.PartitionData(tp.partition(), specs.get(tp)));
            }
            List<Future<ListOffsetsResponse>> sent = new ArrayList<>();
            for (Map.Entry<Integer, Map<String, List<ListOffsetsRequest.PartitionData>>> e : byNode.entrySet()) {
                List<ListOffsetsRequest.TopicData> topicData = new ArrayList<>();
                e.getValue().forEach((topic, parts) -> topicData.add(new ListOffsetsRequest.TopicData(topic, parts)));
                sent.add(network.send(e.getKey(), ApiKey.LIST_OFFSETS,
                        new ListOffsetsRequest(-1, topicData, isolationLevel), ListOffsetsResponse::readFrom));
            }
            SpateException before = firstError;
            return Future.join(sent).transform(ar -> collect(sent, remaining, results, before));
        });
    }

    private static Future<Void> collect(List<Future<ListOffsetsResponse>> sent, Set<TopicPartition> remaining,
                                        Map<TopicPartition, ListOffsetsResponse.PartitionResponse> results,
                                        SpateException firstError) {
        SpateException retriable = firstError != null && firstError.retriable() ? firstError : null;
        if (firstError != null && !firstError.retriable()) {
            return Future.failedFuture(firstError);
        }
        for (Future<ListOffsetsResponse> f : sent) {
            if (f.failed()) {
                SpateException e = NetworkClient.asSpate(f.cause());
                if (!e.retriable()) {
                    return Future.failedFuture(e);
                }
                retriable = e;
                continue;
            }
            for (ListOffsetsResponse.TopicResponse t : f.result().topics()) {
                for (ListOffsetsResponse.PartitionResponse p : t.partitions()) {
                    TopicPartition tp = new TopicPartition(t.name(), p.partition());
                    if (!remaining.contains(tp)) {
                        continue;
                    }
                    if (p.error() == ErrorCode.NONE) {
                        results.put(tp, p);
                        remaining.remove(tp);
                    } else {
                        SpateException e = new SpateException(p.error(), p.errorMessage() == null ? tp.toString()
                                : tp + ": " + p.errorMessage());
                        if (!e.retriable()) {
                            return Future.failedFuture(e);
                        }
                        retriable = e;
                    }
                }
            }
        }
        if (remaining.isEmpty()) {
            return Future.succeededFuture();
        }
        return Future.failedFuture(retriable != null ? retriable
                : new SpateException(ErrorCode.UNKNOWN_SERVER_ERROR, "no answer for " + remaining));
    }
}
