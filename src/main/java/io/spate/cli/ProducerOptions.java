package io.spate.cli;

import io.spate.client.ProducerConfig;
import io.spate.record.CompressionType;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The producer options shared by {@code produce} and {@code perf produce} (a picocli mixin), with
 * {@code --producer-property}, which the session applies over {@link #config()}.
 */
final class ProducerOptions {
    @Option(names = "--acks", paramLabel = "all|1|0|-1", converter = Converters.Acks.class, defaultValue = "all",
            description = "Acknowledgement required: all (= -1, default), 1 (leader only) or 0 (none).")
    short acks;

    @Option(names = "--compression", paramLabel = "TYPE", converter = Converters.Compression.class,
            completionCandidates = Converters.CompressionNames.class, defaultValue = "none",
            description = "Batch compression: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    CompressionType compression;

    @Mixin
    ProducerProperties properties = new ProducerProperties();

    /** A producer config with these options applied. */
    ProducerConfig config() {
        return new ProducerConfig().setAcks(acks).setCompressionType(compression);
    }
}
