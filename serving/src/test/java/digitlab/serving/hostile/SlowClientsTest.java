package digitlab.serving.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.serving.Mnist;
import digitlab.serving.TestServer;
import digitlab.serving.http.ServingApp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many connections that send their headers or bodies a byte at a time must not lock anyone else out:
 * while they trickle, another client's /health and /predict each answer within a second, every time,
 * and the server's thread count stays put. Bounded for CI (1000 connections for 4 s); the docs give
 * the by-hand run with the full 30 s.
 */
class SlowClientsTest {
    static final int CONNECTIONS = 1000;
    /** Trickling bodies the cut-off test waits out together. */
    private static final int CUT_OFF_BODIES = 20;
    /** 4 s in CI; the by-hand run in docs/hardening.md sets -Ddigitlab.slowClientsMillis=30000. */
    private static final long ATTACK_MILLIS = Long.getLong("digitlab.slowClientsMillis", 4_000);
    /** The requirement is 1 s; well under it on a quiet machine, so a failure means lock-out, not noise. */
    private static final long ANSWER_BOUND_MILLIS = 1_000;

    /** Started once for the class, closed after its last test. */
    @RegisterExtension
    static final TestServer server = TestServer.withFixtures();

    @Test
    void a_thousand_trickling_connections_leave_health_and_predict_answering_within_a_second() throws Exception {
        byte[] digit = TestServer.JSON.writeValueAsBytes(Map.of("pixels", Mnist.pixels(0)));
        server.post("/predict", "application/json", digit); // warm up the path being timed
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        List<Socket> tricklers = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                tricklers.add(open(i % 2 == 0 ? headersThatNeverEnd() : bodyThatNeverEnds()));
            }
            long peakThreads = threadsBefore;
            long slowest = 0;
            int answered = 0;
            int reconnects = 0;
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ATTACK_MILLIS);
            while (System.nanoTime() < end) {
                for (int k = 0; k < tricklers.size(); k++) {
                    try {
                        trickle(tricklers.get(k));
                    } catch (IOException cutOff) {
                        // The server dropped a body arriving too slowly (408): an attacker reconnects.
                        tricklers.get(k).close();
                        tricklers.set(k, open(k % 2 == 0 ? headersThatNeverEnd() : bodyThatNeverEnds()));
                        reconnects++;
                    }
                }
                slowest = Math.max(slowest, timed(() -> server.get("/health"), 200));
                slowest = Math.max(slowest, timed(() -> server.post("/predict", "application/json", digit), 200));
                answered += 2;
                peakThreads = Math.max(peakThreads, ManagementFactory.getThreadMXBean().getThreadCount());
                Thread.sleep(100); // pacing: each connection gets about ten bytes a second
            }
            assertTrue(answered >= 4, "answered " + answered);
            assertTrue(slowest < ANSWER_BOUND_MILLIS, "slowest answer under attack took " + slowest + " ms");
            // Trickled bodies wait without a thread; the pool grows only for the read events it hands out, up to its cap.
            assertTrue(peakThreads - threadsBefore <= ServingApp.MAX_THREADS,
                    "threads grew from " + threadsBefore + " to " + peakThreads + " under " + CONNECTIONS + " slow connections");
            System.out.printf("%d slow connections for %d ms: slowest /health or /predict %d ms of %d, threads %d -> %d,"
                    + " %d cut off for a low rate and reopened%n", CONNECTIONS, ATTACK_MILLIS, slowest, answered,
                    threadsBefore, peakThreads, reconnects);
        } finally {
            for (Socket s : tricklers) {
                s.close();
            }
        }
    }

    @Test
    void bodies_sent_a_byte_a_second_are_cut_off_with_408_and_jetty_does_not_log_a_warning_for_each() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < CUT_OFF_BODIES; i++) {
                sockets.add(open(bodyThatNeverEnds()));
            }
            long start = System.nanoTime();
            // Keep trickling until the server answers: without a minimum rate it never would.
            while (sockets.stream().anyMatch(SlowClientsTest::nothingArrived)
                    && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15)) {
                for (Socket s : sockets) {
                    if (nothingArrived(s)) {
                        trickle(s);
                    }
                }
                Thread.sleep(1000);
            }
            for (Socket s : sockets) {
                s.setSoTimeout(15_000);
                String answer = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                assertTrue(answer.startsWith("HTTP/1.1 408"), "answer: " + answer);
            }
            Thread.sleep(200); // Jetty's own warning, if any, follows the answer
        } finally {
            System.setErr(stderr);
            for (Socket s : sockets) {
                s.close();
            }
        }
        // Jetty warned "Pending read in onCompleted" once per body cut off: under attack, a flood (SlowUploadLog sums them up).
        assertFalse(log.toString(StandardCharsets.UTF_8).contains("Pending read"), log.toString(StandardCharsets.UTF_8));
    }

    private static boolean nothingArrived(Socket s) {
        try {
            return s.getInputStream().available() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static long timed(java.util.function.Supplier<HttpResponse<String>> request, int expectedStatus) {
        long start = System.nanoTime();
        HttpResponse<String> response = request.get();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(expectedStatus, response.statusCode(), response.body());
        return millis;
    }

    private static String headersThatNeverEnd() {
        return "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ";
    }

    private static String bodyThatNeverEnds() {
        return "POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n[\"";
    }

    private static Socket open(String start) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.app.port()), 10_000);
        s.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    /** One more byte: a space in a JSON body, or one more letter of a header value that never ends. */
    private static void trickle(Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write('a');
        out.flush();
    }
}
