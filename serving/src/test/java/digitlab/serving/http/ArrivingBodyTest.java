package digitlab.serving.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A body gathered piece by piece is the bytes sent, and never holds much more memory than arrived. */
class ArrivingBodyTest {
    private static final int FIRST_CHUNK = 16 * 1024;

    @Test
    void the_bytes_sent_come_back_whole_with_or_without_a_declared_length_in_any_pieces() throws Exception {
        byte[] sent = Arrays.copyOf(Files.readAllBytes(Path.of("../data/mnist/t10k-images-idx3-ubyte.gz")), 200_000);
        for (int length : new int[] {0, 1, 784, FIRST_CHUNK, FIRST_CHUNK + 1, 200_000}) {
            byte[] body = Arrays.copyOf(sent, length);
            for (int piece : new int[] {1, 1000, 8192, 65_536, 1 << 20}) {
                assertArrayEquals(body, gather(body, length, piece), length + " bytes in pieces of " + piece);
                assertArrayEquals(body, gather(body, -1, piece), length + " bytes undeclared, in pieces of " + piece);
            }
        }
    }

    @Test
    void a_large_declared_length_gets_memory_only_as_its_bytes_arrive() {
        long declared = 10L << 20;
        ArrivingBody body = new ArrivingBody(declared);
        long received = 0;
        long held = 0;
        while (received < declared) {
            byte[] into = body.buffer();
            held = Math.max(held, into.length);
            assertTrue(into.length <= 2 * received + FIRST_CHUNK, "an array of " + into.length + " bytes after " + received);
            received = body.arrived(Math.min(body.space(), 4096));
        }
        assertEquals(declared, held, "the last array is the exact body");
    }

    private static byte[] gather(byte[] sent, long declared, int piece) {
        ArrivingBody body = new ArrivingBody(declared);
        for (int at = 0; at < sent.length; ) {
            byte[] into = body.buffer();
            int n = Math.min(Math.min(piece, body.space()), sent.length - at);
            System.arraycopy(sent, at, into, body.offset(), n);
            body.arrived(n);
            at += n;
        }
        return body.whole();
    }
}
