package io.spate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private network of Linux network namespaces for partition tests: one namespace per node
 * ({@code <prefix>n1}…) and a hub ({@code <prefix>hub}), each node joined to the hub by a veth pair
 * on its own /30 of 10.77.0.0/24 (node k: 10.77.0.4k+2, the hub's end 10.77.0.4k+1). The hub routes
 * between them ({@code ip_forward} inside the hub only) and has no route anywhere else, so nothing
 * leaves the machine; the root namespace gets no address and no interface.
 *
 * <p>A partition is nftables rules in the hub's forward chain that drop packets between chosen node
 * addresses; {@link #heal()} flushes them. A process in the hub reaches every node whatever the
 * rules (its packets are the hub's own output, not forwarded); a process in a node's namespace
 * reaches only the nodes on its side.
 *
 * <p>Namespaces are named {@code spate-it-<pid>-…} after the test JVM: {@link #create} first removes
 * those of JVMs that are gone (a crashed run), never those of a run still going; {@link #close()}
 * and a shutdown hook remove this run's. Needs root, iproute2 and nftables
 * ({@code scripts/ci/install-tools.sh} installs them).
 */
public final class NetnsLab implements AutoCloseable {
    public static final String PREFIX = "spate-it-";
    private static final String TABLE = "spate_it";

    private final String prefix;
    private final int nodes;
    private final Thread reaper;
    private boolean closed;

    private NetnsLab(String prefix, int nodes) {
        this.prefix = prefix;
        this.nodes = nodes;
        this.reaper = new Thread(this::removeNamespaces, "netns-reaper");
    }

    /** Builds the network for {@code nodes} nodes (at most 60). */
    public static NetnsLab create(int nodes) {
        if (nodes < 1 || nodes > 60) {
            throw new IllegalArgumentException("1..60 nodes: " + nodes);
        }
        requireTools();
        removeStale();
        NetnsLab lab = new NetnsLab(PREFIX + ProcessHandle.current().pid() + "-", nodes);
        Runtime.getRuntime().addShutdownHook(lab.reaper);
        try {
            lab.build();
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /** Fails with what to install when this machine cannot run the namespaces. */
    public static void requireTools() {
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("ip", "nft")) {
            if (find(tool) == null) {
                missing.add(tool);
            }
        }
        String user = System.getProperty("user.name");
        if (!missing.isEmpty() || !"root".equals(user)) {
            throw new IllegalStateException("network partition tests need root (running as " + user + ") and the "
                    + "tools ip (iproute2) and nft (nftables)" + (missing.isEmpty() ? "" : "; missing: " + missing)
                    + ". Install them with scripts/ci/install-tools.sh (apt-get install -y nftables iproute2)");
        }
    }

    /** The namespace of node {@code k} (1-based). */
    public String nodeNamespace(int k) {
        return prefix + "n" + k;
    }

    public String hubNamespace() {
        return prefix + "hub";
    }

    /** Node {@code k}'s address, inside its namespace. */
    public String nodeAddress(int k) {
        return "10.77.0." + (4 * k + 2);
    }

    /** The command prefix that runs a program inside namespace {@code ns}. */
    public static List<String> exec(String ns) {
        return List.of(find("ip"), "netns", "exec", ns);
    }

    /** Where each node runs: its address and namespace, for {@link ProcessCluster}. */
    public ProcessCluster.Placement placement() {
        return new ProcessCluster.Placement() {
            @Override
            public String host(int nodeId) {
                return nodeAddress(nodeId);
            }

            @Override
            public List<String> commandPrefix(int nodeId) {
                return exec(nodeNamespace(nodeId));
            }
        };
    }

    /** Drops every packet between a node of {@code side} and a node of {@code other}, both ways. */
    public void cut(Collection<Integer> side, Collection<Integer> other) {
        StringBuilder rules = new StringBuilder();
        for (int a : side) {
            for (int b : other) {
                rules.append("add rule inet ").append(TABLE).append(" forward ip saddr ").append(nodeAddress(a))
                        .append(" ip daddr ").append(nodeAddress(b)).append(" drop\n");
                rules.append("add rule inet ").append(TABLE).append(" forward ip saddr ").append(nodeAddress(b))
                        .append(" ip daddr ").append(nodeAddress(a)).append(" drop\n");
            }
        }
        nft(rules.toString());
    }

    /** Cuts node {@code k} off from every other node. */
    public void isolate(int k) {
        List<Integer> others = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            if (i != k) {
                others.add(i);
            }
        }
        cut(List.of(k), others);
    }

    /** Removes every partition rule. */
    public void heal() {
        nft("flush chain inet " + TABLE + " forward\n");
    }

    private void build() {
        String hub = hubNamespace();
        run("ip", "netns", "add", hub);
        run("ip", "-n", hub, "link", "set", "lo", "up");
        run("ip", "netns", "exec", hub, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        for (int k = 1; k <= nodes; k++) {
            String ns = nodeNamespace(k);
            String hubSide = "10.77.0." + (4 * k + 1);
            run("ip", "netns", "add", ns);
            run("ip", "-n", ns, "link", "set", "lo", "up");
            // created inside the hub with its peer straight in the node's namespace: never in the root one
            run("ip", "-n", hub, "link", "add", "h" + k, "type", "veth", "peer", "name", "eth0", "netns", ns);
            run("ip", "-n", hub, "addr", "add", hubSide + "/30", "dev", "h" + k);
            run("ip", "-n", hub, "link", "set", "h" + k, "up");
            run("ip", "-n", ns, "addr", "add", nodeAddress(k) + "/30", "dev", "eth0");
            run("ip", "-n", ns, "link", "set", "eth0", "up");
            run("ip", "-n", ns, "route", "add", "10.77.0.0/24", "via", hubSide);
        }
        nft("add table inet " + TABLE + "\n"
                + "add chain inet " + TABLE + " forward { type filter hook forward priority 0; policy accept; }\n");
    }

    private void nft(String script) {
        try {
            Path file = Files.createTempFile("spate-nft", ".nft");
            try {
                Files.writeString(file, script, StandardCharsets.UTF_8);
                run("ip", "netns", "exec", hubNamespace(), "nft", "-f", file.toString());
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        removeNamespaces();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) anyway
        }
    }

    private void removeNamespaces() {
        for (String ns : namespaces()) {
            if (ns.startsWith(prefix)) {
                runQuietly("ip", "netns", "del", ns);
            }
        }
    }

    /** Removes the namespaces of test JVMs that no longer run. */
    private static void removeStale() {
        for (String ns : namespaces()) {
            if (!ns.startsWith(PREFIX)) {
                continue;
            }
            String rest = ns.substring(PREFIX.length());
            int dash = rest.indexOf('-');
            long pid;
            try {
                pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
            } catch (NumberFormatException e) {
                pid = -1; // not ours to judge by pid: a name of the fixed prefix without one is stale
            }
            if (pid < 0 || ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                runQuietly("ip", "netns", "del", ns);
            }
        }
    }

    /** Every namespace name ({@code ip netns list} prints "name" or "name (id: N)"). */
    private static List<String> namespaces() {
        List<String> names = new ArrayList<>();
        for (String line : run("ip", "netns", "list").split("\n")) {
            String name = line.trim().split(" ")[0];
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    private static void runQuietly(String... cmd) {
        try {
            run(cmd);
        } catch (RuntimeException e) {
            System.err.println("NetnsLab: " + e.getMessage());
        }
    }

    /** Runs a command (its program found on PATH or in the sbin dirs), bounded; its output, or a failure naming it. */
    private static String run(String... cmd) {
        List<String> full = new ArrayList<>(List.of(cmd));
        String program = find(cmd[0]);
        full.set(0, program != null ? program : cmd[0]);
        for (int i = 1; i < full.size(); i++) {
            if (full.get(i).equals("nft") || full.get(i).equals("sysctl")) { // after "netns exec <ns>"
                String found = find(full.get(i));
                full.set(i, found != null ? found : full.get(i));
            }
        }
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            String out;
            try (var in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", full));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed (" + p.exitValue() + "): " + out.trim());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", full), e);
        }
    }

    private static String find(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String d : dirs) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return Path.of(d, tool).toString();
            }
        }
        return null;
    }
}
