package io.spate.protocol;

import java.util.HashMap;
import java.util.Map;

/**
 * Every error Spate puts on the wire, defined once: number, name and meaning, shared by the broker,
 * the client and the CLI. Numbers are Apache Kafka's where the meaning is the same, so that a Kafka
 * listener can be added later without a translation table.
 *
 * <p>{@link #retriable()} tells a client whether the same request may succeed if sent again
 * (after a metadata refresh where the error says so).
 */
public enum ErrorCode {
    UNKNOWN_SERVER_ERROR(-1, false, "The server experienced an unexpected error when processing the request."),
    NONE(0, false, ""),
    OFFSET_OUT_OF_RANGE(1, false, "The requested offset is not within the range of offsets maintained by the server."),
    CORRUPT_MESSAGE(2, false, "The record batch failed its CRC check, has a bad length or is otherwise corrupt."),
    UNKNOWN_TOPIC_OR_PARTITION(3, true, "This server does not host this topic-partition."),
    INVALID_FETCH_SIZE(4, false, "The requested fetch size is invalid."),
    LEADER_NOT_AVAILABLE(5, true, "There is no leader for this topic-partition as we are in the middle of a leadership election."),
    NOT_LEADER_OR_FOLLOWER(6, true, "This server is not the leader for that topic-partition."),
    REQUEST_TIMED_OUT(7, true, "The request timed out."),
    MESSAGE_TOO_LARGE(10, false, "The request included a record batch larger than the maximum message size the server will accept."),
    OFFSET_METADATA_TOO_LARGE(12, false, "The metadata field of the offset commit is larger than the server allows."),
    NETWORK_EXCEPTION(13, true, "The server disconnected before a response was received."),
    COORDINATOR_LOAD_IN_PROGRESS(14, true, "The coordinator is loading and hence can't process requests."),
    COORDINATOR_NOT_AVAILABLE(15, true, "The coordinator is not available."),
    NOT_COORDINATOR(16, true, "This is not the correct coordinator."),
    INVALID_TOPIC_EXCEPTION(17, false, "The topic name is invalid: 1 to 249 characters of [a-zA-Z0-9._-], not '.' or '..'."),
    RECORD_LIST_TOO_LARGE(18, false, "The request included records larger than the maximum request size the server will accept."),
    NOT_ENOUGH_REPLICAS(19, true, "Records are rejected since there are fewer in-sync replicas than required."),
    NOT_ENOUGH_REPLICAS_AFTER_APPEND(20, true, "Records were written to the log but to fewer in-sync replicas than required."),
    INVALID_REQUIRED_ACKS(21, false, "Produce request specified an invalid value for required acks (must be -1, 0 or 1)."),
    ILLEGAL_GENERATION(22, false, "The generation id provided in the request is not the current generation."),
    INCONSISTENT_GROUP_PROTOCOL(23, false, "The group member's supported protocols are incompatible with those of existing members."),
    INVALID_GROUP_ID(24, false, "The group id is invalid."),
    UNKNOWN_MEMBER_ID(25, false, "The coordinator is not aware of this member."),
    INVALID_SESSION_TIMEOUT(26, false, "The session timeout is not within the range allowed by the broker."),
    REBALANCE_IN_PROGRESS(27, false, "The group is rebalancing, so a rejoin is needed."),
    INVALID_COMMIT_OFFSET_SIZE(28, false, "The committing offset data size is not valid."),
    INVALID_TIMESTAMP(32, false, "The timestamp of the record is out of the acceptable range."),
    UNSUPPORTED_VERSION(35, false, "The version of the API is not supported."),
    TOPIC_ALREADY_EXISTS(36, false, "Topic with this name already exists."),
    INVALID_PARTITIONS(37, false, "Number of partitions is below 1 or not larger than the current count."),
    INVALID_REPLICATION_FACTOR(38, false, "Replication factor is below 1 or larger than the number of available nodes."),
    INVALID_REPLICA_ASSIGNMENT(39, false, "Replica assignment is invalid."),
    INVALID_CONFIG(40, false, "Configuration is invalid."),
    NOT_CONTROLLER(41, true, "This is not the correct controller for this cluster."),
    INVALID_REQUEST(42, false, "The request is malformed or carries values the server does not accept."),
    POLICY_VIOLATION(44, false, "Request parameters do not satisfy the configured policy."),
    OUT_OF_ORDER_SEQUENCE_NUMBER(45, false, "The broker received an out of order sequence number."),
    INVALID_PRODUCER_EPOCH(47, false, "Producer attempted to produce with an old epoch."),
    INVALID_TXN_STATE(48, false, "The producer attempted a transactional operation in an invalid state."),
    INVALID_PRODUCER_ID_MAPPING(49, false, "The producer attempted to use a producer id which is not currently assigned to its transactional id."),
    INVALID_TRANSACTION_TIMEOUT(50, false, "The transaction timeout is larger than the maximum value allowed by the broker (as configured by transaction.max.timeout.ms)."),
    CONCURRENT_TRANSACTIONS(51, true, "The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing."),
    TRANSACTION_COORDINATOR_FENCED(52, false, "Indicates that the transaction coordinator sending a WriteTxnMarker is no longer the current coordinator for a given producer."),
    TRANSACTIONAL_ID_AUTHORIZATION_FAILED(53, false, "The transactional id is not authorized to produce or commit (fatal to the producer that uses it)."),
    OPERATION_NOT_ATTEMPTED(55, false, "The broker did not attempt to execute this operation."),
    KAFKA_STORAGE_ERROR(56, true, "Disk error when trying to access the log file on the disk."),
    UNKNOWN_PRODUCER_ID(59, false, "The broker could not locate the producer metadata associated with the producer id in question."),
    REASSIGNMENT_IN_PROGRESS(60, false, "A partition reassignment is in progress."),
    NON_EMPTY_GROUP(68, false, "The group is not empty."),
    GROUP_ID_NOT_FOUND(69, false, "The group id does not exist."),
    FETCH_SESSION_ID_NOT_FOUND(70, true, "The fetch session ID was not found."),
    INVALID_FETCH_SESSION_EPOCH(71, true, "The fetch session epoch is invalid."),
    FENCED_LEADER_EPOCH(74, true, "The leader epoch in the request is older than the epoch on the broker."),
    UNKNOWN_LEADER_EPOCH(75, true, "The leader epoch in the request is newer than the epoch on the broker."),
    UNSUPPORTED_COMPRESSION_TYPE(76, false, "The requesting client does not support the compression type of given partition."),
    MEMBER_ID_REQUIRED(79, false, "The group member needs to have a valid member id before actually entering a consumer group."),
    PREFERRED_LEADER_NOT_AVAILABLE(80, true, "The preferred leader was not available: it is not live or not in the in-sync replicas."),
    GROUP_MAX_SIZE_REACHED(81, false, "The group has already reached its maximum number of members."),
    FENCED_INSTANCE_ID(82, false, "A static member with the same group.instance.id has rejoined and fenced this one."),
    ELIGIBLE_LEADERS_NOT_AVAILABLE(83, true, "Eligible topic partition leaders are not available."),
    ELECTION_NOT_NEEDED(84, false, "Leader election not needed for topic partition (it already has the leader asked for)."),
    NO_REASSIGNMENT_IN_PROGRESS(85, false, "No partition reassignment is in progress."),
    GROUP_SUBSCRIBED_TO_TOPIC(86, false, "The consumer group is actively subscribed to the topic."),
    INVALID_RECORD(87, false, "A record in the batch failed validation."),
    UNSTABLE_OFFSET_COMMIT(88, true, "There are unstable offsets that need to be cleared."),
    PRODUCER_FENCED(90, false, "There is a newer producer with the same transactional id which fences the current one."),
    UNKNOWN_TOPIC_ID(100, true, "This server does not host this topic ID."),
    TRANSACTIONAL_ID_NOT_FOUND(105, false, "The transactionalId could not be found.");

    private static final Map<Short, ErrorCode> BY_CODE = new HashMap<>();

    static {
        for (ErrorCode e : values()) {
            BY_CODE.put(e.code, e);
        }
    }

    private final short code;
    private final boolean retriable;
    private final String message;

    ErrorCode(int code, boolean retriable, String message) {
        this.code = (short) code;
        this.retriable = retriable;
        this.message = message;
    }

    public short code() {
        return code;
    }

    public boolean retriable() {
        return retriable;
    }

    /** The default human-readable meaning; responses may carry a more specific message. */
    public String message() {
        return message;
    }

    /** The error for a wire code; an unknown code maps to {@link #UNKNOWN_SERVER_ERROR}. */
    public static ErrorCode forCode(short code) {
        ErrorCode e = BY_CODE.get(code);
        return e == null ? UNKNOWN_SERVER_ERROR : e;
    }

    /** An exception carrying this error, for failing Futures. */
    public SpateException exception(String detail) {
        return new SpateException(this, detail);
    }

    public SpateException exception() {
        return new SpateException(this, message);
    }
}
