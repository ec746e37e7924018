package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.core.FlushPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrokerConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreTheEmbeddedSingleNode() {
        BrokerConfig c = BrokerConfig.defaults();
        assertEquals("127.0.0.1", c.listenerHost());
        assertEquals(7092, c.listenerPort());
        assertEquals(Path.of("./data"), c.dataDir());
        assertEquals(FlushPolicy.ACKS_ALL, c.flushPolicy());
        assertEquals(false, c.autoCreateTopics());
        assertEquals(604_800_000L, c.topicDefaults().retentionMs());
    }

    @Test
    void nestedJsonAndSetOverridesAreFlattened() throws Exception {
        Path file = dir.resolve("broker.json");
        Files.writeString(file, "{\"node\": {\"id\": 7}, \"listener\": {\"port\": 9000}, \"log\": {\"retention.ms\": 1000}}");
        BrokerConfig c = ConfigLoader.load(file, List.of("listener.port=9100", "data.dir=/tmp/x"));
        assertEquals(7, c.nodeId());
        assertEquals(9100, c.listenerPort(), "--set wins over the file");
        assertEquals(Path.of("/tmp/x"), c.dataDir());
        assertEquals(1000L, c.topicDefaults().retentionMs());
    }

    @ParameterizedTest
    @CsvSource({
        "listener.prot, 9000, listener.prot",
        "listener.port, abc, listener.port",
        "listener.port, 70000, listener.port",
        "flush.policy, sometimes, flush.policy",
        "auto.create.topics.enable, yes, auto.create.topics.enable",
        "log.retention.ms, soon, log.retention.ms",
        "log.no.such.thing, 1, log.no.such.thing",
        "log.cleaner.interval.ms, 0, log.cleaner.interval.ms",
    })
    void badKeysAndValuesAreRefusedNamingTheKey(String key, String value, String named) {
        ConfigException e = assertThrows(ConfigException.class, () -> BrokerConfig.from(Map.of(key, value)));
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    @Test
    void theMetadataQuorumTimingsAreKeysWithTheirDefaults() {
        io.spate.cluster.raft.QuorumOptions d = BrokerConfig.defaults().quorumOptions();
        assertEquals(io.spate.cluster.raft.QuorumOptions.DEFAULTS, d);
        io.spate.cluster.raft.QuorumOptions q = BrokerConfig.from(Map.of("cluster.metadata.proposal.timeout.ms", "3000",
                "cluster.metadata.heartbeat.interval.ms", "1000", "cluster.metadata.heartbeat.timeout.ms", "2000",
                "cluster.metadata.lease.ms", "1500", "cluster.metadata.election.timeout.ms", "200",
                "cluster.metadata.import.wait.ms", "20000")).quorumOptions();
        assertEquals(java.time.Duration.ofSeconds(3), q.proposalTimeout());
        assertEquals(java.time.Duration.ofSeconds(2), q.heartbeatTimeout());
        assertEquals(java.time.Duration.ofMillis(1500), q.lease());
        assertEquals(java.time.Duration.ofMillis(200), q.electionTimeout());
        assertEquals(java.time.Duration.ofSeconds(20), q.importWait());
        assertEquals(3000L, BrokerConfig.from(Map.of("cluster.metadata.proposal.timeout.ms", "3000")).describe()
                .get("cluster.metadata.proposal.timeout.ms"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        // MicroRaft counts heartbeats in whole seconds
        "cluster.metadata.heartbeat.interval.ms=1500; cluster.metadata.heartbeat.interval.ms",
        "cluster.metadata.heartbeat.timeout.ms=2500; cluster.metadata.heartbeat.timeout.ms",
        "cluster.metadata.heartbeat.interval.ms=3000,cluster.metadata.heartbeat.timeout.ms=2000,cluster.metadata.lease.ms=1900; cluster.metadata.heartbeat.timeout.ms",
        // a lease no longer than a heartbeat interval is lost between two heartbeats
        "cluster.metadata.lease.ms=1000; cluster.metadata.lease.ms",
        // 2,800 + 280 ms is past the 3 s after which the majority may elect another leader
        "cluster.metadata.lease.ms=2800; cluster.metadata.lease.ms",
        "cluster.metadata.lease.ms=3000; cluster.metadata.lease.ms",
        "cluster.metadata.proposal.timeout.ms=0; cluster.metadata.proposal.timeout.ms",
        "cluster.metadata.election.timeout.ms=soon; cluster.metadata.election.timeout.ms",
        "cluster.metadata.import.wait.ms=-1; cluster.metadata.import.wait.ms",
    })
    void badQuorumTimingsAreRefusedNamingTheKey(String settings, String named) {
        Map<String, String> m = new java.util.HashMap<>();
        for (String kv : settings.split(",")) {
            m.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        ConfigException e = assertThrows(ConfigException.class, () -> BrokerConfig.from(m));
        assertEquals(named, e.key(), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void transactionKeysHaveKafkasDefaultsAndBadValuesAreRefusedByName() {
        io.spate.txn.TxnConfig d = BrokerConfig.defaults().transactions();
        assertEquals(io.spate.txn.TxnConfig.defaults(), d);
        assertEquals(50, d.stateLogNumPartitions());
        assertEquals(3, d.stateLogReplicationFactor());
        assertEquals(900_000, d.maxTimeoutMs());
        assertEquals(604_800_000L, d.idExpirationMs());
        assertEquals(10_000, d.abortCheckIntervalMs());
        io.spate.txn.TxnConfig set = BrokerConfig.from(Map.of("transaction.state.log.num.partitions", "7",
                "transaction.max.timeout.ms", "1000", "transactional.id.expiration.ms", "5",
                "transaction.abort.timed.out.transaction.cleanup.interval.ms", "20",
                "transaction.state.log.segment.bytes", "65536", "transaction.state.log.replication.factor", "2"))
                .transactions();
        assertEquals(new io.spate.txn.TxnConfig(7, 2, 65536, 1000, 5, 20), set);
        for (String key : List.of("transaction.state.log.num.partitions", "transaction.max.timeout.ms",
                "transactional.id.expiration.ms", "transaction.abort.timed.out.transaction.cleanup.interval.ms",
                "transaction.state.log.replication.factor")) {
            ConfigException bad = assertThrows(ConfigException.class, () -> BrokerConfig.from(Map.of(key, "0")));
            assertEquals(key, bad.key());
        }
        assertEquals(7, BrokerConfig.from(Map.of("transaction.state.log.num.partitions", "7")).describe()
                .get("transaction.state.log.num.partitions"));
    }

    @Test
    void theFirstThreeNodesVoteByDefaultAndTheOldQuorumSwitchIsRefused() {
        assertEquals(List.of(1, 2, 3), BrokerConfig.from(Map.of("cluster.size", "3")).cluster().voters());
        assertEquals(List.of(1, 2), BrokerConfig.from(Map.of("cluster.size", "2")).cluster().voters());
        assertEquals(List.of(1, 2, 3), BrokerConfig.from(Map.of("cluster.size", "3", "cluster.voters", " 3, 1,2 "))
                .cluster().voters());
        ConfigException removed = assertThrows(ConfigException.class, () -> BrokerConfig.from(Map.of(
                "cluster.size", "3", "cluster.metadata.quorum", "true")));
        assertEquals("cluster.metadata.quorum", removed.key());
        assertTrue(removed.getMessage().contains("removed"), removed.getMessage());
    }

    @Test
    void nodesBeyondTheVotersFollowAsLearnersUpToMicroRaftsLimit() {
        // 4 and 5 nodes with the default voters (the first 3): the others are learners
        assertEquals(List.of(1, 2, 3), BrokerConfig.from(Map.of("cluster.size", "5")).cluster().voters());
        assertEquals(List.of(1, 2), BrokerConfig.from(Map.of("cluster.size", "3", "cluster.voters", "1,2"))
                .cluster().voters());
        // from 6 nodes on, the default names all but 2 (MicroRaft's most learners)
        assertEquals(List.of(1, 2, 3, 4), BrokerConfig.from(Map.of("cluster.size", "6")).cluster().voters());
        assertEquals(List.of(1, 2, 3, 4, 5), BrokerConfig.from(Map.of("cluster.size", "7")).cluster().voters());
        ConfigException tooMany = assertThrows(ConfigException.class, () -> BrokerConfig.from(Map.of(
                "cluster.size", "6", "cluster.voters", "1,2,3")));
        assertEquals("cluster.voters", tooMany.key());
        assertTrue(tooMany.getMessage().contains("at most 2"), tooMany.getMessage());
        ConfigException overSize = assertThrows(ConfigException.class, () -> BrokerConfig.from(Map.of(
                "cluster.size", "2", "cluster.voters", "1,2,3")));
        assertTrue(overSize.getMessage().contains("more than cluster.size=2"), overSize.getMessage());
        ConfigException twice = assertThrows(ConfigException.class, () -> BrokerConfig.from(Map.of(
                "cluster.size", "3", "cluster.voters", "1,2,2")));
        assertTrue(twice.getMessage().contains("listed twice"), twice.getMessage());
        assertThrows(ConfigException.class, () -> BrokerConfig.from(Map.of("cluster.voters", "1,x")));
        assertThrows(ConfigException.class, () -> BrokerConfig.from(Map.of("cluster.voters", " , ")));
    }

    @Test
    void shippedExampleConfigIsValid() {
        BrokerConfig c = ConfigLoader.load(Path.of("conf/broker.json"), List.of());
        assertEquals(7092, c.listenerPort());
    }

    @Test
    void malformedJsonIsAClearError() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"listener\": ");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(file, List.of()));
        assertTrue(e.getMessage().contains("bad.json"));
    }

    @Test
    void cleanerIntervalIsANodeKeyWithItsDefault() {
        assertEquals(BrokerConfig.DEFAULT_CLEANER_INTERVAL_MS, BrokerConfig.defaults().cleanerIntervalMs());
        BrokerConfig c = BrokerConfig.from(Map.of("log.cleaner.interval.ms", "250"));
        assertEquals(250, c.cleanerIntervalMs());
        assertEquals(250L, c.describe().get("log.cleaner.interval.ms"));
    }
}
