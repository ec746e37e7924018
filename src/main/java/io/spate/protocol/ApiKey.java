package io.spate.protocol;

/**
 * The requests of Spate's native protocol. Numbers are Apache Kafka's where the request means the
 * same; {@code maxVersion} is the newest version this build speaks (see docs/protocol.md).
 */
public enum ApiKey {
    PRODUCE(0, 0),
    FETCH(1, 2),
    LIST_OFFSETS(2, 1),
    METADATA(3, 0),
    OFFSET_COMMIT(8, 0),
    OFFSET_FETCH(9, 0),
    FIND_COORDINATOR(10, 0),
    JOIN_GROUP(11, 0),
    HEARTBEAT(12, 0),
    LEAVE_GROUP(13, 0),
    SYNC_GROUP(14, 0),
    DESCRIBE_GROUPS(15, 0),
    LIST_GROUPS(16, 0),
    API_VERSIONS(18, 0),
    CREATE_TOPICS(19, 0),
    DELETE_TOPICS(20, 0),
    /** A producer id and epoch for an idempotent or transactional producer. */
    INIT_PRODUCER_ID(22, 0),
    OFFSET_FOR_LEADER_EPOCH(23, 0),
    ADD_PARTITIONS_TO_TXN(24, 0),
    ADD_OFFSETS_TO_TXN(25, 0),
    END_TXN(26, 0),
    /** Coordinator (or operator) to partition leader: append transaction markers. */
    WRITE_TXN_MARKERS(27, 0),
    TXN_OFFSET_COMMIT(28, 0),
    DESCRIBE_CONFIGS(32, 0),
    DESCRIBE_LOG_DIRS(35, 0),
    CREATE_PARTITIONS(37, 0),
    DELETE_GROUPS(42, 0),
    INCREMENTAL_ALTER_CONFIGS(44, 0),
    ALTER_PARTITION_REASSIGNMENTS(45, 0),
    LIST_PARTITION_REASSIGNMENTS(46, 0),
    /** Spate's own small form of Kafka's DescribeQuorum, under its key: this node's view of the metadata quorum. */
    DESCRIBE_QUORUM(55, 0),
    DESCRIBE_PRODUCERS(61, 0),
    DESCRIBE_TRANSACTIONS(65, 0),
    LIST_TRANSACTIONS(66, 0),
    /** Spate's own small form of Kafka's AddRaftVoter, under its key: make a node a voter of the metadata quorum. */
    ADD_RAFT_VOTER(80, 0),
    /** Spate's own small form of Kafka's RemoveRaftVoter, under its key: take a voter out of the metadata quorum. */
    REMOVE_RAFT_VOTER(81, 0);

    private static final ApiKey[] BY_ID = new ApiKey[128];

    static {
        for (ApiKey k : values()) {
            BY_ID[k.id] = k;
        }
    }

    private final short id;
    private final short maxVersion;

    ApiKey(int id, int maxVersion) {
        this.id = (short) id;
        this.maxVersion = (short) maxVersion;
    }

    public short id() {
        return id;
    }

    public short maxVersion() {
        return maxVersion;
    }

    /** The key for a wire id, or {@code null} when this build does not know it. */
    public static ApiKey forId(short id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
