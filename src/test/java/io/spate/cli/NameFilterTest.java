package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NameFilterTest {
    private static final List<String> TOPICS = List.of("orders", "orders.eu", "orders-us", "payments", "o.x", "oxx");

    @Test
    void globsMatchWholeNamesAndDotsAreLiteral() {
        NameFilter f = NameFilter.of(List.of("orders*", "o.?"), false);
        assertTrue(f.hasPatterns());
        assertEquals(List.of("o.x", "orders", "orders-us", "orders.eu"), f.select(TOPICS, n -> true));
        assertFalse(f.matches("payments"));
        assertFalse(f.matches("oxx"), "a dot in a glob is a dot");
    }

    @Test
    void regularExpressionsWithRegexMatchWholeNames() {
        NameFilter f = NameFilter.of(List.of("orders\\..*", "pay"), true);
        assertEquals(List.of("orders.eu"), f.select(TOPICS, n -> true));
        assertThrows(IllegalArgumentException.class, () -> NameFilter.of(List.of("a["), true));
    }

    @Test
    void literalsAreSelectedAsGivenAndPatternsOnlyWhereAllowed() {
        NameFilter f = NameFilter.of(List.of("missing", "*"), false);
        assertEquals(List.of("missing"), f.literals());
        assertEquals(List.of("missing", "orders", "payments"),
                f.select(List.of("orders", "payments", "__consumer_offsets"), n -> !n.startsWith("__")));
    }

    @Test
    void noArgumentMatchesEverything() {
        NameFilter f = NameFilter.of(List.of(), false);
        assertTrue(f.isEmpty());
        assertTrue(f.matches("anything"));
    }
}
