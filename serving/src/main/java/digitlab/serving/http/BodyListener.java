package digitlab.serving.http;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.RequestTimeoutResponse;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Gathers one request body as it arrives, with no thread waiting for it: Jetty calls back when bytes
 * are there. Read with blocking calls instead, every slow upload held a worker thread, and 260 of them
 * trickling a byte a second left none for anyone else, /health included.
 *
 * <p>A watchdog fails the read when the body arrives slower than {@link #MIN_BYTES_PER_SECOND} once
 * {@link #GRACE_MILLIS} have passed, so a trickle cannot keep a connection and its buffer forever.
 */
final class BodyListener implements ReadListener {
    /** About a 56k modem: any real client sends faster; a trickling one does not. */
    static final long MIN_BYTES_PER_SECOND = 4096;
    /** A body may take this long whatever its rate: covers a slow start and small bodies on slow links. */
    static final long GRACE_MILLIS = 5_000;
    private static final long CHECK_MILLIS = 500;

    private final ServletInputStream in;
    private final long maxBytes;
    private final RequestBodies limits;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final long startNanos = System.nanoTime();
    private final byte[] buffer = new byte[16 * 1024];
    private volatile long received;
    private ScheduledFuture<?> watchdog;

    private BodyListener(ServletInputStream in, RequestBodies limits) {
        this.in = in;
        this.limits = limits;
        this.maxBytes = limits.maxBytes();
    }

    /** Starts reading; the request must already be in async mode. */
    static CompletableFuture<byte[]> start(ServletInputStream in, RequestBodies limits, ScheduledExecutorService timer) {
        BodyListener listener = new BodyListener(in, limits);
        listener.watchdog = timer.scheduleWithFixedDelay(listener::checkRate, CHECK_MILLIS, CHECK_MILLIS,
                TimeUnit.MILLISECONDS);
        listener.result.whenComplete((body, failure) -> listener.watchdog.cancel(false));
        in.setReadListener(listener);
        return listener.result;
    }

    @Override
    public void onDataAvailable() throws IOException {
        // Jetty calls this on one thread at a time; reading stops for good once the result is settled.
        while (!result.isDone() && in.isReady()) {
            int n = in.read(buffer);
            if (n < 0) {
                return; // onAllDataRead follows
            }
            received += n;
            if (received > maxBytes) {
                result.completeExceptionally(limits.tooLarge(-1));
                return;
            }
            body.write(buffer, 0, n);
        }
    }

    @Override
    public void onAllDataRead() {
        result.complete(body.toByteArray());
    }

    @Override
    public void onError(Throwable failure) {
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        result.completeExceptionally(failure instanceof java.util.concurrent.TimeoutException
                ? new RequestTimeoutResponse("The request body stopped arriving: " + Quote.brief(reason) + ".")
                : new BadRequestResponse("The request body could not be read: " + Quote.brief(reason) + "."));
    }

    private void checkRate() {
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        if (elapsedMillis > GRACE_MILLIS && received * 1000 < MIN_BYTES_PER_SECOND * elapsedMillis) {
            if (result.completeExceptionally(new RequestTimeoutResponse("The request body arrived at "
                    + received * 1000 / elapsedMillis + " bytes per second; this server needs at least "
                    + MIN_BYTES_PER_SECOND + "."))) {
                limits.cutOffSlowUpload();
            }
        }
    }
}
