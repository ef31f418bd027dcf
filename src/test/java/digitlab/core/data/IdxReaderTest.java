package digitlab.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdxReaderTest {
    private static Path fixture(String name) {
        return IdxFixtures.DIR.resolve(name);
    }

    @Test
    void committed_fixtures_are_what_the_generator_makes() throws IOException {
        for (Map.Entry<String, byte[]> f : IdxFixtures.all().entrySet()) {
            byte[] committed = Files.readAllBytes(fixture(f.getKey()));
            if (f.getKey().endsWith(".gz")) {
                // gzip headers carry a timestamp: compare what they decompress to instead
                assertArrayEquals(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(f.getValue())).readAllBytes(),
                        new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(committed)).readAllBytes(), f.getKey());
            } else {
                assertArrayEquals(f.getValue(), committed, f.getKey());
            }
        }
    }

    @Test
    void reads_dimensions_and_bytes_of_a_good_file() throws IOException {
        IdxReader.IdxArray images = IdxReader.read(fixture("good-images-idx3-ubyte"), 3);
        assertArrayEquals(new int[] {3, 2, 2}, images.dims());
        assertArrayEquals(IdxFixtures.GOOD_PIXELS, images.data());
    }

    @Test
    void reads_a_gzipped_file_like_a_plain_one() throws IOException {
        assertArrayEquals(IdxReader.read(fixture("good-labels-idx1-ubyte"), 1).data(),
                IdxReader.read(fixture("good-labels-idx1-ubyte.gz"), 1).data());
    }

    @Test
    void refuses_a_bad_magic_number_naming_the_file() {
        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> IdxReader.read(fixture("bad-magic-idx1-ubyte"), 1));
        assertTrue(e.getMessage().contains("bad-magic-idx1-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains("magic number 0x00000D01"), e.getMessage());
    }

    @Test
    void refuses_a_truncated_file_saying_how_much_is_missing() {
        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> IdxReader.read(fixture("truncated-images-idx3-ubyte"), 3));
        assertEquals("The IDX file " + fixture("truncated-images-idx3-ubyte")
                + " is truncated: its header promises 12 data bytes but it holds 7.", e.getMessage());
    }

    @Test
    void refuses_a_file_with_the_wrong_number_of_dimensions() {
        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> IdxReader.read(fixture("wrong-dims-labels-idx1-ubyte"), 1));
        assertTrue(e.getMessage().contains("has 3 dimensions where 1 were expected"), e.getMessage());
    }

    @Test
    void refuses_bytes_after_the_promised_data() {
        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> IdxReader.read(fixture("trailing-bytes-idx1-ubyte"), 1));
        assertTrue(e.getMessage().contains("has bytes after the 3"), e.getMessage());
    }

    @Test
    void refuses_a_file_shorter_than_its_header() {
        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> IdxReader.read(fixture("header-only-idx1-ubyte"), 1));
        assertTrue(e.getMessage().contains("shorter than its 4-byte header"), e.getMessage());
    }

    @Test
    void refuses_a_missing_file_naming_it() {
        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> IdxReader.read(fixture("no-such-file"), 1));
        assertTrue(e.getMessage().contains("no-such-file does not exist"), e.getMessage());
    }
}
