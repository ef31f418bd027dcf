package digitlab.training.train;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code metrics.csv}: one row per epoch, flushed as it comes, so a run killed mid-way leaves every
 * finished epoch readable. The reader skips a torn last line, the one a kill can leave.
 */
public final class MetricsCsv implements Closeable {
    public static final String FILE_NAME = "metrics.csv";
    private final BufferedWriter out;

    public MetricsCsv(Path runDir) throws IOException {
        out = Files.newBufferedWriter(runDir.resolve(FILE_NAME), StandardCharsets.UTF_8);
        out.write(EpochMetrics.CSV_HEADER);
        out.newLine();
        out.flush();
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

    /** Every complete row of a run's metrics file. */
    public static List<EpochMetrics> read(Path runDir) throws IOException {
        List<String> lines = Files.readAllLines(runDir.resolve(FILE_NAME), StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(EpochMetrics.CSV_HEADER)) {
            throw new IOException("The metrics file in " + runDir + " does not start with the header '"
                    + EpochMetrics.CSV_HEADER + "'.");
        }
        List<EpochMetrics> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            try {
                rows.add(EpochMetrics.parse(lines.get(i)));
            } catch (RuntimeException torn) {
                if (i + 1 < lines.size()) {
                    throw new IOException("Line " + (i + 1) + " of the metrics file in " + runDir + " is malformed.");
                }
            }
        }
        return rows;
    }
}
