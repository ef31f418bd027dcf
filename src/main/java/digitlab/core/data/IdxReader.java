package digitlab.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
        if (Files.size(file) == 0) {
            throw new IdxFormatException("The IDX file " + file + " is empty (0 bytes).");
        }
        boolean gzip = name.endsWith(".gz");
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
                DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 16))) {
            return read(data, file.toString(), expectedDims, gzip);
        } catch (java.util.zip.ZipException e) {
            throw corrupt(file, e);
        } catch (EOFException e) {
            // Only gunzip ends early this way (the IDX reads below say what they miss themselves).
            throw new IdxFormatException("The IDX file " + file + " is cut short: its gzip stream ends early ("
                    + (e.getMessage() == null ? "no more bytes" : e.getMessage()) + ").");
        }
    }

    private static IdxFormatException corrupt(Path file, java.util.zip.ZipException e) {
        return new IdxFormatException("The IDX file " + file + " is corrupt: gunzip fails with '" + e.getMessage()
                + "'; download it again.");
    }

    private static IdxArray read(DataInputStream in, String file, int expectedDims, boolean gzip) throws IOException {
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
            if (gzip) {
                // Bytes flipped inside the compressed data can inflate to more bytes than the header
                // promises; reading on to the gzip trailer lets its checksum say the file is corrupt.
                in.transferTo(OutputStream.nullOutputStream());
            }
            throw new IdxFormatException("The IDX file " + file + " has bytes after the " + length
                    + " its header promises.");
        }
        return new IdxArray(dims, payload);
    }
}
