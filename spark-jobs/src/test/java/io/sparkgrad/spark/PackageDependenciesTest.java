package io.sparkgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of spark-jobs form no cycle, and the shared ones ({@code exec}: ordered aggregation
 * and progress; {@code state}: parameters, iteration metrics, the best iterate) sit below all the
 * others. Read from the main sources: every {@code io.sparkgrad.spark.x} named outside a comment, in
 * an import or written out in the code, is an edge from the file's package to {@code x} (a class of
 * {@code io.sparkgrad.spark} itself, such as {@code TrainJob}, is an edge to the root package).
 */
class PackageDependenciesTest {
    private static final Path SOURCES = Path.of("spark-jobs/src/main/java/io/sparkgrad/spark");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.sparkgrad\\.spark\\.(\\w+)");
    private static final Pattern COMMENT = Pattern.compile("//[^\n]*|/\\*[\\s\\S]*?\\*/");
    private static final Set<String> SHARED = Set.of("exec", "state");
    private static final String ROOT = "(root)";

    @Test
    void sparkJobsPackagesHaveNoCycle() {
        Map<String, Map<String, Set<String>>> graph = graph(sources());
        assertTrue(graph.keySet().containsAll(Set.of("data", "train", "output", "score", "exec", "state")),
                "the scan found the packages: " + graph.keySet());
        List<String> cycles = cycles(graph);
        assertTrue(cycles.isEmpty(), "package cycles in spark-jobs (move what both sides need below them):\n"
                + String.join("\n", cycles));
    }

    @Test
    void sharedPackagesDependOnNoOtherSparkJobsPackage() {
        Map<String, Map<String, Set<String>>> graph = graph(sources());
        for (String shared : SHARED) {
            assertEquals(Map.of(), graph.get(shared), "io.sparkgrad.spark." + shared + " must stay below every package");
        }
    }

    @Test
    void aCycleIsFoundAndNamedWithTheFilesThatMakeIt() {
        Map<String, String> sources = new TreeMap<>();
        sources.put("data/Reader.java", "package io.sparkgrad.spark.data;\nimport io.sparkgrad.spark.train.Sum;\n");
        sources.put("train/Sum.java", "package io.sparkgrad.spark.train;\n// io.sparkgrad.spark.output in a comment\n"
                + "class Sum { io.sparkgrad.spark.output.Log log; }\n");
        sources.put("output/Log.java", "package io.sparkgrad.spark.output;\nimport io.sparkgrad.spark.data.Reader;\n");
        sources.put("model/Spec.java", "package io.sparkgrad.spark.model;\n/* io.sparkgrad.spark.data */\n");
        Map<String, Map<String, Set<String>>> graph = graph(sources);
        assertEquals(Map.of(), graph.get("model"), "names in comments are no edge");
        assertEquals(List.of("cycle among data, output, train: data -> train (data/Reader.java); "
                + "output -> data (output/Log.java); train -> output (train/Sum.java)"), cycles(graph));

        sources.put("output/Log.java", "package io.sparkgrad.spark.output;\n");
        assertEquals(List.of(), cycles(graph(sources)));
    }

    /** Each main source file's text, by its path below {@code io/sparkgrad/spark}. */
    private static Map<String, String> sources() {
        assertTrue(Files.isDirectory(SOURCES), "run from the repository root: " + SOURCES.toAbsolutePath());
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                out.put(SOURCES.relativize(f).toString().replace('\\', '/'), Files.readString(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** package → (package it uses → the files that use it); ROOT is io.sparkgrad.spark itself. */
    static Map<String, Map<String, Set<String>>> graph(Map<String, String> sources) {
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            String file = e.getKey();
            int slash = file.lastIndexOf('/');
            String from = slash < 0 ? ROOT : file.substring(0, slash).replace('/', '.');
            Map<String, Set<String>> edges = graph.computeIfAbsent(from, k -> new TreeMap<>());
            Matcher m = REFERENCE.matcher(COMMENT.matcher(e.getValue()).replaceAll(" "));
            while (m.find()) {
                String name = m.group(1);
                String to = Character.isUpperCase(name.charAt(0)) ? ROOT : name;
                if (!to.equals(from)) {
                    edges.computeIfAbsent(to, k -> new TreeSet<>()).add(file);
                }
            }
        }
        return graph;
    }

    /**
     * Each strongly connected component of more than one package (Tarjan's algorithm over the sorted
     * graph, so the report is stable), as its packages and the edges inside it with their files.
     */
    static List<String> cycles(Map<String, Map<String, Set<String>>> graph) {
        Map<String, Integer> index = new TreeMap<>();
        Map<String, Integer> low = new TreeMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<String> out = new ArrayList<>();
        for (String p : graph.keySet()) {
            if (!index.containsKey(p)) {
                connect(p, graph, index, low, stack, onStack, out);
            }
        }
        return out;
    }

    private static void connect(String p, Map<String, Map<String, Set<String>>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<String> out) {
        index.put(p, index.size());
        low.put(p, index.get(p));
        stack.push(p);
        onStack.add(p);
        for (String q : graph.getOrDefault(p, Map.of()).keySet()) {
            if (!index.containsKey(q)) {
                connect(q, graph, index, low, stack, onStack, out);
                low.put(p, Math.min(low.get(p), low.get(q)));
            } else if (onStack.contains(q)) {
                low.put(p, Math.min(low.get(p), index.get(q)));
            }
        }
        if (low.get(p).equals(index.get(p))) {
            TreeSet<String> component = new TreeSet<>();
            String q;
            do {
                q = stack.pop();
                onStack.remove(q);
                component.add(q);
            } while (!q.equals(p));
            if (component.size() > 1) {
                List<String> edges = new ArrayList<>();
                for (String from : component) {
                    for (Map.Entry<String, Set<String>> e : graph.get(from).entrySet()) {
                        if (component.contains(e.getKey())) {
                            edges.add(from + " -> " + e.getKey() + " (" + String.join(", ", e.getValue()) + ")");
                        }
                    }
                }
                out.add("cycle among " + String.join(", ", component) + ": " + String.join("; ", edges));
            }
        }
    }
}
