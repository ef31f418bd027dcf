package digitlab.serving.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a request body's bytes go as they arrive: read straight into chunks, each twice the last,
 * and, once half of a declared Content-Length has arrived, into one array of exactly that length, which
 * is then the body itself. Through a small buffer into a growing ByteArrayOutputStream, a 200 KB v2 batch
 * was copied four times over and its allocations zeroed twice its size: 12% of the server's CPU.
 *
 * <p>Memory follows what arrived, as before: a new chunk is at most twice what came before it (16 KiB
 * at first), and the exact array is taken only once the client has sent half of it, so a client that
 * declares a large body and trickles it gets no more memory than its bytes earn.
 */
final class ArrivingBody {
    private static final int FIRST_CHUNK = 16 * 1024;
    private static final int LARGEST_CHUNK = 1024 * 1024;

    /** The Content-Length, already within the body limit; -1 when the client sent none. */
    private final long declared;
    private final List<byte[]> fullChunks = new ArrayList<>();
    private byte[] chunk;
    private int inChunk;
    private long received;

    ArrivingBody(long declared) {
        this.declared = declared;
        chunk = new byte[declared >= 0 && declared < FIRST_CHUNK ? (int) declared : FIRST_CHUNK];
    }

    /** The array the next bytes are read into, at {@link #offset()}, at most {@link #space()} of them. */
    byte[] buffer() {
        if (inChunk == chunk.length) {
            makeRoom();
        }
        return chunk;
    }

    int offset() {
        return inChunk;
    }

    int space() {
        return chunk.length - inChunk;
    }

    /** {@code n} bytes were read into {@link #buffer()}; returns the body's length so far. */
    long arrived(int n) {
        inChunk += n;
        received += n;
        return received;
    }

    /** The body: no copy when it filled the exact array (or the first chunk) to the end. */
    byte[] whole() {
        if (fullChunks.isEmpty() && inChunk == chunk.length) {
            return chunk;
        }
        byte[] body = new byte[(int) received];
        copyInto(body);
        return body;
    }

    private void makeRoom() {
        if (declared > received && received * 2 >= declared) {
            byte[] exact = new byte[(int) declared];
            inChunk = copyInto(exact);
            fullChunks.clear();
            chunk = exact;
        } else {
            fullChunks.add(chunk);
            chunk = new byte[Math.max(FIRST_CHUNK, Math.min(chunk.length * 2, LARGEST_CHUNK))];
            inChunk = 0;
        }
    }

    /** Copies every byte so far to the start of {@code target}; returns how many. */
    private int copyInto(byte[] target) {
        int at = 0;
        for (byte[] full : fullChunks) {
            System.arraycopy(full, 0, target, at, full.length);
            at += full.length;
        }
        System.arraycopy(chunk, 0, target, at, inChunk);
        return at + inChunk;
    }
}
