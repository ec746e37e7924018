package io.spate.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.NodeProcess;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's way into the Java client, done as a user does it: the classpath is
 * {@code target/spate-client.jar} plus what Maven resolves from {@code target/spate-client.pom}
 * with the README's own command; the README's example program (the very text of its Java block) is
 * compiled against that classpath alone and run in a child JVM against a node this test starts.
 */
@Timeout(300)
class ClientLibraryIT {
    /** The README's command that lists the client's jars (in target/, beside the POM); this test runs it. */
    static final String CLASSPATH_COMMAND =
            "mvn -q -f target/spate-client.pom dependency:build-classpath -Dmdep.outputFile=client.classpath";
    /** The classpath the README compiles and runs with; this test builds the same. */
    static final String README_CLASSPATH = "target/spate-client.jar:$(cat target/client.classpath)";
    private static final Pattern FENCED = Pattern.compile("```(\\w*)\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void readmeProgramCompilesAndRunsOnTheClassPathTheReadmeNames() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains(CLASSPATH_COMMAND), "README.md no longer says: " + CLASSPATH_COMMAND);
        assertTrue(readme.contains("javac -cp \"" + README_CLASSPATH + "\""), "README.md compiles with another classpath");
        List<Path> dependencies = resolveClientDependencies();

        Set<String> jarNames = dependencies.stream().map(p -> p.getFileName().toString())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(jarNames, readmeJarList(readme), "the jars README.md lists are not those the client POM resolves to");
        assertTrue(readme.contains("these " + jarNames.size() + " jars"), "README.md gives the wrong number of jars");
        Set<String> tested = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> Path.of(p).getFileName().toString()).collect(Collectors.toSet());
        for (String jar : jarNames) {
            assertTrue(tested.contains(jar), jar + ": the client POM resolves a jar the build did not test with");
        }

        List<Path> classpath = new ArrayList<>();
        classpath.add(Path.of("target", "spate-client.jar").toAbsolutePath());
        classpath.addAll(dependencies);
        String program = readmeProgram(readme);
        Matcher name = Pattern.compile("public class (\\w+)").matcher(program);
        assertTrue(name.find(), "the README's program has no public class");
        Path source = dir.resolve(name.group(1) + ".java");
        Files.writeString(source, program);
        Path classes = dir.resolve("classes");
        compile(source, classpath, classes);

        try (NodeProcess node = NodeProcess.start(dir.resolve("node-data"))) {
            classpath.add(classes);
            String output = run(classpath, name.group(1), "127.0.0.1:" + node.port(), node);
            for (String customer : List.of("alice", "bob", "carol")) {
                assertTrue(output.contains("read " + customer + ": invoice for " + customer + " from invoices-"),
                        customer + "'s record not read back:\n" + output);
            }
            assertEquals(3, output.lines().filter(l -> l.matches("sent to invoices-[0-2] at offset \\d+")).count(), output);
            assertTrue(output.contains("read 3 of 3"), output);
        }
    }

    /**
     * Runs the README's classpath command in the project directory, as a user does (with this
     * build's Maven, local repository and offline mode), and reads the jars it wrote.
     */
    private static List<Path> resolveClientDependencies() throws IOException, InterruptedException {
        String mavenHome = property("maven.home");
        String mvn = mavenHome == null ? "mvn" : Path.of(mavenHome, "bin", "mvn").toString();
        List<String> cmd = new ArrayList<>(List.of(CLASSPATH_COMMAND.split(" ")));
        cmd.set(0, mvn);
        cmd.add(1, "-B");
        String repo = property("maven.repo.local");
        if (repo != null) {
            cmd.add(1, "-Dmaven.repo.local=" + repo);
        }
        if ("offline=true".equals(System.getProperty("maven.offline"))) {
            cmd.add(1, "-o");
        }
        Path written = Path.of("target", "client.classpath");
        Files.deleteIfExists(written);
        Path log = Files.createTempFile("client-classpath", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = p.waitFor(180, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        Files.delete(log);
        assertTrue(exited, String.join(" ", cmd) + " did not finish within 180 s:\n" + out);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + out);
        return Arrays.stream(Files.readString(written).trim().split(File.pathSeparator)).map(Path::of).toList();
    }

    /** A system property failsafe set from the build, or null (unset, or run outside Maven). */
    private static String property(String name) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() || value.contains("${") ? null : value;
    }

    /** The file names in the README's list of jars: the fenced block that lists vertx-core's. */
    private static Set<String> readmeJarList(String readme) {
        Matcher m = FENCED.matcher(readme);
        while (m.find()) {
            if (m.group(2).contains("vertx-core-logging")) {
                return Arrays.stream(m.group(2).trim().split("\\s+")).collect(Collectors.toCollection(TreeSet::new));
            }
        }
        throw new AssertionError("README.md lists no jars");
    }

    /** The README's Java block with a main method. */
    private static String readmeProgram(String readme) {
        Matcher m = FENCED.matcher(readme);
        while (m.find()) {
            if (m.group(1).equals("java") && m.group(2).contains("public static void main")) {
                return m.group(2);
            }
        }
        throw new AssertionError("README.md has no Java program");
    }

    /** javac with exactly {@code classpath}: nothing of this test's own classpath. */
    private static void compile(Path source, List<Path> classpath, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        Files.createDirectories(classes);
        int rc = javac.run(null, diagnostics, diagnostics, "-classpath", join(classpath), "-d", classes.toString(),
                "--release", "17", source.toString());
        assertEquals(0, rc, "the README's program does not compile:\n" + diagnostics.toString(StandardCharsets.UTF_8));
    }

    private static String run(List<Path> classpath, String mainClass, String bootstrap, NodeProcess node)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", join(classpath), mainClass, bootstrap)
                .redirectErrorStream(true).start();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try {
                    p.getInputStream().transferTo(out);
                } catch (IOException ignored) {
                    // the process is gone
                }
            }, "example-output");
            reader.start();
            boolean exited = p.waitFor(120, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            reader.join(10_000);
            String output = out.toString(StandardCharsets.UTF_8);
            assertTrue(exited, "the README's program did not exit within 120 s:\n" + output + "\n" + node.tail());
            assertEquals(0, p.exitValue(), "the README's program failed:\n" + output + "\n" + node.tail());
            return output;
        } finally {
            p.destroyForcibly();
        }
    }

    private static String join(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
