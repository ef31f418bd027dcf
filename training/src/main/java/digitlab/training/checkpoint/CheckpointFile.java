package digitlab.training.checkpoint;

import digitlab.training.files.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One checkpoint on disk: a magic line, a JSON header, named float arrays with their shapes, and the
 * SHA-256 of everything before it. Written atomically (temp file, then rename); read back only when
 * the digest matches, so a truncated file or a flipped byte is named and never resumed from.
 */
final class CheckpointFile {
    private static final byte[] MAGIC = "digit-lab checkpoint 1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST_BYTES = 32;

    /** A float array as the trainer holds it: its shape and its values in row-major order. */
    record Array(long[] shape, float[] values) {}

    /** What a checkpoint holds: the header as JSON text, and the arrays by name in writing order. */
    record Content(String headerJson, Map<String, Array> arrays) {}

    private CheckpointFile() {}

    static void write(Path file, Content content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            byte[] header = content.headerJson().getBytes(StandardCharsets.UTF_8);
            out.writeInt(header.length);
            out.write(header);
            out.writeInt(content.arrays().size());
            for (Map.Entry<String, Array> e : content.arrays().entrySet()) {
                out.writeUTF(e.getKey());
                long[] shape = e.getValue().shape();
                out.writeInt(shape.length);
                for (long d : shape) {
                    out.writeLong(d);
                }
                float[] values = e.getValue().values();
                out.writeInt(values.length);
                for (float v : values) {
                    out.writeFloat(v);
                }
            }
            out.flush();
            out.write(sha256(bytes.toByteArray(), bytes.size()));
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }

    static Content read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < MAGIC.length + DIGEST_BYTES || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new DamagedCheckpointException(file, "not a digit-lab checkpoint, or cut short");
        }
        int body = all.length - DIGEST_BYTES;
        if (!Arrays.equals(sha256(all, body), Arrays.copyOfRange(all, body, all.length))) {
            throw new DamagedCheckpointException(file, "its SHA-256 does not match its bytes: truncated or altered");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, MAGIC.length, body - MAGIC.length))) {
            byte[] header = new byte[in.readInt()];
            in.readFully(header);
            int count = in.readInt();
            Map<String, Array> arrays = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                long[] shape = new long[in.readInt()];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = in.readLong();
                }
                float[] values = new float[in.readInt()];
                for (int k = 0; k < values.length; k++) {
                    values[k] = in.readFloat();
                }
                arrays.put(name, new Array(shape, values));
            }
            if (in.available() != 0) {
                throw new DamagedCheckpointException(file, in.available() + " bytes after its last array");
            }
            return new Content(new String(header, StandardCharsets.UTF_8), arrays);
        } catch (EOFException | NegativeArraySizeException | OutOfMemoryError e) {
            // The digest matched, so only a writer bug gets here: still never resumed from.
            throw new DamagedCheckpointException(file, "its layout is inconsistent");
        }
    }

    private static byte[] sha256(byte[] bytes, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes, 0, length);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
