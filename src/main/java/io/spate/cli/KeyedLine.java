package io.spate.cli;

import java.util.Arrays;

/**
 * A line of {@code spate produce} input split into key and value at the first occurrence of the
 * key separator, as Kafka's console producer does with {@code parse.key=true}.
 */
record KeyedLine(byte[] key, byte[] value) {

    /** Splits at the first {@code separator}; null when the line does not contain it. */
    static KeyedLine split(byte[] line, byte[] separator) {
        int at = indexOf(line, separator);
        if (at < 0) {
            return null;
        }
        return new KeyedLine(Arrays.copyOfRange(line, 0, at), Arrays.copyOfRange(line, at + separator.length, line.length));
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        if (needle.length == 0) {
            return -1;
        }
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
