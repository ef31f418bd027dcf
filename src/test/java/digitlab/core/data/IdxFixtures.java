package digitlab.core.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Makes the tiny IDX files committed under src/test/resources/idx, good and broken. Run
 * {@code main} to write them again; {@code IdxFixturesTest} checks the committed ones still match.
 */
public final class IdxFixtures {
    public static final Path DIR = Path.of("test", "resources", "idx");
    /** Three 2x2 images: pixel values 0..11 in order. */
    public static final byte[] GOOD_PIXELS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    public static final byte[] GOOD_LABELS = {7, 2, 1};

    private IdxFixtures() {}

    /** File name to content, in a fixed order. */
    public static Map<String, byte[]> all() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("good-images-idx3-ubyte", idx(3, new int[] {3, 2, 2}, GOOD_PIXELS));
        files.put("good-labels-idx1-ubyte", idx(1, new int[] {3}, GOOD_LABELS));
        files.put("good-labels-idx1-ubyte.gz", gzip(idx(1, new int[] {3}, GOOD_LABELS)));
        byte[] badMagic = idx(1, new int[] {3}, GOOD_LABELS);
        badMagic[2] = 0x0D; // float element type: not the unsigned bytes MNIST uses
        files.put("bad-magic-idx1-ubyte", badMagic);
        byte[] full = idx(3, new int[] {3, 2, 2}, GOOD_PIXELS);
        files.put("truncated-images-idx3-ubyte", Arrays.copyOf(full, full.length - 5));
        files.put("wrong-dims-labels-idx1-ubyte", idx(3, new int[] {3, 2, 2}, GOOD_PIXELS));
        files.put("trailing-bytes-idx1-ubyte", concat(idx(1, new int[] {3}, GOOD_LABELS), new byte[] {9, 9}));
        files.put("header-only-idx1-ubyte", new byte[] {0, 0, 8});
        return files;
    }

    /** An IDX file of unsigned bytes with the given dimensions. */
    public static byte[] idx(int dims, int[] sizes, byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0x00000800 | dims);
            for (int s : sizes) {
                out.writeInt(s);
            }
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Writes a complete MNIST-style dataset of {@code n} 28x28 images (pixel = image index) to {@code dir}. */
    public static void writeDataset(Path dir, int trainCount, int testCount) throws IOException {
        Files.createDirectories(dir);
        for (IdxPart part : IdxPart.values()) {
            int n = part == IdxPart.TRAIN_IMAGES || part == IdxPart.TRAIN_LABELS ? trainCount : testCount;
            byte[] content;
            if (part.dims() == 3) {
                byte[] pixels = new byte[n * 784];
                for (int i = 0; i < n; i++) {
                    Arrays.fill(pixels, i * 784, (i + 1) * 784, (byte) i);
                }
                content = idx(3, new int[] {n, 28, 28}, pixels);
            } else {
                byte[] labels = new byte[n];
                for (int i = 0; i < n; i++) {
                    labels[i] = (byte) (i % 10);
                }
                content = idx(1, new int[] {n}, labels);
            }
            Files.write(dir.resolve(part.fileName() + ".gz"), gzip(content));
        }
    }

    /** Regenerates the committed fixtures; run from the src/ module folder. */
    public static void main(String[] args) throws IOException {
        Files.createDirectories(DIR);
        for (Map.Entry<String, byte[]> f : all().entrySet()) {
            Files.write(DIR.resolve(f.getKey()), f.getValue());
        }
    }
}
