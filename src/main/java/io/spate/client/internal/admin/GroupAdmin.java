package io.spate.client.internal.admin;

import io.netty.buffer.ByteBuf;
import io.spate.client.AdminConfig;
import io.spate.client.CommittedOffset;
import io.spate.client.ConsumerGroupState;
import io.spate.client.GroupDeletion;
import io.spate.client.GroupDescription;
import io.spate.client.GroupListing;
import io.spate.client.internal.network.GroupCoordinatorLookup;
import io.spate.client.internal.network.Metadata;
import io.spate.client.internal.network.NetworkClient;
import io.spate.protocol.ApiKey;
import io.spate.protocol.DeleteGroupsRequest;
import io.spate.protocol.DeleteGroupsResponse;
import io.spate.protocol.DescribeGroupsRequest;
import io.spate.protocol.DescribeGroupsResponse;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.ListGroupsRequest;
import io.spate.protocol.ListGroupsResponse;
import io.spate.protocol.Message;
import io.spate.protocol.MetadataResponse;
import io.spate.protocol.OffsetCommitRequest;
import io.spate.protocol.OffsetCommitResponse;
import io.spate.protocol.OffsetFetchRequest;
import io.spate.protocol.OffsetFetchResponse;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The consumer-group operations of {@link io.spate.client.SpateAdmin}: each request goes to the group's coordinator
 * (found with FindCoordinator, remembered, rediscovered when it moves), except ListGroups, which asks
 * every node since each node lists only the groups it coordinates. Retriable errors (a moved or
 * loading coordinator, a lost connection) are retried with backoff until {@code default.api.timeout.ms};
 * any other error fails the Future with a {@link SpateException} naming the group.
 *
 * <p>Confined to the admin's context, like the {@link NetworkClient} it uses.
 */
public final class GroupAdmin {
    private final NetworkClient network;
    private final AdminConfig config;
    private final GroupCoordinatorLookup coordinators;

    public GroupAdmin(NetworkClient network, AdminConfig config) {
        this.network = network;
        this.config = config;
        this.coordinators = new GroupCoordinatorLookup(network);
    }

    /** Every group of the cluster, sorted by id. */
    public Future<List<GroupListing>> listGroups() {
        long deadline = deadline();
        return network.withRetries(() -> network.fetchMetadata(List.of()), deadline, "Metadata").compose(md -> {
            List<Future<ListGroupsResponse>> perNode = new ArrayList<>();
            for (MetadataResponse.Broker b : md.brokers()) {
                perNode.add(network.withRetries(() -> listGroupsOn(b.nodeId()), deadline, "ListGroups"));
            }
            return Future.all(perNode).map(all -> {
                Map<String, GroupListing> groups = new TreeMap<>();
                for (ListGroupsResponse r : all.<ListGroupsResponse>list()) {
                    r.groups().forEach(g -> groups.put(g.groupId(), new GroupListing(g.groupId(), g.protocolType(),
                            ConsumerGroupState.parse(g.groupState()))));
                }
                return List.copyOf(groups.values());
            });
        });
    }

    private Future<ListGroupsResponse> listGroupsOn(int nodeId) {
        return network.send(nodeId, ApiKey.LIST_GROUPS, ListGroupsRequest.all(), ListGroupsResponse::readFrom)
                .compose(r -> r.error() == ErrorCode.NONE ? Future.succeededFuture(r)
                        : Future.failedFuture(new SpateException(r.error(), "listing the groups of node " + nodeId
                        + (r.errorMessage() != null ? ": " + r.errorMessage() : ""))));
    }

    /** Each group's description, in the order asked (duplicates once). */
    public Future<Map<String, GroupDescription>> describeGroups(Collection<String> groupIds) {
        return perGroup(groupIds, this::describeGroup);
    }

    private Future<GroupDescription> describeGroup(String groupId) {
        return toCoordinator(groupId, ApiKey.DESCRIBE_GROUPS, new DescribeGroupsRequest(List.of(groupId)),
                DescribeGroupsResponse::readFrom, r -> r.groups().isEmpty() ? ErrorCode.NONE : r.groups().get(0).error())
                .compose(r -> {
                    if (r.groups().size() != 1) {
                        return Future.failedFuture(new SpateException(ErrorCode.UNKNOWN_SERVER_ERROR,
                                "DescribeGroups for '" + groupId + "' answered " + r.groups().size() + " groups"));
                    }
                    DescribeGroupsResponse.Group g = r.groups().get(0);
                    if (g.error() != ErrorCode.NONE) {
                        return Future.failedFuture(groupError(g.error(), g.errorMessage(), "describing", groupId));
                    }
                    return Future.succeededFuture(GroupDescriptions.of(g));
                });
    }

    /** The group's committed offsets: every partition it has committed, in partition order. */
    public Future<Map<TopicPartition, CommittedOffset>> listGroupOffsets(String groupId) {
        return toCoordinator(groupId, ApiKey.OFFSET_FETCH, OffsetFetchRequest.allPartitions(groupId),
                OffsetFetchResponse::readFrom, OffsetFetchResponse::error).compose(r -> {
                    if (r.error() != ErrorCode.NONE) {
                        return Future.failedFuture(groupError(r.error(), r.errorMessage(), "fetching the offsets of",
                                groupId));
                    }
                    Map<TopicPartition, CommittedOffset> out = new TreeMap<>();
                    for (OffsetFetchResponse.Topic t : r.topics()) {
                        for (OffsetFetchResponse.Partition p : t.partitions()) {
                            TopicPartition tp = new TopicPartition(t.name(), p.partition());
                            if (p.error() != ErrorCode.NONE) {
                                return Future.failedFuture(new SpateException(p.error(), "fetching the offset of group '"
                                        + groupId + "' for " + tp + (p.errorMessage() != null ? ": " + p.errorMessage() : "")));
                            }
                            if (p.committedOffset() != OffsetFetchResponse.NO_OFFSET) {
                                out.put(tp, new CommittedOffset(p.committedOffset(), p.metadata()));
                            }
                        }
                    }
                    return Future.succeededFuture(out);
                });
    }

    /**
     * Commits {@code offsets} for the group from outside the group protocol (generation -1, member
     * ""). The coordinator accepts that only while the group has no members.
     */
    public Future<Void> alterGroupOffsets(String groupId, Map<TopicPartition, Long> offsets) {
        Map<String, List<OffsetCommitRequest.Partition>> byTopic = new TreeMap<>();
        for (Map.Entry<TopicPartition, Long> e : new TreeMap<>(offsets).entrySet()) {
            if (e.getValue() < 0) {
                return Future.failedFuture(new IllegalArgumentException("offset " + e.getValue() + " for "
                        + e.getKey() + " is negative"));
            }
            byTopic.computeIfAbsent(e.getKey().topic(), t -> new ArrayList<>()).add(new OffsetCommitRequest.Partition(
                    e.getKey().partition(), e.getValue(), OffsetCommitRequest.UNKNOWN_LEADER_EPOCH, ""));
        }
        List<OffsetCommitRequest.Topic> topics = new ArrayList<>();
        byTopic.forEach((name, partitions) -> topics.add(new OffsetCommitRequest.Topic(name, partitions)));
        OffsetCommitRequest request = new OffsetCommitRequest(groupId, OffsetCommitRequest.NO_GENERATION, "", null, topics);
        return toCoordinator(groupId, ApiKey.OFFSET_COMMIT, request, OffsetCommitResponse::readFrom,
                GroupAdmin::firstError).compose(r -> checkCommit(groupId, r));
    }

    private static ErrorCode firstError(OffsetCommitResponse r) {
        return r.topics().stream().flatMap(t -> t.partitions().stream()).map(OffsetCommitResponse.Partition::error)
                .filter(e -> e != ErrorCode.NONE).findFirst().orElse(ErrorCode.NONE);
    }

    private static Future<Void> checkCommit(String groupId, OffsetCommitResponse r) {
        List<String> failed = new ArrayList<>();
        ErrorCode first = ErrorCode.NONE;
        for (OffsetCommitResponse.Topic t : r.topics()) {
            for (OffsetCommitResponse.Partition p : t.partitions()) {
                if (p.error() != ErrorCode.NONE) {
                    first = first == ErrorCode.NONE ? p.error() : first;
                    failed.add(t.name() + "-" + p.partition() + " (" + p.error() + ")");
                }
            }
        }
        if (first == ErrorCode.NONE) {
            return Future.succeededFuture();
        }
        if (first == ErrorCode.UNKNOWN_MEMBER_ID) {
            // the coordinator's answer to a commit from outside the protocol while members are in the group
            return Future.failedFuture(new SpateException(first, "cannot alter the offsets of group '" + groupId
                    + "': it has active members; offsets can only be altered while the group is empty"));
        }
        return Future.failedFuture(new SpateException(first, "cannot alter the offsets of group '" + groupId
                + "': " + String.join(", ", failed)));
    }

    /** Deletes each group (with its offsets), in the order asked; refusals are results, not failures. */
    public Future<Map<String, GroupDeletion>> deleteGroups(Collection<String> groupIds) {
        return perGroup(groupIds, this::deleteGroup);
    }

    private Future<GroupDeletion> deleteGroup(String groupId) {
        return toCoordinator(groupId, ApiKey.DELETE_GROUPS, new DeleteGroupsRequest(List.of(groupId)),
                DeleteGroupsResponse::readFrom, r -> r.results().isEmpty() ? ErrorCode.NONE : r.results().get(0).error())
                .map(r -> r.results().stream().filter(g -> g.groupId().equals(groupId)).findFirst()
                        .map(g -> new GroupDeletion(groupId, g.error(), g.errorMessage()))
                        .orElse(new GroupDeletion(groupId, ErrorCode.UNKNOWN_SERVER_ERROR, "no result for the group")));
    }

    /** One request per group (each may have another coordinator), all at once; results in request order. */
    private static <T> Future<Map<String, T>> perGroup(Collection<String> groupIds, Function<String, Future<T>> op) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(groupIds));
        List<Future<T>> futures = ids.stream().map(op).toList();
        return Future.all(futures).map(all -> {
            Map<String, T> out = new LinkedHashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                out.put(ids.get(i), all.resultAt(i));
            }
            return out;
        });
    }

    private <T> Future<T> toCoordinator(String groupId, ApiKey key, Message body, Function<ByteBuf, T> reader,
                                        Function<T, ErrorCode> errorOf) {
        if (groupId == null || groupId.isEmpty()) {
            return Future.failedFuture(new SpateException(ErrorCode.INVALID_GROUP_ID, "the group id must not be empty"));
        }
        return coordinators.sendWithRetries(groupId, key, body, reader, errorOf, config.getRequestTimeoutMs(), deadline());
    }

    private static SpateException groupError(ErrorCode error, String message, String doing, String groupId) {
        return new SpateException(error, doing + " group '" + groupId + "': "
                + (message != null ? message : error.message()));
    }

    private long deadline() {
        return network.nowMs() + config.getDefaultApiTimeoutMs();
    }
}
