package dev.airesilience.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No two packages of the library depend on each other, directly or through others: each concept package can be read,
 * tested and changed from the packages below it. Read from the sources of every module, so a cycle across modules
 * (a package split between them would be one) is found too.
 */
class PackageCyclesTest {

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** A qualified reference to one of our types: in an import or in the code. */
    private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.airesilience(?:\\.[a-z][a-z0-9_]*)*)\\.[A-Z]");
    /** Comments and literals, read left to right so that "//" in a string or a quote in a comment is no trouble. */
    private static final Pattern NOT_CODE = Pattern.compile(
            "\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\])'|/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void noPackageDependsOnItselfThroughOthers() throws IOException {
        Map<String, Map<String, Path>> edges = dependencies(sourceRoots());
        assertThat(edges).as("packages read").hasSizeGreaterThan(20);

        List<String> cycles = new ArrayList<>();
        for (List<String> component : stronglyConnected(edges)) {
            if (component.size() > 1) {
                StringBuilder cycle = new StringBuilder(String.join(" <-> ", component));
                for (String from : component) {
                    for (String to : component) {
                        Path where = edges.get(from).get(to);
                        if (where != null) {
                            cycle.append("\n    ").append(from).append(" -> ").append(to).append(" (")
                                    .append(where.getFileName()).append(')');
                        }
                    }
                }
                cycles.add(cycle.toString());
            }
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    @Test
    void theCheckFindsACycle() {
        Map<String, Map<String, Path>> edges = new TreeMap<>();
        edges.put("a", Map.of("b", Path.of("A.java")));
        edges.put("b", Map.of("c", Path.of("B.java")));
        edges.put("c", Map.of("a", Path.of("C.java")));
        edges.put("d", Map.of("a", Path.of("D.java")));

        assertThat(stronglyConnected(edges)).contains(List.of("a", "b", "c"), List.of("d"));
    }

    /** The main source folders of every module of the build, from this module's folder. */
    private static List<Path> sourceRoots() throws IOException {
        try (Stream<Path> modules = Files.list(Path.of("").toAbsolutePath().getParent())) {
            List<Path> roots = modules.filter(module -> module.getFileName().toString().startsWith("ai-resilience-"))
                    .map(module -> module.resolve("src/main/java"))
                    .filter(Files::isDirectory)
                    .sorted()
                    .toList();
            assertThat(roots).as("module sources").hasSizeGreaterThan(5);
            return roots;
        }
    }

    /** For each package, the packages it refers to, each with one file that does. */
    private static Map<String, Map<String, Path>> dependencies(List<Path> roots) throws IOException {
        Map<String, Map<String, Path>> edges = new TreeMap<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                    String source = NOT_CODE.matcher(read(file)).replaceAll(" ");
                    Matcher declared = PACKAGE.matcher(source);
                    if (!declared.find()) {
                        return; // module-info
                    }
                    String from = declared.group(1);
                    Map<String, Path> targets = edges.computeIfAbsent(from, p -> new TreeMap<>());
                    Matcher reference = REFERENCE.matcher(source);
                    while (reference.find()) {
                        String to = reference.group(1);
                        if (!to.equals(from)) {
                            targets.putIfAbsent(to, file);
                        }
                    }
                });
            }
        }
        return edges;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tarjan's strongly connected components, each sorted, in a stable order. */
    private static List<List<String>> stronglyConnected(Map<String, Map<String, Path>> edges) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        TreeSet<String> onStack = new TreeSet<>();
        List<List<String>> components = new ArrayList<>();
        for (String node : new TreeSet<>(edges.keySet())) {
            if (!index.containsKey(node)) {
                visit(node, edges, index, low, stack, onStack, components);
            }
        }
        return components;
    }

    private static void visit(String node, Map<String, Map<String, Path>> edges, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, TreeSet<String> onStack, List<List<String>> components) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : edges.getOrDefault(node, Map.of()).keySet()) {
            if (!index.containsKey(next)) {
                visit(next, edges, index, low, stack, onStack, components);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            TreeSet<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            components.add(List.copyOf(component));
        }
    }
}
