package io.spate.broker.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicNamesTest {
    @Test
    void dotsAndUnderscoresCollideInMetricNames() {
        assertEquals("foo.bar", TopicNames.collidingWith("foo_bar", List.of("orders", "foo.bar")));
        assertEquals("a_b.c", TopicNames.collidingWith("a.b_c", List.of("a_b.c")));
        assertNull(TopicNames.collidingWith("foo.bar", List.of("foo.bar", "foobar", "foo-bar")));
    }
}
