package io.spate.client.internal.admin;

import io.spate.client.AdminConfig;
import io.spate.client.PartitionReassignment;
import io.spate.client.internal.network.Metadata;
import io.spate.client.internal.network.NetworkClient;
import io.spate.protocol.AlterPartitionReassignmentsRequest;
import io.spate.protocol.AlterPartitionReassignmentsResponse;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.ListPartitionReassignmentsRequest;
import io.spate.protocol.ListPartitionReassignmentsResponse;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The partition-reassignment operations of {@link io.spate.client.SpateAdmin} (AlterPartitionReassignments and
 * ListPartitionReassignments), sent to the controller and retried while it moves.
 *
 * <p>Confined to the admin's context, like the {@link NetworkClient} it uses.
 */
public final class ReassignmentAdmin {
    private final NetworkClient network;
    private final AdminConfig config;

    public ReassignmentAdmin(NetworkClient network, AdminConfig config) {
        this.network = network;
        this.config = config;
    }

    public Future<Void> alter(Map<TopicPartition, Optional<List<Integer>>> moves) {
        Map<String, List<AlterPartitionReassignmentsRequest.Partition>> byTopic = new TreeMap<>();
        moves.forEach((tp, target) -> byTopic.computeIfAbsent(tp.topic(), n -> new ArrayList<>())
                .add(new AlterPartitionReassignmentsRequest.Partition(tp.partition(), target.orElse(null))));
        List<AlterPartitionReassignmentsRequest.Topic> topics = new ArrayList<>();
        byTopic.forEach((name, ps) -> topics.add(new AlterPartitionReassignmentsRequest.Topic(name, ps)));
        AlterPartitionReassignmentsRequest request = new AlterPartitionReassignmentsRequest(config.getRequestTimeoutMs(), topics);
        return toController(ApiKey.ALTER_PARTITION_REASSIGNMENTS, () -> network.sendToController(
                ApiKey.ALTER_PARTITION_REASSIGNMENTS, request, AlterPartitionReassignmentsResponse::readFrom, timeout())
                .compose(ReassignmentAdmin::checked));
    }

    private static Future<Void> checked(AlterPartitionReassignmentsResponse resp) {
        if (resp.error() != ErrorCode.NONE) {
            return Future.failedFuture(new SpateException(resp.error(), resp.errorMessage()));
        }
        List<String> refused = new ArrayList<>();
        ErrorCode first = null;
        int accepted = 0;
        for (AlterPartitionReassignmentsResponse.Topic t : resp.topics()) {
            for (AlterPartitionReassignmentsResponse.PartitionResult r : t.partitions()) {
                if (r.error() == ErrorCode.NOT_CONTROLLER) {
                    return Future.failedFuture(new SpateException(r.error(), r.errorMessage()));
                }
                if (r.error() == ErrorCode.NONE) {
                    accepted++;
                } else {
                    first = first != null ? first : r.error();
                    refused.add(r.errorMessage() != null ? r.errorMessage() : t.name() + "-" + r.partition() + " (" + r.error() + ")");
                }
            }
        }
        if (first == null) {
            return Future.succeededFuture();
        }
        return Future.failedFuture(new SpateException(first, "refused: " + String.join("; ", refused)
                + (accepted == 0 ? "" : " (the other " + accepted + " partition(s) were accepted)")));
    }

    public Future<Map<TopicPartition, PartitionReassignment>> list() {
        ListPartitionReassignmentsRequest request = new ListPartitionReassignmentsRequest(config.getRequestTimeoutMs(), null);
        return toController(ApiKey.LIST_PARTITION_REASSIGNMENTS, () -> network.sendToController(
                ApiKey.LIST_PARTITION_REASSIGNMENTS, request, ListPartitionReassignmentsResponse::readFrom, timeout())
                .compose(resp -> {
                    if (resp.error() != ErrorCode.NONE) {
                        return Future.failedFuture(new SpateException(resp.error(), resp.errorMessage()));
                    }
                    Map<TopicPartition, PartitionReassignment> out = new LinkedHashMap<>();
                    resp.topics().forEach(t -> t.partitions().forEach(p -> out.put(new TopicPartition(t.name(), p.partition()),
                            new PartitionReassignment(p.replicas(), p.adding(), p.removing()))));
                    return Future.succeededFuture(out);
                }));
    }

    /** Learns the controller first when unknown, and retries retriable failures until the API timeout. */
    private <T> Future<T> toController(ApiKey key, java.util.function.Supplier<Future<T>> send) {
        return network.withRetries(() -> {
            Future<?> known = network.metadata().controllerId() == Metadata.NO_NODE
                    ? network.fetchMetadata(List.of()) : Future.succeededFuture();
            return known.compose(v -> send.get()).onFailure(err -> {
                if (err instanceof SpateException e && e.error() == ErrorCode.NOT_CONTROLLER) {
                    network.requestMetadataRefresh();
                }
            });
        }, network.nowMs() + config.getDefaultApiTimeoutMs(), key.name());
    }

    private long timeout() {
        return (long) config.getRequestTimeoutMs() + config.getRequestTimeoutMs() / 2;
    }
}
