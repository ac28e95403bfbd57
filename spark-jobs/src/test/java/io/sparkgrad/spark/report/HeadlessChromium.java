package io.sparkgrad.spark.report;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Opens a file in Debian's Chromium, headless, and hands back the rendered DOM and a
 * screenshot. The browser runs with a timeout and everything it started is killed afterwards
 * by PID: its descendants, seen while it ran, and the crash handlers it detaches from itself
 * (recognised by the private {@code HOME} the browser is given, which their command lines name).
 */
final class HeadlessChromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final String REQUIRE = "SPARKGRAD_REQUIRE_BROWSER";
    /** Look-and-kill rounds after the browser ends or times out (one is enough unless it was starting a process). */
    private static final int KILL_ROUNDS = 5;

    /** What the browser made of the page. */
    record Rendering(String dom, BufferedImage screenshot, String log) {}

    private HeadlessChromium() {}

    /**
     * Skips the calling test when Chromium is missing, or fails it when {@value #REQUIRE}=1 says
     * the browser must be there (as {@code .ci/run} does).
     */
    static void requireBrowser() {
        requireBrowser(BINARY, System.getenv(REQUIRE));
    }

    /** {@link #requireBrowser()} for a given binary and value of {@value #REQUIRE} (null when unset). */
    static void requireBrowser(Path binary, String require) {
        boolean present = Files.isExecutable(binary);
        if (!present && "1".equals(require)) {
            fail(REQUIRE + "=1 but " + binary + " is missing: install it with 'apt-get install chromium'");
        }
        assumeTrue(present, "report browser test skipped: " + binary + " is missing; 'apt-get install chromium' to run it "
                + "(and set " + REQUIRE + "=1 to make its absence a failure)");
    }

    /** Renders {@code page} at {@code width} × {@code height} CSS pixels, working in {@code dir}. */
    static Rendering render(Path page, Path dir, int width, int height, Duration timeout) throws IOException, InterruptedException {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path profile = Files.createDirectories(dir.resolve("profile"));
        Path png = dir.resolve("screenshot.png");
        Path dom = dir.resolve("dom.html");
        Path log = dir.resolve("chromium.log");
        List<String> command = List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--screenshot=" + png, "--dump-dom",
                page.toUri().toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dom.toFile()).redirectError(log.toFile());
        // a private HOME: nothing lands in the real one, and the detached crash handlers carry this path
        pb.environment().put("HOME", home.toString());
        Process browser = pb.start();
        Map<Long, ProcessHandle> seen = new LinkedHashMap<>();
        boolean finished = false;
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!finished && System.nanoTime() < deadline) {
                browser.descendants().forEach(h -> seen.putIfAbsent(h.pid(), h));
                finished = browser.waitFor(100, TimeUnit.MILLISECONDS);
            }
        } finally {
            seen.put(browser.pid(), browser.toHandle());
            // a process the browser starts while it is being killed (a crash handler, a renderer
            // forked between the last look and the kill) is only seen by the next look: look,
            // kill and look again until a look finds nothing new still running
            for (int round = 0; round < KILL_ROUNDS; round++) {
                browser.descendants().forEach(h -> seen.putIfAbsent(h.pid(), h));
                detached(dir).forEach(h -> seen.putIfAbsent(h.pid(), h));
                if (seen.values().stream().noneMatch(HeadlessChromium::running)) {
                    break;
                }
                killAll(seen.values());
            }
        }
        detached(dir).forEach(h -> seen.putIfAbsent(h.pid(), h));
        List<Long> left = seen.values().stream().filter(HeadlessChromium::running).map(ProcessHandle::pid).sorted().toList();
        if (!left.isEmpty()) {
            fail("chromium processes still running after the kill: " + left);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (!finished) {
            fail("chromium did not finish within " + timeout.toMillis() + " ms and was killed; its log:\n" + tail(output));
        }
        if (browser.exitValue() != 0) {
            fail("chromium exited with status " + browser.exitValue() + "; its log:\n" + tail(output));
        }
        if (!Files.exists(png)) {
            fail("chromium wrote no screenshot to " + png + "; its log:\n" + tail(output));
        }
        return new Rendering(Files.readString(dom, StandardCharsets.UTF_8), ImageIO.read(png.toFile()), output);
    }

    /** Processes that left the browser's tree but name our directory: the crash handlers. */
    static java.util.stream.Stream<ProcessHandle> detached(Path dir) {
        String mark = dir.toString();
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(c -> c.contains(mark)).orElse(false)
                        || h.info().arguments().map(a -> String.join(" ", a).contains(mark)).orElse(false));
    }

    private static void killAll(Iterable<ProcessHandle> handles) throws InterruptedException {
        for (ProcessHandle h : handles) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle h : handles) {
            while (running(h) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
    }

    /**
     * Alive and not a zombie: a killed crash handler belongs to PID 1, which in a container may
     * never reap it, and Java counts an unreaped process as alive.
     */
    static boolean running(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
            // the state letter follows the parenthesised command name, which may itself hold spaces
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return false;  // gone between the two looks
        }
    }

    private static String tail(String log) {
        return log.length() <= 4000 ? log : "…" + log.substring(log.length() - 4000);
    }
}
