package io.spate.broker.kafka;

import io.spate.broker.core.DescribedProducers;
import io.spate.broker.core.TxnMarker;
import io.spate.broker.core.TxnMarkers;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.DescribeProducersRequest;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest;

/**
 * The partition leaders' transaction APIs in Kafka's protocol, over the same {@link TxnMarkers} as
 * the native listener's: DescribeProducers (the producers of a partition, for Admin's
 * describeProducers) and WriteTxnMarkers. Spate's coordinators send their markers over the native
 * protocol; WriteTxnMarkers is served here for Admin's abortTransaction (kafka-transactions.sh
 * --abort), which ends a hanging transaction by writing an ABORT marker at the partition's leader,
 * as with Kafka. Runs on the connection's context.
 */
final class TxnPartitionApis {
    private final TxnMarkers markers;

    TxnPartitionApis(TxnMarkers markers) {
        this.markers = markers;
    }

    /** DescribeProducers: per partition, its active producers from this node as its leader, or the error. */
    Future<ApiMessage> describeProducers(KafkaRequest request) {
        DescribeProducersRequestData req = request.body(DescribeProducersRequest.class).data();
        List<TopicPartition> partitions = new ArrayList<>();
        req.topics().forEach(t -> t.partitionIndexes().forEach(p -> partitions.add(new TopicPartition(t.name(), p))));
        return markers.describeProducers(partitions).map(results -> {
            DescribeProducersResponseData out = new DescribeProducersResponseData();
            DescribeProducersResponseData.TopicResponse topic = null;
            for (Map.Entry<TopicPartition, DescribedProducers> e : results.entrySet()) {
                if (topic == null || !topic.name().equals(e.getKey().topic())) {
                    topic = new DescribeProducersResponseData.TopicResponse().setName(e.getKey().topic());
                    out.topics().add(topic);
                }
                DescribedProducers d = e.getValue();
                DescribeProducersResponseData.PartitionResponse p = new DescribeProducersResponseData.PartitionResponse()
                        .setPartitionIndex(e.getKey().partition()).setErrorCode(d.error().code())
                        .setErrorMessage(d.error() == ErrorCode.NONE ? null : d.errorMessage());
                d.producers().forEach(a -> p.activeProducers().add(new DescribeProducersResponseData.ProducerState()
                        .setProducerId(a.producerId()).setProducerEpoch(a.producerEpoch())
                        .setLastSequence(a.lastSequence()).setLastTimestamp(a.lastTimestamp())
                        .setCoordinatorEpoch(a.coordinatorEpoch()).setCurrentTxnStartOffset(a.currentTxnStartOffset())));
                topic.partitions().add(p);
            }
            return out;
        });
    }

    /** WriteTxnMarkers: per marker, in request order, an error per partition (once every marker is written). */
    Future<ApiMessage> writeTxnMarkers(KafkaRequest request) {
        WriteTxnMarkersRequestData req = request.body(WriteTxnMarkersRequest.class).data();
        List<TxnMarker> list = new ArrayList<>(req.markers().size());
        for (WriteTxnMarkersRequestData.WritableTxnMarker m : req.markers()) {
            if (m.producerId() < 0) {
                return Future.failedFuture(ErrorCode.INVALID_REQUEST.exception(
                        "a transaction marker needs a producer id, not " + m.producerId()));
            }
            List<TopicPartition> partitions = new ArrayList<>();
            m.topics().forEach(t -> t.partitionIndexes().forEach(p -> partitions.add(new TopicPartition(t.name(), p))));
            list.add(new TxnMarker(m.producerId(), m.producerEpoch(), m.transactionResult(), m.coordinatorEpoch(), partitions));
        }
        return markers.write(list).map(results -> {
            WriteTxnMarkersResponseData out = new WriteTxnMarkersResponseData();
            for (int i = 0; i < results.size(); i++) {
                WriteTxnMarkersResponseData.WritableTxnMarkerResult marker =
                        new WriteTxnMarkersResponseData.WritableTxnMarkerResult().setProducerId(list.get(i).producerId());
                WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult topic = null;
                for (Map.Entry<TopicPartition, ErrorCode> e : results.get(i).entrySet()) {
                    if (topic == null || !topic.name().equals(e.getKey().topic())) {
                        topic = new WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult().setName(e.getKey().topic());
                        marker.topics().add(topic);
                    }
                    topic.partitions().add(new WriteTxnMarkersResponseData.WritableTxnMarkerPartitionResult()
                            .setPartitionIndex(e.getKey().partition()).setErrorCode(e.getValue().code()));
                }
                out.markers().add(marker);
            }
            return out;
        });
    }
}
