package io.spate.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@link StopSignals} of this JVM: SIGINT and SIGTERM. A watch replaces the JVM's handlers of both
 * and puts them back at the first of them (before calling back, so a second signal ends the JVM as
 * it normally would) or when closed, whichever comes first; a signal after that calls nothing back.
 *
 * <p>Java has no public API to take a signal instead of exiting: a shutdown hook runs while the JVM
 * is already exiting, its exit code fixed at 128 + the signal, and a thread it waits for cannot
 * call {@code System.exit} (it blocks until the hooks end). {@code sun.misc.Signal}, of the
 * {@code jdk.unsupported} module kept for exactly such uses, is what Java tools use instead. A
 * signal the JVM was started with ignored (a background job of a non-interactive shell ignores
 * SIGINT) stays ignored.
 */
final class ProcessStopSignals implements StopSignals {
    static final ProcessStopSignals INSTANCE = new ProcessStopSignals();
    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private ProcessStopSignals() {
    }

    @Override
    public Watch watch(Consumer<String> onStop) {
        Map<Signal, SignalHandler> replaced = new LinkedHashMap<>();
        SignalHandler handler = signal -> {
            if (restore(replaced)) {
                onStop.accept("SIG" + signal.getName());
            }
        };
        synchronized (replaced) {
            for (String name : SIGNALS) {
                Signal signal = new Signal(name);
                replaced.put(signal, Signal.handle(signal, handler));
            }
        }
        return () -> restore(replaced);
    }

    /** Puts the replaced handlers back; false when that was done already (the watch has ended). */
    private static boolean restore(Map<Signal, SignalHandler> replaced) {
        synchronized (replaced) {
            if (replaced.isEmpty()) {
                return false;
            }
            replaced.forEach(Signal::handle);
            replaced.clear();
            return true;
        }
    }
}
