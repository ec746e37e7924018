package io.spate.broker.kafka;

import io.spate.broker.core.AppendResult;
import io.spate.broker.core.Broker;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.requests.ProduceRequest;

/**
 * Produce: each partition's record batches go to the core as the bytes that came on the wire (the
 * frame's own buffer, no copy), validated and appended exactly as on the native path: acks 0, 1 and
 * all, idempotent and transactional batches, every compression. With acks=0 nothing is answered.
 */
final class ProduceApi {
    private final Broker broker;

    ProduceApi(Broker broker) {
        this.broker = broker;
    }

    Future<ApiMessage> produce(KafkaRequest request) {
        ProduceRequestData req = request.body(ProduceRequest.class).data();
        short acks = req.acks();
        if (acks != 0 && acks != 1 && acks != -1) {
            return Future.failedFuture(ErrorCode.INVALID_REQUIRED_ACKS.exception("acks must be -1, 0 or 1, got " + acks));
        }
        Map<TopicPartition, ByteBuffer> data = new LinkedHashMap<>();
        ProduceResponseData unknown = new ProduceResponseData();
        for (ProduceRequestData.TopicProduceData t : req.topicData()) {
            // version 13 names topics by id
            String name = t.name() != null && !t.name().isEmpty() ? t.name() : KafkaIds.name(broker.directory(), t.topicId());
            if (name == null) {
                ProduceResponseData.TopicProduceResponse r = new ProduceResponseData.TopicProduceResponse()
                        .setName(t.name()).setTopicId(t.topicId());
                t.partitionData().forEach(p -> r.partitionResponses().add(new ProduceResponseData.PartitionProduceResponse()
                        .setIndex(p.index()).setErrorCode(ErrorCode.UNKNOWN_TOPIC_ID.code()).setBaseOffset(-1)
                        .setLogAppendTimeMs(-1).setLogStartOffset(-1).setErrorMessage("no topic has id " + t.topicId())));
                unknown.responses().add(r);
                continue;
            }
            for (ProduceRequestData.PartitionProduceData p : t.partitionData()) {
                TopicPartition tp = new TopicPartition(name, p.index());
                ByteBuffer records = p.records() instanceof MemoryRecords m ? m.buffer() : ByteBuffer.allocate(0);
                if (data.put(tp, records) != null) {
                    return Future.failedFuture(ErrorCode.INVALID_REQUEST.exception("partition " + tp
                            + " appears twice in one produce request"));
                }
            }
        }
        return broker.produce(data, acks, req.timeoutMs()).map(results -> acks == 0 ? null : response(results, unknown));
    }

    private ProduceResponseData response(Map<TopicPartition, AppendResult> results, ProduceResponseData out) {
        results.forEach((tp, r) -> {
            org.apache.kafka.common.Uuid id = KafkaIds.of(broker.directory(), tp.topic());
            ProduceResponseData.TopicProduceResponse topic = out.responses().find(tp.topic(), id);
            if (topic == null) {
                topic = new ProduceResponseData.TopicProduceResponse().setName(tp.topic()).setTopicId(id);
                out.responses().add(topic);
            }
            topic.partitionResponses().add(new ProduceResponseData.PartitionProduceResponse()
                    .setIndex(tp.partition())
                    .setErrorCode(r.error().code())
                    .setErrorMessage(r.error() == ErrorCode.NONE ? null : r.errorMessage())
                    .setBaseOffset(r.baseOffset())
                    .setLogAppendTimeMs(r.logAppendTime())
                    .setLogStartOffset(r.logStartOffset()));
        });
        return out;
    }
}
