package io.spate.cli;

import picocli.CommandLine.Command;

/** {@code spate perf produce|consume}: load generators with Kafka's perf tools' output. */
@Command(name = "perf", description = "Measure produce and consume throughput and latency.",
        subcommands = {PerfProduceCommand.class, PerfConsumeCommand.class})
final class PerfCommand {
}
