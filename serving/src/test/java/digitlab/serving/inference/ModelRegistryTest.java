package digitlab.serving.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.serving.Mnist;
import digitlab.serving.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelRegistryTest {
    private final ModelLoader loader = new ModelLoader(1);

    /** Off, and on with a 1 ms window: a swap must also drain the batcher's queue without losing a call. */
    @ParameterizedTest(name = "batch window {0} µs")
    @ValueSource(ints = {0, 1000})
    void swapping_a_model_while_threads_call_it_answers_every_call_and_closes_the_old_session(int windowMicros)
            throws Exception {
        ModelLoader loader = new ModelLoader(1, Duration.ofNanos(windowMicros * 1000L));
        Path file = TestServer.fixtureFiles().get(0);
        String id = ModelLoader.idOf(file);
        ModelRegistry registry = new ModelRegistry();
        registry.publish(Map.of(id, loader.load(file)), Map.of());
        PixelBatch digit = PixelBatch.single(Mnist.pixels(0));
        int expected = registry.answer(id, digit).predictions().get(0).digit();

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread caller = new Thread(() -> {
                while (running.get()) {
                    try {
                        assertEquals(expected, registry.answer(id, digit).predictions().get(0).digit());
                        calls.incrementAndGet();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            });
            caller.start();
            callers.add(caller);
        }
        List<OnnxModel> retired = new ArrayList<>();
        for (int swap = 0; swap < 200; swap++) {
            OnnxModel old = registry.snapshot().models().get(id);
            registry.publish(Map.of(id, loader.load(file)), Map.of());
            retired.add(old);
            int target = calls.get() + 3;
            while (calls.get() < target && failures.isEmpty()) {
                Thread.onSpinWait();
            }
        }
        running.set(false);
        for (Thread caller : callers) {
            caller.join();
        }
        assertTrue(failures.isEmpty(), failures.size() + " calls failed, first: " + failures.peek());
        for (OnnxModel old : retired) {
            assertThrows(ModelRetiredException.class, () -> old.probabilities(digit), "the old session is closed");
        }
        registry.close();
        assertThrows(UnknownModelException.class, () -> registry.answer(id, digit));
    }

    @Test
    void a_file_that_is_not_ONNX_fails_to_load_with_a_sentence_naming_it() throws Exception {
        Path garbage = java.nio.file.Files.createTempFile("garbage", ".onnx");
        java.nio.file.Files.writeString(garbage, "not a model");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> loader.load(garbage));
        assertTrue(e.getMessage().contains(garbage.getFileName().toString()), e.getMessage());
        java.nio.file.Files.delete(garbage);
    }
}
