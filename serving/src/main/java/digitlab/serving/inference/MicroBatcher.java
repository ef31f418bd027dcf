package digitlab.serving.inference;

import ai.onnxruntime.OrtException;
import digitlab.core.model.ModelContract;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Dynamic batching for one model: small requests that arrive while ONNX Runtime is busy with this
 * model are gathered and answered by one call, which pays the per-call cost (tensors, session
 * bookkeeping) once for all of them.
 *
 * <ul>
 *   <li>When nothing runs or waits, a request runs at once on its own thread: a lone client never
 *       waits for a window, and pays no thread hand-off.
 *   <li>A request that finds a run in flight queues. The batcher's thread runs the queue as one call
 *       as soon as nothing is in flight, when it holds {@code maxRows} digits, or when its oldest
 *       request has waited the window, whichever comes first. The window bounds the wait; it never
 *       adds delay while ONNX Runtime is free.
 *   <li>Requests of {@code maxRows} digits or more are batches already and skip the queue.
 * </ul>
 *
 * Every queued request is completed, with its own rows or with the call's exception: {@link #close()}
 * lets the thread drain the queue (on a closed model each call fails fast with
 * {@link ModelRetiredException}, which the registry retries on the successor), so nobody waits forever.
 */
final class MicroBatcher implements AutoCloseable {
    /** The unbatched call: {@link OnnxModel}'s own run. */
    @FunctionalInterface
    interface Runner {
        float[] run(PixelBatch batch) throws ModelRetiredException, OrtException;
    }

    private record Waiter(PixelBatch batch, long arrivedNanos, CompletableFuture<float[]> answer) {}

    private final String id;
    private final Runner runner;
    private final long windowNanos;
    private final int maxRows;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signals the batcher's thread: the queue got its first request, filled up, or a run ended. */
    private final Condition wake = lock.newCondition();
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private int queuedRows;
    private int inFlight;
    private boolean closed;

    MicroBatcher(String id, Runner runner, Duration window, int maxRows) {
        if (window.isNegative() || window.isZero() || maxRows < 2) {
            throw new IllegalArgumentException("A batcher needs a positive window and room for 2 rows or more.");
        }
        this.id = id;
        this.runner = runner;
        this.windowNanos = window.toNanos();
        this.maxRows = maxRows;
        Thread thread = new Thread(this::dispatchLoop, "batcher-" + id);
        // A batcher left open (a test, a failed start) must not keep the JVM alive.
        thread.setDaemon(true);
        thread.start();
    }

    /** The model's answer to {@code batch}, alone or as part of a larger call. */
    float[] probabilities(PixelBatch batch) throws ModelRetiredException, OrtException {
        if (batch.rows() >= maxRows) {
            return runner.run(batch);
        }
        Waiter waiter = null;
        lock.lock();
        try {
            if (closed) {
                throw new ModelRetiredException(id);
            }
            if (inFlight == 0 && queue.isEmpty()) {
                inFlight++;
            } else {
                waiter = new Waiter(batch, System.nanoTime(), new CompletableFuture<>());
                queue.add(waiter);
                queuedRows += batch.rows();
                if (queue.size() == 1 || queuedRows >= maxRows) {
                    wake.signal(); // the thread starts the window's clock, or the batch is full
                }
            }
        } finally {
            lock.unlock();
        }
        if (waiter == null) {
            try {
                return runner.run(batch);
            } finally {
                runEnded();
            }
        }
        return await(waiter);
    }

    /** Requests waiting for the next call (for tests and diagnostics). */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Refuses new requests; those already queued are still run (on a closed model, they fail fast). */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    private void runEnded() {
        lock.lock();
        try {
            inFlight--;
            if (!queue.isEmpty()) {
                wake.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void dispatchLoop() {
        while (true) {
            List<Waiter> batch;
            lock.lock();
            try {
                while (!due()) {
                    if (closed && queue.isEmpty()) {
                        return;
                    }
                    awaitWake();
                }
                batch = takeBatch();
                inFlight++;
            } finally {
                lock.unlock();
            }
            try {
                runTogether(batch);
            } finally {
                runEnded();
            }
        }
    }

    /** Holding the lock: is it time to run the queue? */
    private boolean due() {
        return !queue.isEmpty() && (inFlight == 0 || closed || queuedRows >= maxRows
                || System.nanoTime() - queue.peek().arrivedNanos() >= windowNanos);
    }

    private void awaitWake() {
        try {
            if (queue.isEmpty()) {
                wake.await();
            } else {
                wake.awaitNanos(queue.peek().arrivedNanos() + windowNanos - System.nanoTime());
            }
        } catch (InterruptedException e) {
            // Nobody interrupts this thread; if something does, the loop just looks at the queue again.
        }
    }

    /** Holding the lock: the oldest requests, up to {@code maxRows} digits (always at least one request). */
    private List<Waiter> takeBatch() {
        List<Waiter> batch = new ArrayList<>();
        int rows = 0;
        while (!queue.isEmpty() && (batch.isEmpty() || rows + queue.peek().batch().rows() <= maxRows)) {
            Waiter w = queue.poll();
            rows += w.batch().rows();
            batch.add(w);
        }
        queuedRows -= rows;
        return batch;
    }

    /** One call for every waiter's rows, each answered with its own slice, or all with the call's failure. */
    private void runTogether(List<Waiter> waiters) {
        try {
            int rows = waiters.stream().mapToInt(w -> w.batch().rows()).sum();
            float[] values = new float[rows * ModelContract.FEATURES];
            int offset = 0;
            for (Waiter w : waiters) {
                System.arraycopy(w.batch().values(), 0, values, offset, w.batch().values().length);
                offset += w.batch().values().length;
            }
            float[] out = runner.run(new PixelBatch(values, rows, false));
            int from = 0;
            for (Waiter w : waiters) {
                int to = from + w.batch().rows() * ModelContract.CLASSES;
                w.answer().complete(Arrays.copyOfRange(out, from, to));
                from = to;
            }
        } catch (Throwable t) {
            // Whatever failed the call fails each request in it; none is left waiting.
            waiters.forEach(w -> w.answer().completeExceptionally(t));
        }
    }

    /** Waits for the batcher's thread, then answers as an unbatched call would, exceptions included. */
    private static float[] await(Waiter waiter) throws ModelRetiredException, OrtException {
        try {
            // Uninterruptible on purpose: the batcher always completes the future, and a request given up
            // half-way would still be run.
            return waiter.answer().join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ModelRetiredException retired) {
                throw retired;
            }
            if (cause instanceof OrtException ort) {
                throw ort;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
