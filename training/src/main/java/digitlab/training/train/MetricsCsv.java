package digitlab.training.train;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code metrics.csv}: one row per epoch, flushed as it comes, so a run killed mid-way leaves every
 * finished epoch readable. Reading keeps the rows before the first damaged line (a kill can tear
 * the last one) and says what was wrong instead of throwing, so a report works mid-experiment.
 */
public final class MetricsCsv implements Closeable {
    public static final String FILE_NAME = "metrics.csv";
    private final BufferedWriter out;

    /** A fresh file; {@code withValidation}: the run is measured on a validation set, a sixth column. */
    public MetricsCsv(Path runDir, boolean withValidation) throws IOException {
        out = Files.newBufferedWriter(runDir.resolve(FILE_NAME), StandardCharsets.UTF_8);
        out.write(withValidation ? EpochMetrics.CSV_HEADER_WITH_VALIDATION : EpochMetrics.CSV_HEADER);
        out.newLine();
        out.flush();
    }

    private MetricsCsv(BufferedWriter out) {
        this.out = out;
    }

    /**
     * A resumed run's file: cut after its first {@code epochs} rows (the epochs its checkpoint holds;
     * later rows belong to epochs trained again) and appended to from there. Fails when the file holds
     * fewer readable rows. The kept bytes are not rewritten, so they stay exactly as first written.
     */
    public static MetricsCsv continueAfter(Path runDir, int epochs) throws IOException {
        Path file = runDir.resolve(FILE_NAME);
        if (read(runDir).rows().size() < epochs) {
            throw new IOException(file + " holds fewer than " + epochs + " readable epochs");
        }
        byte[] bytes = Files.readAllBytes(file);
        long keep = 0;
        for (int lines = 0; lines < epochs + 1; keep++) {
            if (bytes[(int) keep] == '\n') {
                lines++;
            }
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(keep);
            channel.force(true);
        }
        return new MetricsCsv(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    public void append(EpochMetrics m) throws IOException {
        out.write(m.toCsvRow());
        out.newLine();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** The readable rows and, when something was wrong, one sentence saying what (else null). */
    public record Rows(List<EpochMetrics> rows, String problem) {}

    /** Reads {@code <runDir>/metrics.csv}. */
    public static Rows read(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return new Rows(List.of(), FILE_NAME + " is missing");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String header = lines.isEmpty() ? "" : lines.get(0).strip();
        if (!header.equals(EpochMetrics.CSV_HEADER) && !header.equals(EpochMetrics.CSV_HEADER_WITH_VALIDATION)) {
            return new Rows(List.of(), FILE_NAME + " does not start with the header '" + EpochMetrics.CSV_HEADER + "'");
        }
        List<EpochMetrics> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            EpochMetrics row = parseOrNull(line);
            if (row == null || row.epoch() != rows.size()) {
                return new Rows(rows, FILE_NAME + " line " + (i + 1) + " is damaged or out of order; kept the "
                        + rows.size() + " epochs before it");
            }
            rows.add(row);
        }
        return new Rows(rows, null);
    }

    private static EpochMetrics parseOrNull(String line) {
        try {
            EpochMetrics m = EpochMetrics.parse(line);
            // A NaN loss is a real training outcome; NaN accuracies mean a broken write.
            return Double.isFinite(m.trainAccuracy()) && Double.isFinite(m.testAccuracy()) ? m : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
