package digitlab.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format MNIST is published in (http://yann.lecun.com/exdb/mnist/): a big-endian
 * magic number {@code 0x0000 08 D} (unsigned bytes, D dimensions), D big-endian int sizes, then the
 * bytes. Gzipped files (by their ".gz" name) are read through gunzip.
 */
public final class IdxReader {
    static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {}

    /** An IDX file's dimensions and its payload. */
    public record IdxArray(int[] dims, byte[] data) {}

    /** Reads a file with exactly {@code expectedDims} dimensions. */
    public static IdxArray read(Path file, int expectedDims) throws IOException {
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            throw new IdxFormatException("The IDX file " + file + " does not exist.");
        }
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 16))) {
            return read(data, file.toString(), expectedDims);
        } catch (java.util.zip.ZipException e) {
            throw new IdxFormatException("The IDX file " + file + " is not valid gzip: " + e.getMessage() + ".");
        }
    }

    private static IdxArray read(DataInputStream in, String file, int expectedDims) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new IdxFormatException("The IDX file " + file + " is shorter than its 4-byte header.");
        }
        int type = (magic >>> 8) & 0xFF;
        int dimCount = magic & 0xFF;
        if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE) {
            throw new IdxFormatException(String.format(
                    "The IDX file %s has magic number 0x%08X, not an unsigned-byte IDX header (0x000008%02X).",
                    file, magic, expectedDims));
        }
        if (dimCount != expectedDims) {
            throw new IdxFormatException("The IDX file " + file + " has " + dimCount
                    + " dimensions where " + expectedDims + " were expected.");
        }
        int[] dims = new int[dimCount];
        long length = 1;
        for (int i = 0; i < dimCount; i++) {
            try {
                dims[i] = in.readInt();
            } catch (EOFException e) {
                throw new IdxFormatException("The IDX file " + file + " ends inside its dimension sizes.");
            }
            if (dims[i] < 0) {
                throw new IdxFormatException("The IDX file " + file + " has a negative size " + dims[i]
                        + " in dimension " + i + ".");
            }
            length *= dims[i];
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw new IdxFormatException("The IDX file " + file + " claims " + length + " bytes, more than one array holds.");
        }
        byte[] payload = new byte[(int) length];
        int read = in.readNBytes(payload, 0, payload.length);
        if (read < payload.length) {
            throw new IdxFormatException("The IDX file " + file + " is truncated: its header promises "
                    + length + " data bytes but it holds " + read + ".");
        }
        if (in.read() != -1) {
            throw new IdxFormatException("The IDX file " + file + " has bytes after the " + length
                    + " its header promises.");
        }
        return new IdxArray(dims, payload);
    }
}
