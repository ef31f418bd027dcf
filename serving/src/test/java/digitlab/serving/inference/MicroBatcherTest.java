package digitlab.serving.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import digitlab.serving.Mnist;
import digitlab.serving.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batcher on real fixture models. To make merging certain rather than likely, the first run is
 * held at a gate until the other callers are queued behind it; the window is long, so only the end
 * of that run lets the queue go.
 */
class MicroBatcherTest {
    private static final int CALLERS = 16;
    /** Long enough never to expire in a test: merging is then decided by the run in flight alone. */
    private static final Duration NEVER = Duration.ofMinutes(5);
    /** Not a timing assertion: a bound that turns a hang into a failure. */
    private static final long HANG_SECONDS = 60;

    private final OnnxModel model = load(new ModelLoader(1));
    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicBoolean firstRun = new AtomicBoolean(true);

    @AfterEach
    void close() {
        model.close();
    }

    /** The real model's unbatched call, except that the very first run waits for the gate. */
    private float[] gatedRun(PixelBatch batch) throws ModelRetiredException, OrtException {
        if (firstRun.getAndSet(false)) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return model.probabilities(batch);
    }

    @Test
    void concurrent_callers_each_get_exactly_their_own_rows_from_fewer_onnx_runs() throws Exception {
        List<float[]> alone = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            alone.add(model.probabilities(digit(i)));
        }
        long runsBefore = model.runs();
        long rowsBefore = model.rowsRun();
        try (MicroBatcher batcher = new MicroBatcher("m", this::gatedRun, NEVER, OnnxModel.MAX_BATCH_ROWS)) {
            List<CompletableFuture<float[]>> answers = callHeldBatcher(batcher, CALLERS);

            for (int i = 0; i < CALLERS; i++) {
                assertArrayEquals(alone.get(i), answers.get(i).get(HANG_SECONDS, TimeUnit.SECONDS), 1e-6f,
                        "caller " + i + " got its own digit's probabilities");
            }
        }
        assertEquals(CALLERS, model.rowsRun() - rowsBefore, "every row was run once");
        assertEquals(2, model.runs() - runsBefore, "the held run, then one run for the 15 queued behind it");
    }

    @Test
    void a_model_closed_while_requests_wait_fails_each_of_them_as_retired_and_refuses_new_ones() throws Exception {
        try (MicroBatcher batcher = new MicroBatcher("m", this::gatedRun, NEVER, OnnxModel.MAX_BATCH_ROWS)) {
            List<CompletableFuture<float[]>> answers = startCallers(batcher, 6);
            awaitQueued(batcher, 5);
            model.close(); // as the registry does when a reload swaps the model out
            batcher.close();
            gate.countDown();

            for (CompletableFuture<float[]> answer : answers) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> answer.get(HANG_SECONDS, TimeUnit.SECONDS));
                assertInstanceOf(ModelRetiredException.class, e.getCause());
            }
            assertThrows(ModelRetiredException.class, () -> batcher.probabilities(digit(0)));
        }
    }

    @Test
    void an_onnx_runtime_failure_of_a_merged_run_reaches_every_request_in_it() throws Exception {
        // Valid input cannot make ONNX Runtime fail, so a failure stands in for merged runs.
        MicroBatcher.Runner failsMerged = batch -> {
            if (batch.rows() > 1) {
                throw new OrtException("the merged run failed");
            }
            return gatedRun(batch);
        };
        try (MicroBatcher batcher = new MicroBatcher("m", failsMerged, NEVER, OnnxModel.MAX_BATCH_ROWS)) {
            List<CompletableFuture<float[]>> answers = callHeldBatcher(batcher, 5);

            assertEquals(10, answers.get(0).get(HANG_SECONDS, TimeUnit.SECONDS).length, "the held run alone succeeded");
            for (CompletableFuture<float[]> answer : answers.subList(1, answers.size())) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> answer.get(HANG_SECONDS, TimeUnit.SECONDS));
                assertInstanceOf(OrtException.class, e.getCause());
                assertEquals("the merged run failed", e.getCause().getMessage());
            }
        }
    }

    @Test
    void batches_as_large_as_the_cap_skip_the_queue() throws Exception {
        try (MicroBatcher batcher = new MicroBatcher("m", this::gatedRun, NEVER, 4)) {
            firstRun.set(false);
            float[][] rows = new float[4][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = Mnist.pixels(i);
            }
            long runsBefore = model.runs();
            float[] out = batcher.probabilities(PixelBatch.of(List.of(rows), false));
            assertEquals(40, out.length);
            assertEquals(1, model.runs() - runsBefore);
        }
    }

    /** Holds the first caller's run at the gate, queues the rest behind it, then opens the gate. */
    private List<CompletableFuture<float[]>> callHeldBatcher(MicroBatcher batcher, int callers) throws Exception {
        List<CompletableFuture<float[]>> answers = startCallers(batcher, callers);
        awaitQueued(batcher, callers - 1);
        gate.countDown();
        return answers;
    }

    /** Caller 0 starts first and so takes the idle batcher's run; the others find it busy. */
    private List<CompletableFuture<float[]>> startCallers(MicroBatcher batcher, int callers) throws Exception {
        List<CompletableFuture<float[]>> answers = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            CompletableFuture<float[]> answer = new CompletableFuture<>();
            PixelBatch digit = digit(i);
            Thread caller = new Thread(() -> {
                try {
                    answer.complete(batcher.probabilities(digit));
                } catch (Throwable e) {
                    answer.completeExceptionally(e);
                }
            });
            caller.setDaemon(true);
            caller.start();
            answers.add(answer);
            if (i == 0) {
                while (!firstRunStarted()) {
                    Thread.sleep(1);
                }
            }
        }
        return answers;
    }

    private boolean firstRunStarted() {
        return !firstRun.get();
    }

    private static void awaitQueued(MicroBatcher batcher, int queued) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS);
        while (batcher.queued() < queued) {
            assertTrue(System.nanoTime() < deadline, "only " + batcher.queued() + " of " + queued + " callers queued");
            Thread.sleep(1);
        }
    }

    private static PixelBatch digit(int i) {
        return PixelBatch.single(Mnist.pixels(i));
    }

    private static OnnxModel load(ModelLoader loader) {
        try {
            return loader.load(TestServer.fixtureFiles().get(0));
        } catch (ModelLoadException e) {
            throw new AssertionError(e);
        }
    }
}
