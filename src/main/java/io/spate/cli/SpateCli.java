package io.spate.cli;

import io.spate.common.SpateVersion;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code spate} command: {@code spate [--bootstrap HOST:PORT] [--json] COMMAND …}.
 *
 * <p>{@link #run(CliIo, String...)} parses and runs one command line and returns its exit code
 * ({@link ExitCodes}); it never calls {@code System.exit}, so tests run it in-process. Bad usage
 * prints picocli's message as one line plus a hint and returns 2; failures are reported by
 * {@link Failures}. The global options ({@code --bootstrap}, {@code --json}, {@code -X}, {@code --timeout})
 * may be given before or after the command.
 */
@Command(name = "spate", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = SpateCli.Version.class,
        description = "Manage topics, consumer groups and transactions, describe the cluster and check its health, produce and consume records, measure performance and inspect log "
                + "segments of a Spate cluster.",
        subcommands = {TopicCommand.class, GroupCommand.class, TransactionsCommand.class, ClusterCommand.class, ProduceCommand.class, ConsumeCommand.class, PerfCommand.class,
                DumpLogCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 an operation failed, 2 bad usage, 3 no bootstrap node answers (unreachable, silent within --timeout, or not a Spate node), 4 the cluster is not healthy (cluster health)."})
public final class SpateCli implements Callable<Integer> {
    /** The bootstrap node when neither --bootstrap nor the environment names one. */
    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:7092";
    /** The environment variable that names the bootstrap list when --bootstrap is not given (as rpk's RPK_BROKERS). */
    public static final String BROKERS_ENV = "SPATE_BROKERS";
    /** The older name of {@link #BROKERS_ENV}, read when that is not set. */
    public static final String BOOTSTRAP_ENV = "SPATE_BOOTSTRAP";

    @Option(names = {"-b", "--bootstrap", "--bootstrap-server"}, paramLabel = "HOST:PORT[,HOST:PORT…]",
            scope = ScopeType.INHERIT,
            description = "Node(s) to connect to first (default: $" + BROKERS_ENV + ", else " + DEFAULT_BOOTSTRAP + ").")
    private String bootstrap;

    /** -X, from before and after the command (see {@link #addClientOptions}). */
    private final Map<String, String> clientOptions = new LinkedHashMap<>();

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Converters.Timeout.class, scope = ScopeType.INHERIT,
            description = "How long a bootstrap node may take to accept the connection and answer (default: 10s; "
                    + "e.g. 500ms, 30s, 2m).")
    private Duration timeout;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print one JSON document on stdout instead of human-readable text.")
    private boolean json;

    private final CliIo io;

    @Spec
    private CommandSpec spec;

    SpateCli(CliIo io) {
        this.io = io;
    }

    public static void main(String[] args) {
        CliIo io = CliIo.system();
        if (!io.env().containsKey(Failures.DEBUG_ENV)) {
            // Vert.x and Netty log to java.util.logging, i.e. to stderr, where the CLI promises one line
            // per failure; the failure itself reaches the user through the command's own report
            Logger.getLogger("").setLevel(Level.OFF);
        }
        int code = run(io, args);
        io.out().flush();
        System.exit(code);
    }

    /** Runs one command line with the given streams and environment; returns the exit code. */
    public static int run(CliIo io, String... args) {
        CommandLine cmd = new CommandLine(new SpateCli(io));
        cmd.setOut(new PrintWriter(io.out(), true, StandardCharsets.UTF_8));
        cmd.setErr(new PrintWriter(io.err(), true, StandardCharsets.UTF_8));
        SpateCli root = cmd.getCommand();
        // a usage error may stop the parse before --json is seen
        boolean jsonAsked = Arrays.asList(args).contains("--json");
        cmd.setParameterExceptionHandler((ex, rejected) -> {
            String hint = "Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.";
            // picocli starts some messages (argument groups) with its own "Error: "; ours already says "spate: "
            String message = ex.getMessage() == null ? "" : ex.getMessage().replaceFirst("^Error: ", "");
            if (root.json || jsonAsked) {
                io.err().println(Failures.line(Failures.USAGE_KIND, message + " (" + hint + ")", ExitCodes.USAGE, true));
            } else {
                io.err().println(Failures.PREFIX + Failures.oneLine(message));
                io.err().println(hint);
            }
            io.err().flush();
            return ExitCodes.USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
                Failures.report(ex, io.err(), io.env().containsKey(Failures.DEBUG_ENV), root.json || jsonAsked));
        int code = cmd.execute(args);
        io.out().flush();
        return code;
    }

    /** {@code spate} alone prints its help, as rpk does. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    CliIo io() {
        return io;
    }

    boolean json() {
        return json;
    }

    /** The bootstrap list: --bootstrap, else $SPATE_BROKERS, else $SPATE_BOOTSTRAP, else the default. */
    String bootstrapSpec() {
        if (bootstrap != null) {
            return bootstrap;
        }
        for (String variable : new String[] {BROKERS_ENV, BOOTSTRAP_ENV}) {
            String fromEnv = io.env().get(variable);
            if (fromEnv != null && !fromEnv.isBlank()) {
                return fromEnv;
            }
        }
        return DEFAULT_BOOTSTRAP;
    }

    /**
     * -X. An inherited option is a copy per command whose collection picocli starts afresh, so a
     * field would keep only the entries given after the command: each copy's entries are merged here.
     */
    @Option(names = "-X", paramLabel = "KEY=VALUE", scope = ScopeType.INHERIT,
            description = "A client option (Kafka's key, e.g. request.timeout.ms=5000; see docs/configuration.md) "
                    + "for every client of the command that has it; repeatable.")
    void addClientOptions(Map<String, String> options) {
        if (options != null) {
            clientOptions.putAll(options);
        }
    }

    /** -X: client options for every client of the command that has the key. */
    Map<String, String> clientOptions() {
        return clientOptions;
    }

    /** --timeout, else {@link Bootstrap#DEFAULT_PROBE_TIMEOUT}. */
    Duration probeTimeout() {
        return timeout == null ? Bootstrap.DEFAULT_PROBE_TIMEOUT : timeout;
    }

    /** The CLI's version: the Maven project version the build was made from. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"spate " + SpateVersion.get()};
        }
    }
}
