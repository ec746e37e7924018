package io.spate.cli;

import picocli.CommandLine.Command;

/** {@code spate perf produce|consume|e2e}: load generators with Kafka's perf tools' output. */
@Command(name = "perf", description = "Measure produce and consume throughput and end-to-end latency.",
        subcommands = {PerfProduceCommand.class, PerfConsumeCommand.class, PerfE2eCommand.class})
final class PerfCommand extends CommandGroup {
}
