package io.spate.cli;

import io.spate.record.CompressionType;
import java.util.Iterator;
import java.util.List;
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
}
