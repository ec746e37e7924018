package io.spate.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The client's own POM ({@code src/client/spate-client.pom}, installed as io.spate:spate-client)
 * lists exactly what the classes of {@code target/spate-client.jar} use, at the versions this
 * build tests with. ClientLibraryIT then compiles and runs a program against it.
 */
class ClientPomTest {
    /** The Java packages each dependency the client POM may name brings. */
    private static final Map<String, List<String>> PACKAGES_OF = Map.of(
            // vertx-core's own dependencies (Netty, jackson-core) come with it
            "io.vertx:vertx-core", List.of("io.vertx.core..", "io.netty..", "com.fasterxml.jackson.core.."),
            "at.yawk.lz4:lz4-java", List.of("net.jpountz.."),
            "org.xerial.snappy:snappy-java", List.of("org.xerial.snappy.."),
            "com.github.luben:zstd-jni", List.of("com.github.luben.zstd.."));

    private static final Document POM = read("pom.xml");
    private static final Document CLIENT_POM = read("src/client/spate-client.pom");

    @Test
    void clientPomIsTheClientArtifactAtThisVersion() {
        Element project = CLIENT_POM.getDocumentElement();
        assertEquals("io.spate", text(project, "groupId"));
        assertEquals("spate-client", text(project, "artifactId"));
        assertEquals("${project.version}", text(project, "version"));
        assertEquals("jar", text(project, "packaging"));
    }

    /** Each dependency is one the build has too, at the same version, so the tests ran against it. */
    @Test
    void clientDependenciesAreTheBuildsAtTheSameVersions() {
        Map<String, Element> built = dependencies(POM);
        for (Map.Entry<String, Element> e : dependencies(CLIENT_POM).entrySet()) {
            String ga = e.getKey();
            Element client = e.getValue();
            Element build = built.get(ga);
            assertNotNull(build, ga + " is in the client POM but not a dependency of pom.xml");
            assertEquals(null, text(build, "scope"), ga + ": the build must compile and test with it");
            String version = text(client, "version");
            assertTrue(version.matches("\\$\\{[\\w.]+}"), ga + ": version " + version + " must be a pom.xml property");
            String property = version.substring(2, version.length() - 1);
            assertNotNull(text(POM.getDocumentElement(), "properties/" + property),
                    ga + ": pom.xml has no property " + property);
            // a dependency managed by the Vert.x BOM has the BOM's version; the others name theirs
            String expected = text(build, "version") != null ? text(build, "version") : "${vertx.version}";
            assertEquals(expected, version, ga + ": the client POM's version differs from the build's");
        }
    }

    /**
     * The jar's classes use nothing but themselves, the JDK and the client POM's dependencies, and
     * use every one of those: the POM is neither short (a NoClassDefFoundError at a user's) nor long.
     */
    @Test
    void clientJarUsesExactlyTheClientPomsDependencies() {
        List<String> jarPackages = clientJarPackages();
        JavaClasses jar = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(jarPackages.stream().map(p -> p.replace("..", "")).toList());
        assertFalse(jar.isEmpty());
        List<String> allowed = new ArrayList<>(jarPackages);
        allowed.add("java..");
        Map<String, Element> deps = dependencies(CLIENT_POM);
        for (String ga : deps.keySet()) {
            List<String> packages = PACKAGES_OF.get(ga);
            assertNotNull(packages, ga + ": add the packages it brings to PACKAGES_OF");
            allowed.addAll(packages);
            assertTrue(jar.stream().anyMatch(c -> dependsOnAny(c, packages)),
                    ga + " is in the client POM but no class of the client jar uses it");
        }
        classes().that().resideInAnyPackage(jarPackages.toArray(String[]::new))
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed.toArray(String[]::new))
                .because("target/spate-client.jar holds only " + jarPackages + " and its POM names only "
                        + deps.keySet() + " (src/client/spate-client.pom)")
                .check(jar);
    }

    /** The packages of the client-jar execution's includes in pom.xml, as ArchUnit patterns. */
    private static List<String> clientJarPackages() {
        NodeList executions = POM.getElementsByTagName("execution");
        for (int i = 0; i < executions.getLength(); i++) {
            Element execution = (Element) executions.item(i);
            if ("client-jar".equals(text(execution, "id"))) {
                NodeList includes = execution.getElementsByTagName("include");
                List<String> packages = new ArrayList<>();
                for (int j = 0; j < includes.getLength(); j++) {
                    String include = includes.item(j).getTextContent().trim();
                    assertTrue(include.endsWith("/**"), "client jar include " + include);
                    packages.add(include.substring(0, include.length() - 3).replace('/', '.') + "..");
                }
                return packages;
            }
        }
        throw new AssertionError("pom.xml has no client-jar execution");
    }

    private static boolean dependsOnAny(JavaClass c, List<String> packages) {
        return c.getDirectDependenciesFromSelf().stream().map(Dependency::getTargetClass)
                .anyMatch(t -> packages.stream().anyMatch(p -> t.getPackageName().equals(p.replace("..", ""))
                        || t.getPackageName().startsWith(p.replace("..", "."))));
    }

    /** groupId:artifactId to the element, of the project's own dependencies (not the managed ones). */
    private static Map<String, Element> dependencies(Document pom) {
        Map<String, Element> out = new LinkedHashMap<>();
        Element list = child(pom.getDocumentElement(), "dependencies");
        children(list, "dependency").forEach(d -> out.put(text(d, "groupId") + ":" + text(d, "artifactId"), d));
        return out;
    }

    /** The trimmed text of the element at a slash-separated path of child names, or null. */
    private static String text(Element from, String path) {
        Element e = from;
        for (String name : path.split("/")) {
            e = child(e, name);
            if (e == null) {
                return null;
            }
        }
        return e.getTextContent().trim();
    }

    private static Element child(Element parent, String name) {
        return children(parent, name).findFirst().orElse(null);
    }

    private static Stream<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out.stream();
    }

    private static Document read(String path) {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of(path).toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }
}
