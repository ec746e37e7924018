package io.spate.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.record.CompressionType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientConfigTest {
    @Test
    void defaultsAreKafkas() {
        ProducerConfig p = new ProducerConfig().validate();
        assertEquals(-1, p.getAcks());
        assertEquals(16_384, p.getBatchSize());
        assertEquals(5, p.getLingerMs());
        assertEquals(CompressionType.NONE, p.getCompressionType());
        assertEquals(120_000, p.getDeliveryTimeoutMs());
        assertEquals(30_000, p.getRequestTimeoutMs());
        assertEquals(5, p.getMaxInFlight());
        assertEquals(32L * 1024 * 1024, p.getBufferMemory());
        assertEquals(60_000, p.getMaxBlockMs());
        assertEquals(1_048_576, p.getMaxRequestSize());
        assertEquals(100, p.getRetryBackoffMs());
        assertEquals(1_000, p.getRetryBackoffMaxMs());
        assertEquals(300_000, p.getMetadataMaxAgeMs());
        assertEquals(50, p.getReconnectBackoffMs());
        assertEquals(1_000, p.getReconnectBackoffMaxMs());
        ConsumerConfig c = new ConsumerConfig().validate();
        assertEquals(1, c.getFetchMinBytes());
        assertEquals(500, c.getFetchMaxWaitMs());
        assertEquals(50 * 1024 * 1024, c.getFetchMaxBytes());
        assertEquals(1024 * 1024, c.getMaxPartitionFetchBytes());
        assertEquals(500, c.getMaxPollRecords());
        assertEquals(OffsetResetStrategy.LATEST, c.getAutoOffsetReset());
        assertTrue(c.isCheckCrcs());
    }

    @Test
    void producerReadsKafkaKeys() {
        ProducerConfig p = ProducerConfig.fromMap(Map.of("bootstrap.servers", "a:1, b:2", "acks", "all",
                "linger.ms", "20", "compression.type", "zstd", "batch.size", "1000", "client.id", "me",
                "max.in.flight.requests.per.connection", "1", "buffer.memory", "100000", "max.block.ms", "10",
                "retries", "3"));
        assertEquals(List.of("a:1", "b:2"), p.getBootstrapServers());
        assertFalse(ProducerConfig.fromMap(Map.of("send.when.idle", "false")).getSendWhenIdle());
        assertTrue(new ProducerConfig().getSendWhenIdle(), "on by default");
        assertTrue(ProducerConfig.fromMap(Map.of("abort.on.send.failure", "true")).getAbortOnSendFailure());
        assertFalse(new ProducerConfig().getAbortOnSendFailure(), "off by default, as in Kafka");
        assertEquals(-1, p.getAcks());
        assertEquals(20, p.getLingerMs());
        assertEquals(CompressionType.ZSTD, p.getCompressionType());
        assertEquals(1000, p.getBatchSize());
        assertEquals("me", p.getClientId());
        assertEquals(1, p.getMaxInFlight());
        assertEquals(3, p.getRetries());
        assertEquals(1, ProducerConfig.fromMap(Map.of("acks", "1")).getAcks());
        assertEquals(0, ProducerConfig.fromMap(Map.of("acks", "0")).getAcks());
    }

    @Test
    void consumerAndAdminReadKafkaKeys() {
        ConsumerConfig c = ConsumerConfig.fromMap(Map.of("auto.offset.reset", "earliest", "check.crcs", "false",
                "max.poll.records", "10", "fetch.max.wait.ms", "100"));
        assertEquals(OffsetResetStrategy.EARLIEST, c.getAutoOffsetReset());
        assertFalse(c.isCheckCrcs());
        assertEquals(10, c.getMaxPollRecords());
        assertEquals(100, c.getFetchMaxWaitMs());
        assertEquals(5_000, AdminConfig.fromMap(Map.of("default.api.timeout.ms", "5000")).getDefaultApiTimeoutMs());
    }

    @Test
    void everyClientReadsTheReconnectBackoffKeys() {
        Map<String, String> keys = Map.of("reconnect.backoff.ms", "20", "reconnect.backoff.max.ms", "300");
        for (ClientConfig<?> c : List.of(ProducerConfig.fromMap(keys), ConsumerConfig.fromMap(keys),
                AdminConfig.fromMap(keys))) {
            assertEquals(20, c.getReconnectBackoffMs());
            assertEquals(300, c.getReconnectBackoffMaxMs());
        }
    }

    @Test
    void aReconnectCapBelowTheBaseIsAccepted() {
        // Kafka takes it as a constant backoff of the cap (NetworkConfig.reconnectBackoffMs), not an error
        AdminConfig c = AdminConfig.fromMap(Map.of("reconnect.backoff.ms", "500", "reconnect.backoff.max.ms", "100"));
        assertEquals(500, c.getReconnectBackoffMs());
        assertEquals(100, c.getReconnectBackoffMaxMs());
    }

    @Test
    void aBadReconnectBackoffIsRefusedWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdminConfig.fromMap(Map.of("reconnect.backoff.ms", "-1")));
        assertEquals("reconnect.backoff.ms must be in [0, " + Long.MAX_VALUE + "], was -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConsumerConfig.fromMap(Map.of("reconnect.backoff.max.ms", "1s")));
        assertEquals("reconnect.backoff.max.ms must be an integer, was '1s'", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "acks|2",
        "linger.ms|soon",
        "send.when.idle|sometimes",
        "abort.on.send.failure|maybe",
        "enable.idempotence|yes",
        "batch.size|0",
        "compression.type|brotli",
        "max.in.flight.requests.per.connection|0",
        "buffer.memory|-5",
        "bootstrap.servers|nohost",
        "bootstrap.servers|h:70000",
        "request.timeout.ms|0",
        "delivery.timeout.ms|10",
        "reconnect.backoff.ms|-1",
        "reconnect.backoff.ms|fast",
        "reconnect.backoff.max.ms|-5",
        "reconnect.backoff.max.ms|1s",
        "no.such.key|1"})
    void badProducerValueNamesTheKey(String key, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProducerConfig.fromMap(Map.of(key, value)));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "acks|1|acks=1",
        "acks|0|acks=0",
        "retries|0|retries=0",
        "max.in.flight.requests.per.connection|6|max.in.flight.requests.per.connection=6"})
    void idempotenceSetExplicitlyRefusesAConflictingValueInOneLine(String key, String value, String named) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProducerConfig.fromMap(Map.of("enable.idempotence", "true", key, value)));
        assertEquals("enable.idempotence=true needs acks=all, retries > 0 and max.in.flight.requests.per.connection"
                + " <= 5, was " + named + " (set enable.idempotence=false to keep it)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SpateProducer.create(
                ProducerConfig.fromMap(Map.of(key, value)).setEnableIdempotence(true)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "acks|1",
        "acks|0",
        "retries|0",
        "max.in.flight.requests.per.connection|6"})
    void idempotenceLeftAtItsDefaultIsTurnedOffByAConflictingValue(String key, String value) {
        ProducerConfig config = ProducerConfig.fromMap(Map.of(key, value));
        assertTrue(config.getEnableIdempotence(), "the default stays true");
        assertFalse(config.isIdempotent(), "but the producer is not idempotent, as in Kafka 3.x");
    }

    @Test
    void producerIsIdempotentByDefaultAndFalseTurnsItOff() {
        assertTrue(new ProducerConfig().isIdempotent());
        assertTrue(ProducerConfig.fromMap(Map.of("enable.idempotence", "true", "acks", "all",
                "max.in.flight.requests.per.connection", "5")).isIdempotent());
        assertFalse(ProducerConfig.fromMap(Map.of("enable.idempotence", "false")).isIdempotent());
        assertFalse(ProducerConfig.fromMap(Map.of("enable.idempotence", "false", "acks", "1")).isIdempotent());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "auto.offset.reset|middle",
        "check.crcs|yes",
        "max.poll.records|0",
        "fetch.max.bytes|0",
        "fetch.max.wait.ms|40000",
        "group.id|' '",
        "group.instance.id|static-1",
        "enable.auto.commit|true",
        "enable.auto.commit|maybe",
        "session.timeout.ms|0",
        "heartbeat.interval.ms|45000",
        "max.poll.interval.ms|0",
        "auto.commit.interval.ms|-1",
        "partition.assignment.strategy|fancy",
        "partition.assignment.strategy|' , '"})
    void badConsumerValueNamesTheKey(String key, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConsumerConfig.fromMap(Map.of(key, value)));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void groupKeysHaveKafkasDefaultsAndAutoCommitFollowsTheGroup() {
        ConsumerConfig none = ConsumerConfig.fromMap(Map.of());
        assertEquals(null, none.getGroupId());
        assertFalse(none.isEnableAutoCommit());
        ConsumerConfig grouped = ConsumerConfig.fromMap(Map.of("group.id", "g", "group.instance.id", "i-1"));
        assertTrue(grouped.isEnableAutoCommit());
        assertEquals(45_000, grouped.getSessionTimeoutMs());
        assertEquals(3_000, grouped.getHeartbeatIntervalMs());
        assertEquals(300_000, grouped.getMaxPollIntervalMs());
        assertEquals(5_000, grouped.getAutoCommitIntervalMs());
        assertEquals(List.of("range", "cooperative-sticky"),
                grouped.assignors().stream().map(a -> a.name()).toList());
        assertFalse(ConsumerConfig.fromMap(Map.of("group.id", "g", "enable.auto.commit", "false")).isEnableAutoCommit());
    }

    @Test
    void validationIsAlsoRunAtCreation() {
        assertThrows(IllegalArgumentException.class,
                () -> SpateProducer.create(new ProducerConfig().setBatchSize(-1)));
    }
}
