package digitlab.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** MD5 of a file's content, uncompressed when the file is gzipped, so it compares with published sums. */
public final class Checksums {
    /** The MD5s of the original, uncompressed MNIST files. */
    public static final Map<IdxPart, String> MNIST = Map.of(
            IdxPart.TRAIN_IMAGES, "6bbc9ace898e44ae57da46a324031adb",
            IdxPart.TRAIN_LABELS, "a25bea736e30d166cdddb491f175f624",
            IdxPart.TEST_IMAGES, "2646ac647ad5339dbf082846283269ea",
            IdxPart.TEST_LABELS, "27ae3e4e09519cfbb04c329615203637");

    private Checksums() {}

    public static String md5OfContent(Path file) throws IOException {
        MessageDigest md5 = md5();
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md5.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    public static String md5(byte[] bytes) {
        return HexFormat.of().formatHex(md5().digest(bytes));
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException("This JVM has no MD5.", e));
        }
    }
}
