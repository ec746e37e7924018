package io.spate.cli;

import io.spate.client.IsolationLevel;
import io.spate.record.CompressionType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for the option values the CLI shares between commands. A bad value becomes a
 * usage error (exit 2) naming the accepted values.
 */
final class Converters {
    private Converters() {
    }

    /** {@code --acks all|-1|1|0} to the wire value -1, 1 or 0. */
    static final class Acks implements ITypeConverter<Short> {
        @Override
        public Short convert(String value) {
            return switch (value.trim()) {
                case "all", "-1" -> (short) -1;
                case "1" -> (short) 1;
                case "0" -> (short) 0;
                default -> throw new TypeConversionException("'" + value + "' is not one of all, -1, 1, 0");
            };
        }
    }

    /** {@code --compression none|gzip|snappy|lz4|zstd}. */
    /** {@code read_committed} or {@code read_uncommitted} (Kafka's names). */
    static final class Isolation implements ITypeConverter<IsolationLevel> {
        @Override
        public IsolationLevel convert(String value) {
            try {
                return IsolationLevel.forName("--isolation-level", value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not read_committed or read_uncommitted");
            }
        }
    }

    static final class Compression implements ITypeConverter<CompressionType> {
        @Override
        public CompressionType convert(String value) {
            try {
                return CompressionType.forName(value.trim());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not one of none, gzip, snappy, lz4, zstd");
            }
        }
    }

    /** The completion candidates and help text of --compression. */
    static final class CompressionNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("none", "gzip", "snappy", "lz4", "zstd").iterator();
        }
    }

    /** {@code --topic TOPIC[:P,P,…]}. */
    static final class Topics implements ITypeConverter<TopicSelection> {
        @Override
        public TopicSelection convert(String value) {
            try {
                return TopicSelection.parse(value.trim());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * An ISO-8601 date-time: with an offset or {@code Z} ({@code 2024-05-01T12:00:00Z},
     * {@code 2024-05-01T14:00:00.250+02:00}), or without one ({@code 2024-05-01T12:00:00}), then in the
     * local time zone, as Kafka's {@code --to-datetime} reads it.
     */
    static final class DateTime implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            return parse(value.trim(), ZoneId.systemDefault());
        }

        static Instant parse(String value, ZoneId localZone) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException withoutOffset) {
                try {
                    return LocalDateTime.parse(value).atZone(localZone).toInstant();
                } catch (DateTimeParseException e) {
                    throw new TypeConversionException("'" + value + "' is not an ISO-8601 date-time such as "
                            + "2024-05-01T12:00:00Z, 2024-05-01T14:00:00+02:00 or 2024-05-01T12:00:00 (local time)");
                }
            }
        }
    }

    /**
     * A duration with its unit, as rpk writes them: {@code 500ms}, {@code 10s}, {@code 2m}; at least
     * one millisecond. {@link #format} writes it back the same way.
     */
    static final class Timeout implements ITypeConverter<Duration> {
        private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m)");

        @Override
        public Duration convert(String value) {
            Matcher m = FORM.matcher(value.trim());
            Duration d = null;
            if (m.matches()) {
                try {
                    long n = Long.parseLong(m.group(1));
                    d = switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        default -> Duration.ofMinutes(n);
                    };
                } catch (NumberFormatException | ArithmeticException e) {
                    d = null;
                }
            }
            if (d == null || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
                throw new TypeConversionException("'" + value + "' is not a duration such as 500ms, 10s or 2m");
            }
            return d;
        }

        static String format(Duration d) {
            long ms = d.toMillis();
            if (ms % 60_000 == 0) {
                return ms / 60_000 + "m";
            }
            return ms % 1_000 == 0 ? ms / 1_000 + "s" : ms + "ms";
        }
    }
}
