package digitlab.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AccessLogTest {
    @Test
    void every_request_from_many_threads_is_written_once_by_the_log_s_own_thread_and_close_writes_what_waits()
            throws Exception {
        // A logger of this test's own at INFO (the tests' default is WARN), set before SimpleLogger creates it.
        String name = "digitlab.test.access-" + System.nanoTime();
        System.setProperty("org.slf4j.simpleLogger.log." + name, "info");
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            AccessLog log = new AccessLog(LoggerFactory.getLogger(name));
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int client = t;
                Thread c = new Thread(() -> {
                    for (int i = 0; i < 250; i++) {
                        log.add("127.0.0." + client, "GET", "/health/" + i, 200, 1.5f);
                    }
                });
                c.start();
                clients.add(c);
            }
            for (Thread c : clients) {
                c.join();
            }
            log.close();
        } finally {
            System.setErr(stderr);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(" GET /health/")).toList();
        assertEquals(8 * 250, lines.size(), String.join("\n", lines.subList(0, Math.min(5, lines.size()))));
        assertTrue(lines.stream().allMatch(l -> l.contains("[access-log]") && l.endsWith(" 200 1.5ms")), lines.get(0));
        for (int client = 0; client < 8; client++) {
            String ip = "127.0.0." + client + " ";
            assertEquals(250, lines.stream().filter(l -> l.contains(ip)).count(), ip);
        }
    }
}
