package digitlab.serving.inference.foreign;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct float buffers for ONNX Runtime's input tensors, kept for the next call. Given a heap array,
 * ONNX Runtime's Java API allocates a fresh direct buffer per call and copies into it; the JDK zeroes
 * every such buffer and frees it through a cleaner, which was a tenth of the server's CPU for batches
 * of 64 over the binary tensor extension. A direct buffer in native order is used as it is.
 */
final class TensorBuffers {
    /** Buffers kept for reuse at most, one per call running at once: beyond that they are left to the GC. */
    private static final int KEEP = 16;
    private static final ConcurrentLinkedQueue<FloatBuffer> FREE = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger KEPT = new AtomicInteger();

    private TensorBuffers() {}

    /** A buffer holding {@code values[0, length)}, positioned to be read; give it back once its tensor is closed. */
    static FloatBuffer holding(float[] values, int length) {
        FloatBuffer buffer = FREE.poll();
        if (buffer != null) {
            KEPT.decrementAndGet();
        }
        if (buffer == null || buffer.capacity() < length) {
            // Rounded up, so a kept buffer fits the calls that follow of about the same size.
            buffer = ByteBuffer.allocateDirect(Integer.highestOneBit(Math.max(length, 1024) - 1) * 2 * Float.BYTES)
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        buffer.clear();
        buffer.put(values, 0, length);
        buffer.flip();
        return buffer;
    }

    static void giveBack(FloatBuffer buffer) {
        if (KEPT.incrementAndGet() <= KEEP) {
            FREE.offer(buffer);
        } else {
            KEPT.decrementAndGet();
        }
    }
}
