package io.spate.client.assignor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartitionAssignorsTest {
    @ParameterizedTest
    @CsvSource({
        "range, range, EAGER",
        "roundrobin, roundrobin, EAGER",
        "sticky, sticky, EAGER",
        "cooperative-sticky, cooperative-sticky, COOPERATIVE",
        "org.apache.kafka.clients.consumer.RangeAssignor, range, EAGER",
        "org.apache.kafka.clients.consumer.RoundRobinAssignor, roundrobin, EAGER",
        "org.apache.kafka.clients.consumer.StickyAssignor, sticky, EAGER",
        "org.apache.kafka.clients.consumer.CooperativeStickyAssignor, cooperative-sticky, COOPERATIVE"})
    void namesAndKafkaClassNamesGiveTheAssignor(String configured, String name, RebalanceProtocol protocol) {
        PartitionAssignor a = PartitionAssignors.forName(configured);
        assertEquals(name, a.name());
        assertEquals(protocol, a.protocol());
    }

    @Test
    void ourNamesAreKafkasProtocolNames() {
        assertEquals(new org.apache.kafka.clients.consumer.RangeAssignor().name(), new RangeAssignor().name());
        assertEquals(new org.apache.kafka.clients.consumer.RoundRobinAssignor().name(), new RoundRobinAssignor().name());
        assertEquals(new org.apache.kafka.clients.consumer.StickyAssignor().name(), new StickyAssignor().name());
        assertEquals(new org.apache.kafka.clients.consumer.CooperativeStickyAssignor().name(),
                new CooperativeStickyAssignor().name());
    }

    @Test
    void listKeepsOrderSkipsBlanksAndDuplicates() {
        List<PartitionAssignor> list = PartitionAssignors.fromConfig(
                " cooperative-sticky, ,range,org.apache.kafka.clients.consumer.RangeAssignor ");
        assertEquals(List.of("cooperative-sticky", "range"), list.stream().map(PartitionAssignor::name).toList());
    }

    @Test
    void defaultStrategyIsRangeThenCooperativeSticky() {
        assertEquals(List.of("range", "cooperative-sticky"),
                PartitionAssignors.fromConfig(PartitionAssignors.DEFAULT_STRATEGY).stream()
                        .map(PartitionAssignor::name).toList());
    }

    @Test
    void unknownNameIsRefusedNamingTheKnownOnes() {
        UnknownAssignorException e = assertThrows(UnknownAssignorException.class,
                () -> PartitionAssignors.fromConfig("range,fancy"));
        assertEquals("fancy", e.name());
        assertTrue(e.getMessage().contains("range, roundrobin, sticky, cooperative-sticky"), e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e);
    }

    @Test
    void emptyListIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PartitionAssignors.fromConfig(" , "));
    }
}
