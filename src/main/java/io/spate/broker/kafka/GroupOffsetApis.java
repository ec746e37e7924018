package io.spate.broker.kafka;

import io.spate.broker.core.TopicDirectory;
import io.spate.cluster.TopicState;
import io.spate.group.GroupCoordinator;
import io.spate.group.OffsetCommit;
import io.spate.group.OffsetFetchResult;
import io.spate.group.StoredOffset;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetFetchRequest;

/**
 * Kafka's classic group protocol, offsets side: OffsetCommit, OffsetFetch and OffsetDelete on the
 * protocol-free {@link GroupCoordinator}. As in Kafka, a commit or deletion for a topic or partition
 * that does not exist is answered UNKNOWN_TOPIC_OR_PARTITION for that partition and never reaches
 * the coordinator. OffsetFetch v8+ fetches several groups at once, each answered on its own;
 * with require_stable (v7+, KIP-447) a partition whose transactional offset still waits for its
 * marker answers UNSTABLE_OFFSET_COMMIT. Runs on the connection's context.
 */
final class GroupOffsetApis {
    private final TopicDirectory directory;
    private final GroupCoordinator coordinator;

    GroupOffsetApis(TopicDirectory directory, GroupCoordinator coordinator) {
        this.directory = directory;
        this.coordinator = coordinator;
    }

    /**
     * OffsetCommit v2+: generation -1 with member "" commits from outside the group protocol (admin
     * tools, assigned consumers). v2-4's retention time is ignored (Spate keeps offsets for
     * offsets.retention.minutes, as Kafka since v5).
     */
    Future<ApiMessage> offsetCommit(KafkaRequest request) {
        OffsetCommitRequestData req = request.body(OffsetCommitRequest.class).data();
        OffsetCommitResponseData out = new OffsetCommitResponseData();
        Map<String, OffsetCommitResponseData.OffsetCommitResponseTopic> topics = new LinkedHashMap<>();
        BiConsumer<TopicPartition, ErrorCode> answer = (tp, error) -> topics.computeIfAbsent(tp.topic(),
                        name -> new OffsetCommitResponseData.OffsetCommitResponseTopic().setName(name))
                .partitions().add(new OffsetCommitResponseData.OffsetCommitResponsePartition()
                        .setPartitionIndex(tp.partition()).setErrorCode(error.code()));
        Map<TopicPartition, OffsetCommit> commits = new LinkedHashMap<>();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic t : req.topics()) {
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                if (!exists(tp)) {
                    answer.accept(tp, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
                } else {
                    commits.put(tp, new OffsetCommit(p.committedOffset(), p.committedLeaderEpoch(), p.committedMetadata()));
                }
            }
        }
        if (commits.isEmpty()) {
            out.topics().addAll(topics.values());
            return Future.succeededFuture(out);
        }
        return coordinator.commitOffsets(req.groupId(), req.generationIdOrMemberEpoch(), req.memberId(),
                req.groupInstanceId(), commits).map(errors -> {
                    errors.forEach(answer);
                    out.topics().addAll(topics.values());
                    return out;
                });
    }

    /** OffsetFetch: one group below v8 (null topics = all, from v2), several from v8. */
    Future<ApiMessage> offsetFetch(KafkaRequest request) {
        OffsetFetchRequestData req = request.body(OffsetFetchRequest.class).data();
        short version = request.version();
        boolean requireStable = version >= OffsetFetchRequest.REQUIRE_STABLE_OFFSET_MIN_VERSION && req.requireStable();
        if (version < OffsetFetchRequest.BATCH_MIN_VERSION) {
            List<TopicPartition> wanted = req.topics() == null ? null : partitions(req.topics().stream()
                    .map(t -> new OffsetFetchRequestData.OffsetFetchRequestTopics().setName(t.name())
                            .setPartitionIndexes(t.partitionIndexes())).toList());
            return coordinator.fetchOffsets(req.groupId(), wanted, requireStable)
                    .map(r -> singleGroup(r, wanted, version));
        }
        List<Future<OffsetFetchResponseData.OffsetFetchResponseGroup>> groups = new ArrayList<>();
        for (OffsetFetchRequestData.OffsetFetchRequestGroup g : req.groups()) {
            // member id and epoch (v9+) belong to KIP-848 consumer groups; a classic group ignores them (as Kafka)
            List<TopicPartition> wanted = g.topics() == null ? null : partitions(g.topics());
            groups.add(coordinator.fetchOffsets(g.groupId(), wanted, requireStable).map(r -> {
                OffsetFetchResponseData.OffsetFetchResponseGroup out = new OffsetFetchResponseData.OffsetFetchResponseGroup()
                        .setGroupId(g.groupId()).setErrorCode(r.error().code());
                if (r.error() == ErrorCode.NONE) {
                    Map<String, OffsetFetchResponseData.OffsetFetchResponseTopics> byTopic = new LinkedHashMap<>();
                    r.offsets().forEach((tp, o) -> byTopic.computeIfAbsent(tp.topic(),
                                    name -> new OffsetFetchResponseData.OffsetFetchResponseTopics().setName(name))
                            .partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartitions()
                                    .setPartitionIndex(tp.partition()).setCommittedOffset(o.offset())
                                    .setCommittedLeaderEpoch(o.leaderEpoch()).setMetadata(o.metadata())
                                    .setErrorCode(partitionError(r, tp))));
                    out.topics().addAll(byTopic.values());
                }
                return out;
            }));
        }
        return Future.all(groups).map(done -> {
            OffsetFetchResponseData out = new OffsetFetchResponseData();
            groups.forEach(f -> out.groups().add(f.result()));
            return out;
        });
    }

    /**
     * The answer to a one-group OffsetFetch (v1-7). From v2 a group error is the top-level error;
     * v1 has none, so each partition asked for carries it (as Kafka answered v0-1).
     */
    private static ApiMessage singleGroup(OffsetFetchResult r, List<TopicPartition> wanted, short version) {
        OffsetFetchResponseData out = new OffsetFetchResponseData();
        Map<TopicPartition, StoredOffset> offsets = r.offsets();
        boolean topLevel = version >= OffsetFetchRequest.TOP_LEVEL_ERROR_AND_NULL_TOPICS_MIN_VERSION;
        if (r.error() != ErrorCode.NONE) {
            if (topLevel) {
                return out.setErrorCode(r.error().code());
            }
            offsets = new LinkedHashMap<>();
            for (TopicPartition tp : wanted) {
                offsets.put(tp, StoredOffset.NONE);
            }
        }
        Map<String, OffsetFetchResponseData.OffsetFetchResponseTopic> byTopic = new LinkedHashMap<>();
        offsets.forEach((tp, o) -> byTopic.computeIfAbsent(tp.topic(),
                        name -> new OffsetFetchResponseData.OffsetFetchResponseTopic().setName(name))
                .partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartition()
                        .setPartitionIndex(tp.partition()).setCommittedOffset(o.offset())
                        .setCommittedLeaderEpoch(o.leaderEpoch()).setMetadata(o.metadata())
                        .setErrorCode(r.error() != ErrorCode.NONE ? r.error().code() : partitionError(r, tp))));
        out.topics().addAll(byTopic.values());
        return out.setErrorCode(Errors.NONE.code());
    }

    private static short partitionError(OffsetFetchResult r, TopicPartition tp) {
        return r.unstable().contains(tp) ? ErrorCode.UNSTABLE_OFFSET_COMMIT.code() : Errors.NONE.code();
    }

    private static List<TopicPartition> partitions(List<OffsetFetchRequestData.OffsetFetchRequestTopics> topics) {
        List<TopicPartition> out = new ArrayList<>();
        topics.forEach(t -> t.partitionIndexes().forEach(p -> out.add(new TopicPartition(t.name(), p))));
        return out;
    }

    /**
     * OffsetDelete: the group's offsets of the partitions given, unless its members subscribe to the
     * topic (GROUP_SUBSCRIBED_TO_TOPIC); a group error (GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP,
     * NOT_COORDINATOR...) is the top-level error.
     */
    Future<ApiMessage> offsetDelete(KafkaRequest request) {
        OffsetDeleteRequestData req = request.body(OffsetDeleteRequest.class).data();
        OffsetDeleteResponseData out = new OffsetDeleteResponseData();
        BiConsumer<TopicPartition, ErrorCode> answer = (tp, error) -> {
            OffsetDeleteResponseData.OffsetDeleteResponseTopic t = out.topics().find(tp.topic());
            if (t == null) {
                t = new OffsetDeleteResponseData.OffsetDeleteResponseTopic().setName(tp.topic());
                out.topics().add(t);
            }
            t.partitions().add(new OffsetDeleteResponseData.OffsetDeleteResponsePartition()
                    .setPartitionIndex(tp.partition()).setErrorCode(error.code()));
        };
        List<TopicPartition> deletions = new ArrayList<>();
        for (OffsetDeleteRequestData.OffsetDeleteRequestTopic t : req.topics()) {
            for (OffsetDeleteRequestData.OffsetDeleteRequestPartition p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                if (exists(tp)) {
                    deletions.add(tp);
                } else {
                    answer.accept(tp, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
                }
            }
        }
        return coordinator.deleteOffsets(req.groupId(), deletions).map(r -> {
            if (r.error() != ErrorCode.NONE) {
                return new OffsetDeleteResponseData().setErrorCode(r.error().code());
            }
            r.partitions().forEach(answer);
            return out;
        });
    }

    private boolean exists(TopicPartition tp) {
        TopicState state = directory.topic(tp.topic());
        return state != null && tp.partition() >= 0 && tp.partition() < state.partitions().size();
    }
}
