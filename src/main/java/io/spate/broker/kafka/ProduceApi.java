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
        for (ProduceRequestData.TopicProduceData t : req.topicData()) {
            for (ProduceRequestData.PartitionProduceData p : t.partitionData()) {
                TopicPartition tp = new TopicPartition(t.name(), p.index());
                ByteBuffer records = p.records() instanceof MemoryRecords m ? m.buffer() : ByteBuffer.allocate(0);
                if (data.put(tp, records) != null) {
                    return Future.failedFuture(ErrorCode.INVALID_REQUEST.exception("partition " + tp
                            + " appears twice in one produce request"));
                }
            }
        }
        return broker.produce(data, acks, req.timeoutMs()).map(results -> acks == 0 ? null : response(results));
    }

    private static ProduceResponseData response(Map<TopicPartition, AppendResult> results) {
        ProduceResponseData out = new ProduceResponseData();
        results.forEach((tp, r) -> {
            ProduceResponseData.TopicProduceResponse topic = out.responses().find(tp.topic(), org.apache.kafka.common.Uuid.ZERO_UUID);
            if (topic == null) {
                topic = new ProduceResponseData.TopicProduceResponse().setName(tp.topic());
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
