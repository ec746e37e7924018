package io.spate.broker.kafka;

import io.spate.broker.core.Broker;
import io.spate.broker.core.FetchPosition;
import io.spate.broker.core.ListedOffset;
import io.spate.broker.core.PartitionRead;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;

/**
 * Fetch (long poll; the records go from the segment files, zero copy), ListOffsets and
 * OffsetForLeaderEpoch, for consumers. Every Kafka-protocol fetch is a consumer's: a replica id in
 * it is ignored (followers replicate over the native protocol), so it sees up to the high watermark
 * (read_committed: the last stable offset). From version 7 a consumer may keep an incremental
 * fetch session ({@link FetchSessions}, KIP-227).
 */
final class FetchApis {
    private final Broker broker;
    private final FetchSessions sessions;

    FetchApis(Broker broker, FetchSessions sessions) {
        this.broker = broker;
        this.sessions = sessions;
    }

    Future<ApiMessage> fetch(KafkaRequest request) {
        FetchRequestData req = request.body(FetchRequest.class).data();
        if (req.maxBytes() < 0 || req.minBytes() < 0 || req.maxWaitMs() < 0) {
            return Future.failedFuture(ErrorCode.INVALID_REQUEST.exception(
                    "max_bytes, min_bytes and max_wait_ms must not be negative"));
        }
        Map<TopicPartition, FetchPosition> changed = new LinkedHashMap<>();
        FetchResponseData unknown = new FetchResponseData();
        for (FetchRequestData.FetchTopic t : req.topics()) {
            // version 13 and later name topics by id
            String name = request.version() < 13 ? t.topic() : KafkaIds.name(broker.directory(), t.topicId());
            if (name == null) {
                FetchResponseData.FetchableTopicResponse r = new FetchResponseData.FetchableTopicResponse()
                        .setTopicId(t.topicId());
                t.partitions().forEach(p -> r.partitions().add(new FetchResponseData.PartitionData()
                        .setPartitionIndex(p.partition()).setErrorCode(ErrorCode.UNKNOWN_TOPIC_ID.code())
                        .setHighWatermark(-1).setLastStableOffset(-1).setLogStartOffset(-1)));
                unknown.responses().add(r);
                continue;
            }
            for (FetchRequestData.FetchPartition p : t.partitions()) {
                if (p.partitionMaxBytes() < 0) {
                    return Future.failedFuture(ErrorCode.INVALID_REQUEST.exception("partition_max_bytes must not be negative"));
                }
                changed.put(new TopicPartition(name, p.partition()),
                        new FetchPosition(p.fetchOffset(), p.partitionMaxBytes(), p.currentLeaderEpoch()));
            }
        }
        List<TopicPartition> forgotten = new ArrayList<>();
        for (FetchRequestData.ForgottenTopic t : req.forgottenTopicsData()) {
            String name = request.version() < 13 ? t.topic() : KafkaIds.name(broker.directory(), t.topicId());
            if (name != null) {
                t.partitions().forEach(p -> forgotten.add(new TopicPartition(name, p)));
            }
        }
        FetchSessions.Context session = request.version() >= 7
                ? sessions.open(req.sessionId(), req.sessionEpoch(), changed, forgotten)
                : new FetchSessions.Context(null, false, changed, ErrorCode.NONE);
        if (session.error() != ErrorCode.NONE) {
            return Future.succeededFuture(new FetchResponseData().setErrorCode(session.error().code()).setSessionId(0));
        }
        boolean committed = req.isolationLevel() == IsolationLevel.READ_COMMITTED.id();
        // version 0-2 have no max_bytes: the partitions' limits alone bound the answer
        int maxBytes = request.version() >= 3 ? req.maxBytes() : Integer.MAX_VALUE;
        return broker.fetch(request.scope().context(), session.positions(), req.minBytes(), maxBytes, req.maxWaitMs(), -1,
                committed, request.scope().closed()).map(reads -> response(session, reads, unknown));
    }

    private FetchResponseData response(FetchSessions.Context session, Map<TopicPartition, PartitionRead> reads,
                                       FetchResponseData out) {
        out.setSessionId(session.sessionId());
        FetchResponseData.FetchableTopicResponse topic = null;
        for (Map.Entry<TopicPartition, PartitionRead> e : reads.entrySet()) {
            if (!FetchSessions.answer(session, e.getKey(), e.getValue())) {
                continue;
            }
            if (topic == null || !topic.topic().equals(e.getKey().topic())) {
                topic = new FetchResponseData.FetchableTopicResponse().setTopic(e.getKey().topic())
                        .setTopicId(KafkaIds.of(broker.directory(), e.getKey().topic()));
                out.responses().add(topic);
            }
            PartitionRead r = e.getValue();
            FetchResponseData.PartitionData p = new FetchResponseData.PartitionData()
                    .setPartitionIndex(e.getKey().partition())
                    .setErrorCode(r.error().code())
                    .setHighWatermark(r.highWatermark())
                    .setLastStableOffset(r.lastStableOffset())
                    .setLogStartOffset(r.logStartOffset())
                    .setRecords(new RegionRecords(r.records()));
            if (r.abortedTransactions() != null) {
                List<FetchResponseData.AbortedTransaction> aborted = new ArrayList<>(r.abortedTransactions().size());
                r.abortedTransactions().forEach(t -> aborted.add(new FetchResponseData.AbortedTransaction()
                        .setProducerId(t.producerId()).setFirstOffset(t.firstOffset())));
                p.setAbortedTransactions(aborted);
            }
            topic.partitions().add(p);
        }
        return out;
    }

    Future<ApiMessage> listOffsets(KafkaRequest request) {
        ListOffsetsRequestData req = request.body(ListOffsetsRequest.class).data();
        Map<TopicPartition, Long> specs = new LinkedHashMap<>();
        for (ListOffsetsRequestData.ListOffsetsTopic t : req.topics()) {
            for (ListOffsetsRequestData.ListOffsetsPartition p : t.partitions()) {
                specs.put(new TopicPartition(t.name(), p.partitionIndex()), p.timestamp());
            }
        }
        boolean committed = req.isolationLevel() == IsolationLevel.READ_COMMITTED.id();
        return broker.listOffsets(specs, committed).map(results -> {
            ListOffsetsResponseData out = new ListOffsetsResponseData();
            ListOffsetsResponseData.ListOffsetsTopicResponse topic = null;
            for (Map.Entry<TopicPartition, ListedOffset> e : results.entrySet()) {
                if (topic == null || !topic.name().equals(e.getKey().topic())) {
                    topic = new ListOffsetsResponseData.ListOffsetsTopicResponse().setName(e.getKey().topic());
                    out.topics().add(topic);
                }
                ListedOffset r = e.getValue();
                topic.partitions().add(new ListOffsetsResponseData.ListOffsetsPartitionResponse()
                        .setPartitionIndex(e.getKey().partition()).setErrorCode(r.error().code())
                        .setTimestamp(r.timestamp()).setOffset(r.offset()).setLeaderEpoch(-1));
            }
            return out;
        });
    }

    Future<ApiMessage> offsetForLeaderEpoch(KafkaRequest request) {
        OffsetForLeaderEpochRequestData req = request.body(OffsetsForLeaderEpochRequest.class).data();
        List<io.spate.protocol.OffsetForLeaderEpochRequest.TopicData> topics = new ArrayList<>();
        for (OffsetForLeaderEpochRequestData.OffsetForLeaderTopic t : req.topics()) {
            topics.add(new io.spate.protocol.OffsetForLeaderEpochRequest.TopicData(t.topic(), t.partitions().stream()
                    .map(p -> new io.spate.protocol.OffsetForLeaderEpochRequest.PartitionData(p.partition(),
                            p.currentLeaderEpoch(), p.leaderEpoch())).toList()));
        }
        io.spate.protocol.OffsetForLeaderEpochResponse answer = broker.leaderEpochEnds().handle(
                new io.spate.protocol.OffsetForLeaderEpochRequest(-1, topics));
        OffsetForLeaderEpochResponseData out = new OffsetForLeaderEpochResponseData();
        for (io.spate.protocol.OffsetForLeaderEpochResponse.TopicResponse t : answer.topics()) {
            OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult topic =
                    new OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult().setTopic(t.name());
            t.partitions().forEach(p -> topic.partitions().add(new OffsetForLeaderEpochResponseData.EpochEndOffset()
                    .setPartition(p.partition()).setErrorCode(p.error().code())
                    .setLeaderEpoch(p.leaderEpoch()).setEndOffset(p.endOffset())));
            out.topics().add(topic);
        }
        return Future.succeededFuture(out);
    }
}
