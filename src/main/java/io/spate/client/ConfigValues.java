package io.spate.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parsing and range checks of client config values given as text (Kafka's key names), each error
 * an {@link IllegalArgumentException} that names the key and the bad value.
 */
final class ConfigValues {
    private ConfigValues() {
    }

    static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw bad(key, value, "an integer");
        }
    }

    static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw bad(key, value, "an integer");
        }
    }

    static boolean parseBoolean(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return v.equals("true");
        }
        throw bad(key, value, "true or false");
    }

    /** A comma-separated list; blank items are dropped. */
    static List<String> parseList(String value) {
        List<String> out = new ArrayList<>();
        for (String s : value.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    static void checkRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be in [" + min + ", " + max + "], was " + value);
        }
    }

    /** Checks that every address is host:port with a port in 1..65535. */
    static void checkAddresses(String key, List<String> addresses) {
        if (addresses == null || addresses.isEmpty()) {
            throw new IllegalArgumentException(key + " must list at least one host:port");
        }
        for (String a : addresses) {
            int colon = a.lastIndexOf(':');
            if (colon <= 0 || colon == a.length() - 1) {
                throw new IllegalArgumentException(key + " has an address without host:port: '" + a + "'");
            }
            int port;
            try {
                port = Integer.parseInt(a.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " has a bad port in '" + a + "'");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(key + " has a port out of range in '" + a + "'");
            }
        }
    }

    static IllegalArgumentException bad(String key, String value, String expected) {
        return new IllegalArgumentException(key + " must be " + expected + ", was '" + value + "'");
    }
}
