package io.spate.broker.kafka;

import io.spate.broker.core.Broker;
import io.spate.broker.core.TopicNames;
import io.spate.protocol.ErrorCode;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.FindCoordinatorRequest;

/**
 * FindCoordinator (0-6), as the native GroupRequestHandler answers it: the coordinator of a group
 * (key type 0) or a transactional id (key type 1) is the leader of the key's partition of
 * {@code __consumer_offsets} or {@code __transaction_state}, named by its Kafka listener. A
 * transactional id asked for before {@code __transaction_state} exists has it created and is answered
 * COORDINATOR_NOT_AVAILABLE (the client retries). v4+ asks for several keys at once.
 *
 * <p>Written on branch k-txn because transactional producers need it; the k-groups branch builds the
 * same API in GroupApis: at the merge, keep one.
 */
final class CoordinatorLookup {
    private final Broker broker;
    private final Supplier<List<KafkaNode>> nodes;

    CoordinatorLookup(Broker broker, Supplier<List<KafkaNode>> nodes) {
        this.broker = broker;
        this.nodes = nodes;
    }

    Future<ApiMessage> findCoordinator(KafkaRequest request) {
        FindCoordinatorRequestData req = request.body(FindCoordinatorRequest.class).data();
        FindCoordinatorResponseData out = new FindCoordinatorResponseData();
        if (request.version() >= FindCoordinatorRequest.MIN_BATCHED_VERSION) {
            for (String key : req.coordinatorKeys()) {
                out.coordinators().add(find(req.keyType(), key).setKey(key));
            }
            return Future.succeededFuture(out);
        }
        FindCoordinatorResponseData.Coordinator c = find(req.keyType(), req.key());
        return Future.succeededFuture(out.setErrorCode(c.errorCode()).setErrorMessage(c.errorMessage())
                .setNodeId(c.nodeId()).setHost(c.host()).setPort(c.port()));
    }

    private FindCoordinatorResponseData.Coordinator find(byte keyType, String key) {
        boolean group = keyType == FindCoordinatorRequest.CoordinatorType.GROUP.id();
        if (!group && keyType != FindCoordinatorRequest.CoordinatorType.TRANSACTION.id()) {
            return error(ErrorCode.INVALID_REQUEST, "key_type " + keyType + " is not served; 0 (group) and 1 (transaction) are");
        }
        if (key == null || key.isEmpty()) {
            return group ? error(ErrorCode.INVALID_GROUP_ID, "the group id is empty")
                    : error(ErrorCode.INVALID_REQUEST, "the transactional id is empty");
        }
        String topic = group ? TopicNames.CONSUMER_OFFSETS : TopicNames.TRANSACTION_STATE;
        if (!broker.directory().vouchesForLeaders()) {
            return error(ErrorCode.COORDINATOR_NOT_AVAILABLE,
                    "this node is fenced from the metadata quorum: it cannot tell who leads " + topic);
        }
        io.spate.cluster.TopicState state = broker.directory().topic(topic);
        if (state == null || state.partitions().isEmpty()) {
            if (!group) {
                broker.transactionStateMissing();
            }
            return error(ErrorCode.COORDINATOR_NOT_AVAILABLE, topic + " does not exist yet");
        }
        int partition = (key.hashCode() & 0x7fffffff) % state.partitions().size();
        int leader = state.partitions().get(partition).leader();
        KafkaNode node = nodes.get().stream().filter(n -> n.nodeId() == leader).findFirst().orElse(null);
        if (node == null) {
            return error(ErrorCode.COORDINATOR_NOT_AVAILABLE, "partition " + partition + " of " + topic
                    + " has no live leader with a Kafka listener");
        }
        return new FindCoordinatorResponseData.Coordinator().setErrorCode(ErrorCode.NONE.code())
                .setNodeId(node.nodeId()).setHost(node.host()).setPort(node.port());
    }

    private static FindCoordinatorResponseData.Coordinator error(ErrorCode error, String message) {
        return new FindCoordinatorResponseData.Coordinator().setErrorCode(error.code()).setErrorMessage(message)
                .setNodeId(-1).setHost("").setPort(-1);
    }
}
