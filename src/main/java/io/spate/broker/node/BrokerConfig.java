package io.spate.broker.node;

import io.spate.broker.core.FlushPolicy;
import io.spate.broker.core.TopicDefaults;
import io.spate.broker.core.TopicNames;
import io.spate.broker.wire.ListenerOptions;
import io.spate.cluster.ClusterConfig;
import io.spate.cluster.NodeIdentity;
import io.spate.cluster.raft.QuorumOptions;
import io.spate.group.GroupConfig;
import io.spate.log.InvalidConfigException;
import io.spate.log.LogConfig;
import io.spate.replication.IsrOptions;
import io.spate.replication.ReplicaFetcherOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node's settings, typed and validated. Every key is flat ({@code listener.port}); the JSON file
 * may nest objects, which are flattened with dots ({@code {"listener": {"port": 7092}}}).
 * Keys {@code log.<topic key>} set the node-wide default of a topic setting
 * ({@code log.retention.ms}, {@code log.segment.bytes}, ...; see docs/configuration.md).
 *
 * @param nodeId                  {@code node.id}: this node's id in metadata; {@link NodeIdentity#AUTO}
 *                                takes the id stored in the data dir, else 1 (single node) or the
 *                                smallest free id of the cluster
 * @param listenerHost            {@code listener.host}: address the native listener binds
 * @param listenerPort            {@code listener.port}: port of the native listener (0 = ephemeral)
 * @param advertisedHost          {@code listener.advertised.host}: host given to clients in metadata
 * @param advertisedPort          {@code listener.advertised.port}: port given to clients in metadata; 0: the
 *                                port the listener is bound to (set it behind a proxy or a port mapping)
 * @param dataDir                 {@code data.dir}: where logs, checkpoints and metadata live
 * @param autoCreateTopics        {@code auto.create.topics.enable}: create unknown topics on metadata requests
 * @param numPartitions           {@code num.partitions}: partitions of a topic created without a count
 * @param defaultReplicationFactor {@code default.replication.factor}: replicas of a topic created without one
 * @param socketRequestMaxBytes   {@code socket.request.max.bytes}: largest request frame accepted
 * @param maxInFlightRequests     {@code listener.max.in.flight.requests}: unanswered requests per
 *                                connection before the node stops reading from it
 * @param flushPolicy             {@code flush.policy}: acks-all or interval, see {@link FlushPolicy}
 * @param flushIntervalMs         {@code flush.interval.ms}: background fsync period for every partition
 * @param retentionCheckIntervalMs {@code log.retention.check.interval.ms}: how often retention runs
 * @param checkpointIntervalMs    {@code log.checkpoint.interval.ms}: how often each partition's recovery
 *                                point is written, bounding the rescan after a crash
 * @param shutdownTimeoutMs       {@code shutdown.timeout.ms}: bound on a clean shutdown
 * @param topicDefaults           the {@code log.*} topic defaults
 * @param cleanerIntervalMs       {@code log.cleaner.interval.ms}: how often every partition with
 *                                cleanup.policy compact gets a compaction pass
 * @param groups                  the consumer-group keys ({@code group.*}, {@code offsets.*}), see {@link GroupConfig}
 * @param offsetsTopicSegmentBytes {@code offsets.topic.segment.bytes}: segment size of the internal offsets topic
 * @param cluster                 the {@code cluster.*} keys, see {@link ClusterConfig}
 * @param replicaLagTimeMaxMs     {@code replica.lag.time.max.ms}: a follower not caught up for this
 *                                long leaves the ISR
 * @param replicaFetch            the {@code replica.fetch.*} keys of followers, see {@link ReplicaFetcherOptions}
 * @param queuedMaxRequestBytes   {@code queued.max.request.bytes}: node-wide bound on the memory of
 *                                requests received in part or not yet answered
 * @param maxConnections          {@code max.connections}: client connections open at once on the node
 * @param maxConnectionsPerIp     {@code max.connections.per.ip}: connections open at once from one address
 * @param connectionsMaxIdleMs    {@code connections.max.idle.ms}: idle connections are closed after this long
 * @param maxBrokerPartitions     {@code max.broker.partitions}: the most partition replicas this node
 *                                holds; creates, new partitions and moves beyond it are refused
 *                                before any file is made ({@code auto}: {@link #autoMaxBrokerPartitions})
 * @param quorumOptions           the metadata quorum's timings ({@code cluster.metadata.*.ms}), see {@link QuorumOptions}
 * @param producerIdExpirationMs  {@code producer.id.expiration.ms}: a partition forgets an idempotent
 *                                producer whose state it has not updated for this long
 * @param producerIdExpirationCheckIntervalMs {@code producer.id.expiration.check.interval.ms}: how often
 *                                every partition looks for such producers
 * @param transactions            the transaction coordinator's keys ({@code transaction.*},
 *                                {@code transactional.id.expiration.ms}), see {@link io.spate.txn.TxnConfig}
 * @param kafkaListener           the Kafka-protocol listener ({@code kafka.*}), see {@link KafkaListenerConfig}
 */
public record BrokerConfig(
        int nodeId,
        String listenerHost,
        int listenerPort,
        String advertisedHost,
        int advertisedPort,
        Path dataDir,
        boolean autoCreateTopics,
        int numPartitions,
        int defaultReplicationFactor,
        int socketRequestMaxBytes,
        int maxInFlightRequests,
        FlushPolicy flushPolicy,
        long flushIntervalMs,
        long retentionCheckIntervalMs,
        long checkpointIntervalMs,
        long shutdownTimeoutMs,
        LogConfig topicDefaults,
        long cleanerIntervalMs,
        GroupConfig groups,
        int offsetsTopicSegmentBytes,
        ClusterConfig cluster,
        long replicaLagTimeMaxMs,
        ReplicaFetcherOptions replicaFetch,
        long queuedMaxRequestBytes,
        int maxConnections,
        int maxConnectionsPerIp,
        long connectionsMaxIdleMs,
        int maxBrokerPartitions,
        QuorumOptions quorumOptions,
        long producerIdExpirationMs,
        long producerIdExpirationCheckIntervalMs,
        io.spate.txn.TxnConfig transactions,
        KafkaListenerConfig kafkaListener) {

    public static final int DEFAULT_NODE_ID = NodeIdentity.AUTO;
    public static final String DEFAULT_LISTENER_HOST = "127.0.0.1";
    public static final int DEFAULT_LISTENER_PORT = 7092;
    public static final String DEFAULT_DATA_DIR = "./data";
    public static final boolean DEFAULT_AUTO_CREATE_TOPICS = false;
    public static final int DEFAULT_NUM_PARTITIONS = 1;
    public static final int DEFAULT_REPLICATION_FACTOR = 1;
    public static final int DEFAULT_SOCKET_REQUEST_MAX_BYTES = 100 * 1024 * 1024;
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 256;
    public static final FlushPolicy DEFAULT_FLUSH_POLICY = FlushPolicy.ACKS_ALL;
    public static final long DEFAULT_FLUSH_INTERVAL_MS = 1000;
    public static final long DEFAULT_RETENTION_CHECK_INTERVAL_MS = 300_000;
    public static final long DEFAULT_CHECKPOINT_INTERVAL_MS = 60_000;
    public static final long DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000;
    public static final long DEFAULT_CLEANER_INTERVAL_MS = 15_000;
    /** Kafka's producer.id.expiration.ms: one day. */
    public static final long DEFAULT_PRODUCER_ID_EXPIRATION_MS = 86_400_000;
    /** Kafka's producer.id.expiration.check.interval.ms: ten minutes. */
    public static final long DEFAULT_PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS = 600_000;
    /** The ceiling of the default {@code queued.max.request.bytes} (see {@link #defaultQueuedMaxRequestBytes}). */
    public static final long QUEUED_MAX_REQUEST_BYTES_CEILING = 256L * 1024 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 1_000;
    /** Kafka's connections.max.idle.ms: 10 minutes. */
    public static final long DEFAULT_CONNECTIONS_MAX_IDLE_MS = 600_000;
    /**
     * File descriptors counted per partition by {@code max.broker.partitions=auto}: a partition's
     * active segment holds three (log, offset index, time index) and older segments more; what is
     * left is for connections. Redpanda reserves fds per partition the same way
     * ({@code topic_fds_per_partition}, 5).
     */
    public static final int FDS_PER_PARTITION = 5;
    /** {@code max.broker.partitions=auto} where the fd limit cannot be read (not a Unix JVM). */
    public static final int FALLBACK_MAX_BROKER_PARTITIONS = 10_000;

    /** Kafka's offsets.topic.segment.bytes: 100 MiB. */
    public static final int DEFAULT_OFFSETS_TOPIC_SEGMENT_BYTES = 100 * 1024 * 1024;

    public static final String QUORUM_ELECTION_TIMEOUT_MS = "cluster.metadata.election.timeout.ms";
    public static final String QUORUM_HEARTBEAT_INTERVAL_MS = "cluster.metadata.heartbeat.interval.ms";
    public static final String QUORUM_HEARTBEAT_TIMEOUT_MS = "cluster.metadata.heartbeat.timeout.ms";
    public static final String QUORUM_LEASE_MS = "cluster.metadata.lease.ms";
    public static final String QUORUM_PROPOSAL_TIMEOUT_MS = "cluster.metadata.proposal.timeout.ms";
    public static final String QUORUM_IMPORT_WAIT_MS = "cluster.metadata.import.wait.ms";

    /** The prefix of the node-wide topic defaults. */
    public static final String TOPIC_DEFAULT_PREFIX = "log.";
    /** Node keys under the {@code log.} prefix that are not topic defaults. */
    private static final java.util.Set<String> NODE_LOG_KEYS =
            java.util.Set.of("log.retention.check.interval.ms", "log.checkpoint.interval.ms",
                    "log.cleaner.interval.ms");

    /** The embedded default: one node on loopback, data under ./data. */
    public static BrokerConfig defaults() {
        return from(Map.of());
    }

    /**
     * Builds a config from flat keys; values may be strings (from {@code --set}) or JSON scalars.
     *
     * @throws ConfigException naming the first unknown key or bad value
     */
    public static BrokerConfig from(Map<String, ?> settings) {
        Map<String, Object> s = new HashMap<>(settings);
        Map<String, String> logOverrides = new TreeMap<>();
        s.keySet().removeIf(k -> {
            if (k.startsWith(TOPIC_DEFAULT_PREFIX) && !NODE_LOG_KEYS.contains(k)) {
                logOverrides.put(k.substring(TOPIC_DEFAULT_PREFIX.length()), String.valueOf(settings.get(k)));
                return true;
            }
            return false;
        });
        ConfigReader r = new ConfigReader(s);
        String host = r.string("listener.host", DEFAULT_LISTENER_HOST);
        String advertisedHost = r.string("listener.advertised.host", host);
        int socketRequestMaxBytes = socketRequestMaxBytes(r);
        BrokerConfig config = new BrokerConfig(
                nodeId(r),
                host,
                r.intValue("listener.port", DEFAULT_LISTENER_PORT, 0, 65535),
                advertisedHost,
                r.intValue("listener.advertised.port", 0, 0, 65535),
                Path.of(r.string("data.dir", DEFAULT_DATA_DIR)),
                r.bool("auto.create.topics.enable", DEFAULT_AUTO_CREATE_TOPICS),
                r.intValue("num.partitions", DEFAULT_NUM_PARTITIONS, 1, TopicNames.MAX_PARTITIONS),
                r.intValue("default.replication.factor", DEFAULT_REPLICATION_FACTOR, 1, Short.MAX_VALUE),
                socketRequestMaxBytes,
                r.intValue("listener.max.in.flight.requests", DEFAULT_MAX_IN_FLIGHT_REQUESTS, 1, 1 << 20),
                r.parsed("flush.policy", DEFAULT_FLUSH_POLICY, FlushPolicy::forName),
                r.longValue("flush.interval.ms", DEFAULT_FLUSH_INTERVAL_MS, 1, Long.MAX_VALUE),
                r.longValue("log.retention.check.interval.ms", DEFAULT_RETENTION_CHECK_INTERVAL_MS, 1, Long.MAX_VALUE),
                r.longValue("log.checkpoint.interval.ms", DEFAULT_CHECKPOINT_INTERVAL_MS, 1, Long.MAX_VALUE),
                r.longValue("shutdown.timeout.ms", DEFAULT_SHUTDOWN_TIMEOUT_MS, 1, Long.MAX_VALUE),
                topicDefaults(logOverrides),
                r.longValue("log.cleaner.interval.ms", DEFAULT_CLEANER_INTERVAL_MS, 1, Long.MAX_VALUE),
                groupConfig(r),
                r.intValue("offsets.topic.segment.bytes", DEFAULT_OFFSETS_TOPIC_SEGMENT_BYTES, 14, Integer.MAX_VALUE),
                clusterConfig(r, host),
                r.longValue("replica.lag.time.max.ms", IsrOptions.DEFAULT_REPLICA_LAG_TIME_MAX_MS, 1, Long.MAX_VALUE),
                replicaFetch(r),
                queuedMaxRequestBytes(r, socketRequestMaxBytes),
                r.intValue("max.connections", DEFAULT_MAX_CONNECTIONS, 1, Integer.MAX_VALUE),
                r.intValue("max.connections.per.ip", DEFAULT_MAX_CONNECTIONS_PER_IP, 1, Integer.MAX_VALUE),
                r.longValue("connections.max.idle.ms", DEFAULT_CONNECTIONS_MAX_IDLE_MS, 1, Long.MAX_VALUE),
                maxBrokerPartitions(r),
                quorumOptions(r),
                r.longValue("producer.id.expiration.ms", DEFAULT_PRODUCER_ID_EXPIRATION_MS, 1, Long.MAX_VALUE),
                r.longValue("producer.id.expiration.check.interval.ms", DEFAULT_PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS,
                        1, Long.MAX_VALUE),
                txnConfig(r),
                KafkaListenerConfig.read(r, host, advertisedHost));
        r.rejectUnknown();
        return config;
    }

    private static int socketRequestMaxBytes(ConfigReader r) {
        return r.intValue("socket.request.max.bytes", DEFAULT_SOCKET_REQUEST_MAX_BYTES, 1024, Integer.MAX_VALUE);
    }

    /**
     * A quarter of the JVM's maximum heap, at most {@link #QUEUED_MAX_REQUEST_BYTES_CEILING} and at
     * least the largest request, so that one request of the largest size can always be received.
     */
    public static long defaultQueuedMaxRequestBytes(int socketRequestMaxBytes) {
        return Math.max(socketRequestMaxBytes, Math.min(QUEUED_MAX_REQUEST_BYTES_CEILING, Runtime.getRuntime().maxMemory() / 4));
    }

    /** No smaller than the largest request: a request larger than the bound could never be received whole. */
    private static long queuedMaxRequestBytes(ConfigReader r, int socketRequestMaxBytes) {
        Object raw = r.peek("queued.max.request.bytes");
        long v = r.longValue("queued.max.request.bytes", defaultQueuedMaxRequestBytes(socketRequestMaxBytes), 1, Long.MAX_VALUE);
        if (raw != null && v < socketRequestMaxBytes) {
            throw new ConfigException("queued.max.request.bytes", "must be at least socket.request.max.bytes ("
                    + socketRequestMaxBytes + "), was " + v);
        }
        return v;
    }

    private static int nodeId(ConfigReader r) {
        Object raw = r.peek("node.id");
        return raw != null && String.valueOf(raw).trim().equals("auto") ? r.consume("node.id", DEFAULT_NODE_ID)
                : r.intValue("node.id", DEFAULT_NODE_ID, 0, Integer.MAX_VALUE);
    }

    private static int maxBrokerPartitions(ConfigReader r) {
        Object raw = r.peek("max.broker.partitions");
        return raw == null || String.valueOf(raw).trim().equals("auto")
                ? r.consume("max.broker.partitions", autoMaxBrokerPartitions())
                : r.intValue("max.broker.partitions", 0, 1, Integer.MAX_VALUE);
    }

    /**
     * {@code max.broker.partitions=auto}: the process's file-descriptor limit over
     * {@link #FDS_PER_PARTITION} (13,107 under a limit of 65,536; 204 under 1,024), so partitions
     * alone can never take the descriptors the node needs to serve.
     */
    public static int autoMaxBrokerPartitions() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, unix.getMaxFileDescriptorCount() / FDS_PER_PARTITION));
        }
        return FALLBACK_MAX_BROKER_PARTITIONS;
    }

    private static ClusterConfig clusterConfig(ConfigReader r, String listenerHost) {
        int size = r.intValue("cluster.size", ClusterConfig.DEFAULT_SIZE, 1, 1024);
        if (r.peek("cluster.metadata.quorum") != null) {
            throw new ConfigException("cluster.metadata.quorum", "removed: a cluster's metadata is always kept by the "
                    + "Raft quorum of cluster.voters (docs/cluster.md); delete the key");
        }
        java.util.List<Integer> voters = r.parsed("cluster.voters", ClusterConfig.defaultVoters(size),
                ClusterConfig::parseVoters);
        if (voters.size() > size) {
            // more voters than nodes: the quorum would count nodes that never start
            throw new ConfigException("cluster.voters", "names " + voters.size() + " voters " + voters
                    + ", more than cluster.size=" + size);
        }
        if (size - voters.size() > ClusterConfig.MAX_LEARNERS) {
            // the other nodes follow the metadata log as MicroRaft learners, of which a group has at most 2
            throw new ConfigException("cluster.voters", "names " + voters.size() + " voters " + voters + " for cluster.size="
                    + size + ": the " + (size - voters.size()) + " other nodes would follow the metadata quorum as "
                    + "learners, and MicroRaft allows at most " + ClusterConfig.MAX_LEARNERS + "; name more voters");
        }
        return new ClusterConfig(
                r.bool("cluster.enabled", false),
                r.string("cluster.name", ClusterConfig.DEFAULT_NAME),
                r.parsed("cluster.members", java.util.List.of(), ClusterConfig::parseMembers),
                r.bool("cluster.multicast", false),
                r.string("cluster.host", listenerHost),
                r.intValue("cluster.port", ClusterConfig.DEFAULT_PORT, 1, 65535),
                size,
                r.parsed("cluster.rack", null, s -> s),
                r.intValue("cluster.failure.timeout.ms", ClusterConfig.DEFAULT_FAILURE_TIMEOUT_MS, 1000, 600_000),
                r.longValue("cluster.join.timeout.ms", ClusterConfig.DEFAULT_JOIN_TIMEOUT_MS, 1, Long.MAX_VALUE),
                r.longValue("leader.imbalance.check.interval.ms", ClusterConfig.DEFAULT_LEADER_IMBALANCE_CHECK_INTERVAL_MS,
                        1, Long.MAX_VALUE),
                voters);
    }

    /**
     * The {@code cluster.metadata.*.ms} timings. Their relations are checked here, each refusal naming a
     * key: MicroRaft counts heartbeats in whole seconds; the heartbeat timeout is at least the interval;
     * the lease outlasts a heartbeat interval (a healthy follower keeps it) and, plus its check period
     * (a tenth), ends before the heartbeat timeout, after which the majority may elect another leader.
     */
    private static QuorumOptions quorumOptions(ConfigReader r) {
        long election = r.longValue(QUORUM_ELECTION_TIMEOUT_MS, QuorumOptions.DEFAULT_ELECTION_TIMEOUT.toMillis(), 1,
                600_000);
        long period = r.longValue(QUORUM_HEARTBEAT_INTERVAL_MS, QuorumOptions.DEFAULT_HEARTBEAT_PERIOD.toMillis(), 1000,
                600_000);
        long timeout = r.longValue(QUORUM_HEARTBEAT_TIMEOUT_MS, QuorumOptions.DEFAULT_HEARTBEAT_TIMEOUT.toMillis(), 1000,
                600_000);
        long lease = r.longValue(QUORUM_LEASE_MS, QuorumOptions.DEFAULT_LEASE.toMillis(), 1, 600_000);
        long proposal = r.longValue(QUORUM_PROPOSAL_TIMEOUT_MS, QuorumOptions.DEFAULT_PROPOSAL_TIMEOUT.toMillis(), 1,
                Integer.MAX_VALUE);
        long importWait = r.longValue(QUORUM_IMPORT_WAIT_MS, QuorumOptions.DEFAULT_IMPORT_WAIT.toMillis(), 1,
                Integer.MAX_VALUE);
        if (period % 1000 != 0) {
            throw new ConfigException(QUORUM_HEARTBEAT_INTERVAL_MS, "must be whole seconds (MicroRaft counts it in seconds), got "
                    + period);
        }
        if (timeout % 1000 != 0) {
            throw new ConfigException(QUORUM_HEARTBEAT_TIMEOUT_MS, "must be whole seconds (MicroRaft counts it in seconds), got "
                    + timeout);
        }
        if (timeout < period) {
            throw new ConfigException(QUORUM_HEARTBEAT_TIMEOUT_MS, "must be at least " + QUORUM_HEARTBEAT_INTERVAL_MS
                    + " (" + period + "), got " + timeout);
        }
        if (lease <= period) {
            throw new ConfigException(QUORUM_LEASE_MS, "must be above " + QUORUM_HEARTBEAT_INTERVAL_MS + " (" + period
                    + "), else a healthy node loses its lease between two heartbeats; got " + lease);
        }
        long fencedWithin = QuorumOptions.fencedWithin(java.time.Duration.ofMillis(lease)).toMillis();
        if (fencedWithin >= timeout) {
            throw new ConfigException(QUORUM_LEASE_MS, "plus its check period (a tenth: " + fencedWithin + " ms) must be below "
                    + QUORUM_HEARTBEAT_TIMEOUT_MS + " (" + timeout + "), so a cut-off node is fenced before the majority "
                    + "may elect another leader; got " + lease);
        }
        return new QuorumOptions(java.time.Duration.ofMillis(election), java.time.Duration.ofMillis(period),
                java.time.Duration.ofMillis(timeout), java.time.Duration.ofMillis(lease),
                java.time.Duration.ofMillis(proposal), QuorumOptions.DEFAULT_RETRY_BACKOFF,
                QuorumOptions.DEFAULT_SNAPSHOT_EVERY, java.time.Duration.ofMillis(importWait));
    }

    /** The same settings under the node id this node resolved at start (see {@link NodeIdentity}). */
    /** What a topic gets where its creator says nothing. */
    public TopicDefaults newTopicDefaults() {
        return new TopicDefaults(numPartitions, defaultReplicationFactor, topicDefaults);
    }

    /** The port clients are told to connect to, given the port the listener is bound to. */
    public int advertisedPort(int boundPort) {
        return advertisedPort == 0 ? boundPort : advertisedPort;
    }

    /** The native listener's address and per-connection limits. */
    public ListenerOptions listenerOptions() {
        return new ListenerOptions(listenerHost, listenerPort, socketRequestMaxBytes, maxInFlightRequests,
                queuedMaxRequestBytes, maxConnections, maxConnectionsPerIp, connectionsMaxIdleMs);
    }

    /** The Kafka listener's address, with the native listener's per-connection limits. */
    public ListenerOptions kafkaListenerOptions() {
        return new ListenerOptions(kafkaListener.host(), kafkaListener.port(), socketRequestMaxBytes, maxInFlightRequests,
                queuedMaxRequestBytes, maxConnections, maxConnectionsPerIp, connectionsMaxIdleMs);
    }

    public BrokerConfig withNodeId(int id) {
        return new BrokerConfig(id, listenerHost, listenerPort, advertisedHost, advertisedPort, dataDir, autoCreateTopics, numPartitions,
                defaultReplicationFactor, socketRequestMaxBytes, maxInFlightRequests, flushPolicy, flushIntervalMs,
                retentionCheckIntervalMs, checkpointIntervalMs, shutdownTimeoutMs, topicDefaults, cleanerIntervalMs,
                groups, offsetsTopicSegmentBytes, cluster, replicaLagTimeMaxMs, replicaFetch, queuedMaxRequestBytes,
                maxConnections, maxConnectionsPerIp, connectionsMaxIdleMs, maxBrokerPartitions, quorumOptions,
                producerIdExpirationMs, producerIdExpirationCheckIntervalMs, transactions, kafkaListener);
    }

    private static ReplicaFetcherOptions replicaFetch(ConfigReader r) {
        return new ReplicaFetcherOptions(
                r.intValue("replica.fetch.wait.max.ms", ReplicaFetcherOptions.DEFAULT_MAX_WAIT_MS, 0, Integer.MAX_VALUE),
                r.intValue("replica.fetch.min.bytes", ReplicaFetcherOptions.DEFAULT_MIN_BYTES, 0, Integer.MAX_VALUE),
                r.intValue("replica.fetch.response.max.bytes", ReplicaFetcherOptions.DEFAULT_MAX_BYTES, 1, Integer.MAX_VALUE),
                r.intValue("replica.fetch.max.bytes", ReplicaFetcherOptions.DEFAULT_PARTITION_MAX_BYTES, 1, Integer.MAX_VALUE),
                r.longValue("replica.fetch.backoff.ms", ReplicaFetcherOptions.DEFAULT_BACKOFF_MS, 1, Long.MAX_VALUE),
                ReplicaFetcherOptions.DEFAULT_REQUEST_TIMEOUT_MS);
    }

    private static GroupConfig groupConfig(ConfigReader r) {
        int minSession = r.intValue(GroupConfig.MIN_SESSION_TIMEOUT_MS, GroupConfig.DEFAULT_MIN_SESSION_TIMEOUT_MS,
                1, Integer.MAX_VALUE);
        GroupConfig g = new GroupConfig(
                r.intValue(GroupConfig.OFFSETS_TOPIC_NUM_PARTITIONS, GroupConfig.DEFAULT_OFFSETS_TOPIC_NUM_PARTITIONS,
                        1, TopicNames.MAX_PARTITIONS),
                r.intValue(GroupConfig.INITIAL_REBALANCE_DELAY_MS, GroupConfig.DEFAULT_INITIAL_REBALANCE_DELAY_MS,
                        0, Integer.MAX_VALUE),
                minSession,
                r.intValue(GroupConfig.MAX_SESSION_TIMEOUT_MS, GroupConfig.DEFAULT_MAX_SESSION_TIMEOUT_MS,
                        minSession, Integer.MAX_VALUE),
                r.intValue(GroupConfig.MAX_SIZE, GroupConfig.DEFAULT_MAX_SIZE, 1, Integer.MAX_VALUE),
                r.longValue(GroupConfig.OFFSETS_RETENTION_MINUTES, GroupConfig.DEFAULT_OFFSETS_RETENTION_MINUTES,
                        1, Long.MAX_VALUE / 60_000),
                r.longValue(GroupConfig.OFFSETS_RETENTION_CHECK_INTERVAL_MS,
                        GroupConfig.DEFAULT_OFFSETS_RETENTION_CHECK_INTERVAL_MS, 1, Long.MAX_VALUE),
                r.intValue(GroupConfig.OFFSET_METADATA_MAX_BYTES, GroupConfig.DEFAULT_OFFSET_METADATA_MAX_BYTES,
                        0, Short.MAX_VALUE));
        return g;
    }

    private static io.spate.txn.TxnConfig txnConfig(ConfigReader r) {
        return new io.spate.txn.TxnConfig(
                r.intValue(io.spate.txn.TxnConfig.STATE_LOG_NUM_PARTITIONS, io.spate.txn.TxnConfig.DEFAULT_STATE_LOG_NUM_PARTITIONS,
                        1, TopicNames.MAX_PARTITIONS),
                r.intValue(io.spate.txn.TxnConfig.STATE_LOG_REPLICATION_FACTOR,
                        io.spate.txn.TxnConfig.DEFAULT_STATE_LOG_REPLICATION_FACTOR, 1, Short.MAX_VALUE),
                r.intValue(io.spate.txn.TxnConfig.STATE_LOG_SEGMENT_BYTES, io.spate.txn.TxnConfig.DEFAULT_STATE_LOG_SEGMENT_BYTES,
                        14, Integer.MAX_VALUE),
                r.intValue(io.spate.txn.TxnConfig.MAX_TIMEOUT_MS, io.spate.txn.TxnConfig.DEFAULT_MAX_TIMEOUT_MS, 1, Integer.MAX_VALUE),
                r.longValue(io.spate.txn.TxnConfig.ID_EXPIRATION_MS, io.spate.txn.TxnConfig.DEFAULT_ID_EXPIRATION_MS, 1, Long.MAX_VALUE),
                r.longValue(io.spate.txn.TxnConfig.ABORT_CHECK_INTERVAL_MS, io.spate.txn.TxnConfig.DEFAULT_ABORT_CHECK_INTERVAL_MS,
                        1, Long.MAX_VALUE));
    }

    private static LogConfig topicDefaults(Map<String, String> overrides) {
        try {
            return LogConfig.from(overrides, LogConfig.defaults());
        } catch (InvalidConfigException e) {
            throw new ConfigException(TOPIC_DEFAULT_PREFIX + e.key(), e.getMessage());
        }
    }

    /** Every key with its effective value, for the start-up log and docs. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node.id", nodeId == NodeIdentity.AUTO ? "auto" : nodeId);
        m.put("listener.host", listenerHost);
        m.put("listener.port", listenerPort);
        m.put("listener.advertised.host", advertisedHost);
        m.put("listener.advertised.port", advertisedPort);
        m.put("kafka.listener.host", kafkaListener.host());
        m.put("kafka.listener.port", kafkaListener.port());
        m.put("kafka.advertised.listener", kafkaListener.advertisedHost() + ":" + kafkaListener.advertisedPort());
        m.put("data.dir", dataDir.toString());
        m.put("auto.create.topics.enable", autoCreateTopics);
        m.put("num.partitions", numPartitions);
        m.put("default.replication.factor", defaultReplicationFactor);
        m.put("socket.request.max.bytes", socketRequestMaxBytes);
        m.put("listener.max.in.flight.requests", maxInFlightRequests);
        m.put("queued.max.request.bytes", queuedMaxRequestBytes);
        m.put("max.connections", maxConnections);
        m.put("max.connections.per.ip", maxConnectionsPerIp);
        m.put("connections.max.idle.ms", connectionsMaxIdleMs);
        m.put("flush.policy", flushPolicy.configName());
        m.put("flush.interval.ms", flushIntervalMs);
        m.put("log.retention.check.interval.ms", retentionCheckIntervalMs);
        m.put("log.checkpoint.interval.ms", checkpointIntervalMs);
        m.put("shutdown.timeout.ms", shutdownTimeoutMs);
        m.put("log.cleaner.interval.ms", cleanerIntervalMs);
        m.put("producer.id.expiration.ms", producerIdExpirationMs);
        m.put("producer.id.expiration.check.interval.ms", producerIdExpirationCheckIntervalMs);
        m.put(io.spate.txn.TxnConfig.STATE_LOG_NUM_PARTITIONS, transactions.stateLogNumPartitions());
        m.put(io.spate.txn.TxnConfig.STATE_LOG_REPLICATION_FACTOR, transactions.stateLogReplicationFactor());
        m.put(io.spate.txn.TxnConfig.STATE_LOG_SEGMENT_BYTES, transactions.stateLogSegmentBytes());
        m.put(io.spate.txn.TxnConfig.MAX_TIMEOUT_MS, transactions.maxTimeoutMs());
        m.put(io.spate.txn.TxnConfig.ID_EXPIRATION_MS, transactions.idExpirationMs());
        m.put(io.spate.txn.TxnConfig.ABORT_CHECK_INTERVAL_MS, transactions.abortCheckIntervalMs());
        m.put(GroupConfig.OFFSETS_TOPIC_NUM_PARTITIONS, groups.offsetsTopicNumPartitions());
        m.put("offsets.topic.segment.bytes", offsetsTopicSegmentBytes);
        m.put(GroupConfig.OFFSETS_RETENTION_MINUTES, groups.offsetsRetentionMinutes());
        m.put(GroupConfig.OFFSETS_RETENTION_CHECK_INTERVAL_MS, groups.offsetsRetentionCheckIntervalMs());
        m.put(GroupConfig.OFFSET_METADATA_MAX_BYTES, groups.offsetMetadataMaxBytes());
        m.put(GroupConfig.INITIAL_REBALANCE_DELAY_MS, groups.initialRebalanceDelayMs());
        m.put(GroupConfig.MIN_SESSION_TIMEOUT_MS, groups.minSessionTimeoutMs());
        m.put(GroupConfig.MAX_SESSION_TIMEOUT_MS, groups.maxSessionTimeoutMs());
        m.put(GroupConfig.MAX_SIZE, groups.maxSize());
        m.put("cluster.enabled", cluster.enabled());
        m.put("cluster.name", cluster.name());
        m.put("cluster.members", String.join(",", cluster.members()));
        m.put("cluster.multicast", cluster.multicast());
        m.put("cluster.host", cluster.host());
        m.put("cluster.port", cluster.port());
        m.put("cluster.size", cluster.size());
        m.put("cluster.rack", cluster.rack());
        m.put("cluster.failure.timeout.ms", cluster.failureTimeoutMs());
        m.put("cluster.join.timeout.ms", cluster.joinTimeoutMs());
        m.put("leader.imbalance.check.interval.ms", cluster.leaderImbalanceCheckIntervalMs());
        m.put("cluster.voters", cluster.voters().stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(",")));
        m.put(QUORUM_ELECTION_TIMEOUT_MS, quorumOptions.electionTimeout().toMillis());
        m.put(QUORUM_HEARTBEAT_INTERVAL_MS, quorumOptions.heartbeatPeriod().toMillis());
        m.put(QUORUM_HEARTBEAT_TIMEOUT_MS, quorumOptions.heartbeatTimeout().toMillis());
        m.put(QUORUM_LEASE_MS, quorumOptions.lease().toMillis());
        m.put(QUORUM_PROPOSAL_TIMEOUT_MS, quorumOptions.proposalTimeout().toMillis());
        m.put(QUORUM_IMPORT_WAIT_MS, quorumOptions.importWait().toMillis());
        m.put("replica.lag.time.max.ms", replicaLagTimeMaxMs);
        m.put("replica.fetch.wait.max.ms", replicaFetch.maxWaitMs());
        m.put("replica.fetch.min.bytes", replicaFetch.minBytes());
        m.put("replica.fetch.response.max.bytes", replicaFetch.maxBytes());
        m.put("replica.fetch.max.bytes", replicaFetch.partitionMaxBytes());
        m.put("replica.fetch.backoff.ms", replicaFetch.backoffMs());
        m.put("max.broker.partitions", maxBrokerPartitions);
        topicDefaults.toMap().forEach((k, v) -> m.put(TOPIC_DEFAULT_PREFIX + k, v));
        return m;
    }
}
