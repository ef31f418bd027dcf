package digitlab.serving.http;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log ({@code digitlab.access}, one line per request), written by a thread of its own: the
 * request's thread only hands over five values. Written on the request's thread, every answer waited
 * for SimpleLogger's one lock and its flush to stderr, and under load the requests queued behind each
 * other there. Bounded: when the writer falls behind, lines are dropped and counted in a line of their
 * own rather than requests waiting or memory growing. Off when the logger is above INFO.
 */
final class AccessLog implements AutoCloseable {
    /** Lines waiting to be written at most: a few seconds of the fastest request rate measured here. */
    static final int CAPACITY = 65_536;
    /**
     * The writer wakes this often and writes what waits: requests never wake it. Woken by every line
     * instead (a blocking queue's signal), the hand-off cost /health a sixth of its CPU.
     */
    private static final long WAKE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Logger log;
    private final Queue<Line> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;

    private record Line(String ip, String method, String path, int status, float millis) {}

    /** The server's: the {@code digitlab.access} logger. */
    AccessLog() {
        this(LoggerFactory.getLogger("digitlab.access"));
    }

    AccessLog(Logger log) {
        this.log = log;
        writer = new Thread(this::write, "access-log");
        writer.setDaemon(true);
        if (log.isInfoEnabled()) {
            writer.start();
        }
    }

    /** One answered request; returns at once. */
    void add(String ip, String method, String path, int status, float millis) {
        if (!writer.isAlive()) {
            return;
        }
        if (waiting.incrementAndGet() > CAPACITY) {
            waiting.decrementAndGet();
            dropped.incrementAndGet();
        } else {
            pending.offer(new Line(ip, method, path, status, millis));
        }
    }

    private void write() {
        boolean last = false;
        while (!last) {
            last = closing; // once closing, one more pass writes what was added before it
            Line l;
            while ((l = pending.poll()) != null) {
                waiting.decrementAndGet();
                log.info("{} {} {} {} {}ms", l.ip(), l.method(), l.path(), l.status(), tenths(l.millis()));
            }
            long lost = dropped.getAndSet(0);
            if (lost > 0) {
                log.warn("{} access log lines were dropped: requests came faster than the log could be written.", lost);
            }
            if (!last) {
                LockSupport.parkNanos(WAKE_NANOS);
            }
        }
    }

    /** 12.34 as "12.3": String.format was a third of the cost of writing a line in the profile. */
    static String tenths(float millis) {
        long t = Math.round(millis * 10.0);
        return t / 10 + "." + t % 10;
    }

    /** Writes the lines still waiting, then stops the writer. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(writer);
        try {
            writer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
