package io.spate.cluster.raft;

import io.microraft.executor.RaftNodeExecutor;
import io.microraft.lifecycle.RaftNodeLifecycleAware;
import io.spate.transport.LoopContext;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs a MicroRaft {@code RaftNode} on one Vert.x event-loop context instead of the thread of
 * MicroRaft's {@code DefaultRaftNodeExecutor}: the Raft node is an actor whose tasks must run one at
 * a time with happens-before between them ({@link RaftNodeExecutor}'s contract), which is what a
 * Vert.x context gives to the tasks queued on it, in the order they were queued.
 *
 * <ul>
 * <li>{@link #execute} runs the task at once when the caller is already on this very context (the
 * contract allows it), else queues it;</li>
 * <li>{@link #submit} always queues it, also from the context itself (the contract requires it);</li>
 * <li>{@link #schedule} sets a Vert.x timer on the context (at least 1 ms: Vert.x timers need it).</li>
 * </ul>
 * A task that throws is reported to the context's exception handler and does not stop the next one,
 * as the JDK executor behind {@code DefaultRaftNodeExecutor} swallows it into a Future. Once the node
 * terminates, the timers still pending are cancelled (MicroRaft's tasks would find the node
 * terminated and do nothing, but they would keep the timers alive until they fire).
 *
 * <p>Threading: any thread may call every method. Never block in a task: it holds an event loop.
 */
public final class VertxRaftExecutor implements RaftNodeExecutor, RaftNodeLifecycleAware {
    private final LoopContext context;
    private final Set<Long> timers = ConcurrentHashMap.newKeySet();
    private volatile boolean terminated;

    public VertxRaftExecutor(LoopContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /** The context the Raft node runs on. */
    public LoopContext context() {
        return context;
    }

    @Override
    public void execute(Runnable task) {
        Runnable guarded = guarded(task);
        if (context.isRunningOnContext()) {
            guarded.run();
        } else {
            // not context.execute: a Vert.x context runs a task inline whenever the caller is on its event-loop
            // thread, also from another context there, and a Raft node handling a message in the middle of
            // another node's task (in-process transports, two voters on one event loop) breaks the actor model
            context.runOnContext(v -> guarded.run());
        }
    }

    @Override
    public void submit(Runnable task) {
        Runnable guarded = guarded(task);
        context.runOnContext(v -> guarded.run());
    }

    @Override
    public void schedule(Runnable task, long delay, TimeUnit timeUnit) {
        if (terminated) {
            return;
        }
        Runnable guarded = guarded(task);
        // rounded up: a query timeout given in nanoseconds must not fire early
        long delayMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeUnit.toNanos(delay) + 999_999));
        // a timer that fires before add() (scheduled from another thread) leaves a stale id behind,
        // which terminate's cancel ignores
        long id = context.setTimer(delayMs, t -> {
            timers.remove(t);
            guarded.run();
        });
        timers.add(id);
    }

    @Override
    public void onRaftNodeTerminate() {
        terminated = true;
        for (Long id : timers) {
            context.cancelTimer(id);
        }
        timers.clear();
    }

    /** Pending timers (for tests: terminate cancels them all). */
    int pendingTimers() {
        return timers.size();
    }

    private Runnable guarded(Runnable task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                context.reportException(t);
            }
        };
    }
}
