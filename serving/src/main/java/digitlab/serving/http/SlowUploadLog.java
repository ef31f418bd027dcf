package digitlab.serving.http;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One warning at most every {@value #EVERY_SECONDS} s for the request bodies cut off (408) for
 * arriving too slowly, however many there were. Jetty warns once per such connection itself ("Pending
 * read in onCompleted": the read listener still waits for bytes when the 408 goes out, so Jetty closes
 * the connection, which is what a trickler deserves): under a trickling attack that was a line per
 * connection, so that logger is set to ERROR in simplelogger.properties and this line stands in for it.
 */
final class SlowUploadLog {
    static final long EVERY_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(SlowUploadLog.class);

    private final AtomicLong cutOff = new AtomicLong();

    SlowUploadLog(ScheduledExecutorService timer) {
        timer.scheduleWithFixedDelay(this::report, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
    }

    void cutOff() {
        cutOff.incrementAndGet();
    }

    /** The line for the bodies cut off since the last one, which it resets; null when there were none. */
    String takeSummary() {
        long n = cutOff.getAndSet(0);
        return n == 0 ? null : "Request bodies cut off (408) for arriving slower than " + BodyListener.MIN_BYTES_PER_SECOND
                + " bytes per second in the last " + EVERY_SECONDS + " s: " + n + ".";
    }

    private void report() {
        String summary = takeSummary();
        if (summary != null) {
            LOG.warn(summary);
        }
    }
}
