package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.client.AdminConfig;
import io.spate.client.ConsumerConfig;
import io.spate.client.ProducerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientPropertiesTest {
    @Test
    void xGoesToEveryClientThatHasTheKeyAndTheSpecificOnesWin() {
        ClientProperties p = new ClientProperties(Map.of("request.timeout.ms", "7000", "linger.ms", "9",
                "max.poll.records", "3"), Map.of("linger.ms", "11"), Map.of("request.timeout.ms", "8000"));
        p.check();
        assertEquals(7000, p.applyTo(new AdminConfig()).getRequestTimeoutMs());
        ProducerConfig producer = p.applyTo(new ProducerConfig().setLingerMs(1));
        assertEquals(11, producer.getLingerMs());
        assertEquals(7000, producer.getRequestTimeoutMs());
        ConsumerConfig consumer = p.applyTo(new ConsumerConfig());
        assertEquals(3, consumer.getMaxPollRecords());
        assertEquals(8000, consumer.getRequestTimeoutMs());
    }

    @Test
    void xSetsTheReconnectBackoffOfEveryClient() {
        ClientProperties p = new ClientProperties(Map.of("reconnect.backoff.ms", "25",
                "reconnect.backoff.max.ms", "400"), Map.of(), Map.of());
        p.check();
        assertEquals(25, p.applyTo(new AdminConfig()).getReconnectBackoffMs());
        assertEquals(400, p.applyTo(new ProducerConfig()).getReconnectBackoffMaxMs());
        assertEquals(25, p.applyTo(new ConsumerConfig()).getReconnectBackoffMs());
    }

    @Test
    void producerPropertyTurnsIdempotenceOffOrInsistsOnIt() {
        ClientProperties off = new ClientProperties(Map.of(), Map.of("enable.idempotence", "false"), Map.of());
        off.check();
        assertFalse(off.applyTo(new ProducerConfig()).isIdempotent());
        assertTrue(new ClientProperties(Map.of(), Map.of(), Map.of()).applyTo(new ProducerConfig()).isIdempotent());
        // --acks 1 (what produce --acks sets) turns the default off; insisting on it is refused
        ProducerConfig insisted = new ClientProperties(Map.of(), Map.of("enable.idempotence", "true"), Map.of())
                .applyTo(new ProducerConfig().setAcks((short) 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, insisted::validate);
        assertTrue(e.getMessage().startsWith("enable.idempotence=true needs acks=all"), e.getMessage());
    }

    @Test
    void anUnknownKeyIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClientProperties(Map.of("no.such.key", "1"), Map.of(), Map.of()).check());
        assertEquals("unknown client option 'no.such.key' (-X no.such.key=…)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ClientProperties(Map.of(), Map.of("fetch.min.bytes", "1"), Map.of()).check());
        assertEquals("unknown producer option 'fetch.min.bytes' (--producer-property)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ClientProperties(Map.of(), Map.of(), Map.of("acks", "1")).check());
        assertEquals("unknown consumer option 'acks' (--consumer-property)", e.getMessage());
    }

    @Test
    void aValueThatDoesNotParseIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClientProperties(Map.of("linger.ms", "soon"), Map.of(), Map.of()).check());
        assertEquals("linger.ms must be an integer, was 'soon'", e.getMessage());
    }

    @Test
    void keysTheCliSetsItselfAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClientProperties(Map.of("bootstrap.servers", "h:1"), Map.of(), Map.of()).check());
        assertEquals("-X bootstrap.servers: the CLI sets bootstrap.servers from --bootstrap", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new ClientProperties(Map.of(), Map.of(), Map.of("group.id", "g")).check());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ClientProperties(Map.of("enable.auto.commit", "true"), Map.of(), Map.of()).check());
        assertEquals("-X enable.auto.commit: the CLI sets enable.auto.commit from what consume --group has printed"
                + " (it commits that, never more)", e.getMessage());
    }
}
