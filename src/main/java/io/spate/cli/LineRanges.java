package io.spate.cli;

import java.util.Map;
import java.util.TreeMap;

/**
 * A set of input line numbers (from 1) kept as sorted, disjoint, inclusive ranges, written as
 * {@code 1-100,102,105-200}. Adding the next line of a range extends it, so lines added in
 * ascending order cost one map entry per run. Not thread-safe.
 */
final class LineRanges {
    /** First line of each range → its last line. */
    private final TreeMap<Long, Long> ranges = new TreeMap<>();
    private long count;

    void add(long line) {
        Map.Entry<Long, Long> before = ranges.floorEntry(line);
        if (before != null && before.getValue() >= line) {
            return;
        }
        count++;
        long from = line;
        long to = line;
        if (before != null && before.getValue() == line - 1) {
            from = before.getKey();
        }
        Long after = ranges.get(line + 1);
        if (after != null) {
            ranges.remove(line + 1);
            to = after;
        }
        ranges.put(from, to);
    }

    boolean contains(long line) {
        Map.Entry<Long, Long> before = ranges.floorEntry(line);
        return before != null && before.getValue() >= line;
    }

    /** How many lines the set holds. */
    long count() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** A copy of this set without {@code line}. */
    LineRanges without(long line) {
        LineRanges out = new LineRanges();
        ranges.forEach((from, to) -> {
            if (line < from || line > to) {
                out.addRange(from, to);
            } else {
                out.addRange(from, line - 1);
                out.addRange(line + 1, to);
            }
        });
        return out;
    }

    /** The lines of {@code 1..upTo} that are in neither set. */
    static LineRanges complement(long upTo, LineRanges a, LineRanges b) {
        LineRanges out = new LineRanges();
        TreeMap<Long, Long> taken = new TreeMap<>(a.ranges);
        b.ranges.forEach((from, to) -> taken.merge(from, to, Math::max));
        long next = 1;
        for (Map.Entry<Long, Long> r : taken.entrySet()) {
            if (r.getKey() > next) {
                out.addRange(next, Math.min(r.getKey() - 1, upTo));
            }
            next = Math.max(next, r.getValue() + 1);
            if (next > upTo) {
                break;
            }
        }
        if (next <= upTo) {
            out.addRange(next, upTo);
        }
        return out;
    }

    private void addRange(long from, long to) {
        if (from > to) {
            return;
        }
        ranges.put(from, to);
        count += to - from + 1;
    }

    /**
     * The ranges as {@code 1-3,5}; with {@code openFrom} > 0 the lines from it on are included too,
     * written {@code N..} ({@code 1,3..}).
     */
    String text(long openFrom) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<Long, Long> r : ranges.entrySet()) {
            long from = r.getKey();
            long to = r.getValue();
            if (openFrom > 0 && to + 1 >= openFrom) {
                openFrom = Math.min(openFrom, from);
                break;
            }
            out.append(out.isEmpty() ? "" : ",").append(from);
            if (to > from) {
                out.append('-').append(to);
            }
        }
        if (openFrom > 0) {
            out.append(out.isEmpty() ? "" : ",").append(openFrom).append("..");
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return text(0);
    }
}
