package digitlab.training.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a file under a temporary name and renames it into place: a reader never sees half of it.
 * A process killed mid-write leaves its temporary file behind (nothing runs on SIGKILL); the next
 * write into the same folder removes such leftovers once they are clearly abandoned.
 */
public final class AtomicFiles {
    /** A temporary file untouched this long belongs to a writer that died: a live one writes in seconds. */
    static final Duration STALE_AFTER = Duration.ofMinutes(10);
    /** The names {@link Files#createTempFile} gives here: ".", the target's name, random digits, ".tmp". */
    private static final Pattern TEMP_NAME = Pattern.compile("^\\..+\\d+\\.tmp$");

    /** Fills the temporary file. */
    public interface Content {
        void writeTo(Path tmp) throws IOException;
    }

    private AtomicFiles() {}

    public static void write(Path target, byte[] content) throws IOException {
        write(target, tmp -> Files.write(tmp, content));
    }

    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        removeStale(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            content.writeTo(tmp);
            // Temp files are created private; the finished file is for every reader (e.g. a server user).
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the folder's default permissions apply
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Deletes this class's abandoned temporary files in {@code dir}; returns how many. */
    public static int removeStale(Path dir) throws IOException {
        Instant cutoff = Instant.now().minus(STALE_AFTER);
        int removed = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> TEMP_NAME.matcher(f.getFileName().toString()).matches()).toList()) {
                try {
                    if (Files.isRegularFile(file) && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)
                            && Files.deleteIfExists(file)) {
                        removed++;
                    }
                } catch (IOException e) {
                    // Gone meanwhile or not ours to delete: the write itself must not fail over it.
                }
            }
        }
        return removed;
    }
}
