package digitlab.training.checkpoint;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM (a pod evicted, a job cancelled, Ctrl-C): the JVM runs its shutdown hooks, and this one
 * asks every stack in training to save a checkpoint at the end of its current epoch, then waits for
 * them, a while at most, before the JVM exits. SIGKILL runs nothing: the periodic checkpoints cover it.
 */
final class StopSignal {
    /** Below Kubernetes' default 30 s grace period, so the pod is not killed while it waits. */
    static final long WAIT_MILLIS = 25_000;
    private static final Set<Object> TRAINING = new HashSet<>();
    private static boolean hooked;
    private static volatile boolean requested;

    private StopSignal() {}

    static boolean requested() {
        return requested;
    }

    /** A stack starts training; the hook waits for it until {@link #leave}. */
    static synchronized void enter(Object stack) {
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(new Thread(StopSignal::stopAll, "digit-lab checkpoint on exit"));
            hooked = true;
        }
        TRAINING.add(stack);
    }

    /** A stack saved its checkpoint after the signal, finished or failed. */
    static synchronized void leave(Object stack) {
        TRAINING.remove(stack);
        StopSignal.class.notifyAll();
    }

    private static synchronized void stopAll() {
        requested = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        try {
            while (!TRAINING.isEmpty()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return;
                }
                StopSignal.class.wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
