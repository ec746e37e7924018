package io.spate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

/**
 * Equality of decoded messages for tests: records compare component by component, lists item by
 * item, {@code byte[]} by content (a record's own equals compares arrays by identity), anything else
 * with {@code equals}. Failures name the path of the differing field.
 */
final class MessageAssertions {
    private MessageAssertions() {
    }

    static void assertMessageEquals(Object expected, Object actual) {
        assertDeepEquals(expected, actual, expected == null ? "message" : expected.getClass().getSimpleName());
    }

    private static void assertDeepEquals(Object expected, Object actual, String path) {
        if (expected == null || actual == null) {
            assertEquals(expected, actual, path);
        } else if (expected instanceof byte[] e) {
            if (!(actual instanceof byte[] a) || !Arrays.equals(e, a)) {
                fail(path + ": expected bytes " + Arrays.toString(e) + " but was " + describe(actual));
            }
        } else if (expected instanceof List<?> e) {
            if (!(actual instanceof List<?> a) || e.size() != a.size()) {
                fail(path + ": expected a list of " + e.size() + " but was " + describe(actual));
                return;
            }
            for (int i = 0; i < e.size(); i++) {
                assertDeepEquals(e.get(i), a.get(i), path + "[" + i + "]");
            }
        } else if (expected.getClass().isRecord()) {
            assertEquals(expected.getClass(), actual.getClass(), path);
            for (RecordComponent c : expected.getClass().getRecordComponents()) {
                assertDeepEquals(value(c, expected), value(c, actual), path + "." + c.getName());
            }
        } else {
            assertEquals(expected, actual, path);
        }
    }

    private static Object value(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError("cannot read " + c.getName() + " of " + record.getClass(), e);
        }
    }

    private static String describe(Object o) {
        return o instanceof byte[] b ? "bytes " + Arrays.toString(b) : String.valueOf(o);
    }
}
