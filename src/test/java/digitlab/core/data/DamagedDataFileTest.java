package digitlab.core.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data files damaged the ways downloads and disks damage them: each error names the file and the real fault. */
class DamagedDataFileTest {
    @Test
    void an_empty_gz_file_is_called_empty_and_named(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), new byte[0]);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(file, 1));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void a_truncated_gz_file_is_named_and_called_cut_short(@TempDir Path dir) throws IOException {
        byte[] gz = IdxFixtures.gzip(IdxFixtures.idx(1, new int[] {5000}, randomLabels(5000)));
        Path file = Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), Arrays.copyOf(gz, gz.length / 2));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(file, 1));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("cut short"), e.getMessage());
    }

    @Test
    void bytes_flipped_inside_a_gz_file_are_reported_as_corruption_not_as_trailing_bytes(@TempDir Path dir) throws IOException {
        byte[] gz = IdxFixtures.gzip(IdxFixtures.idx(1, new int[] {5000}, randomLabels(5000)));
        Path file = dir.resolve("train-labels-idx1-ubyte.gz");
        for (int at = gz.length / 4; at < gz.length * 3 / 4; at += gz.length / 40) {
            byte[] damaged = gz.clone();
            damaged[at] ^= 0x5A;
            Files.write(file, damaged);
            IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(file, 1), "flip at " + at);
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertFalse(e.getMessage().contains("bytes after"), "flip at " + at + ": " + e.getMessage());
        }
    }

    @Test
    void a_label_byte_of_200_is_reported_as_200(@TempDir Path dir) throws IOException {
        IdxFixtures.writeDataset(dir.resolve("odd"), 5, 3);
        Files.write(dir.resolve("odd").resolve("t10k-labels-idx1-ubyte.gz"),
                IdxFixtures.gzip(IdxFixtures.idx(1, new int[] {3}, new byte[] {1, (byte) 200, 2})));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> DigitDataset.named(dir, "odd").test());
        assertTrue(e.getMessage().contains("label 200 outside 0..9"), e.getMessage());
    }

    /** Labels 0..9 at random: compressible like real MNIST, so a flipped bit changes what inflates. */
    private static byte[] randomLabels(int n) {
        byte[] b = new byte[n];
        Random random = new Random(11);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(10);
        }
        return b;
    }
}
