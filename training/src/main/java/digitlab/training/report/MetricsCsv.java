package digitlab.training.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a run's {@code metrics.csv} ({@code epoch,train_loss,train_acc,test_acc,gap}). A run killed
 * mid-write leaves a half line at the end; the rows before the first unreadable line are kept and
 * the damage is described rather than thrown, so a report can still be made mid-experiment.
 */
public final class MetricsCsv {
    public static final String FILE_NAME = "metrics.csv";
    static final List<String> HEADER = List.of("epoch", "train_loss", "train_acc", "test_acc", "gap");

    /** The readable rows and, when something was wrong, one sentence saying what. */
    public record Result(List<EpochRow> rows, String problem) {}

    private MetricsCsv() {}

    public static Result read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return new Result(List.of(), FILE_NAME + " is missing");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            return new Result(List.of(), FILE_NAME + " is empty");
        }
        List<String> header = List.of(lines.get(0).trim().split("\\s*,\\s*"));
        if (!header.equals(HEADER)) {
            return new Result(List.of(), FILE_NAME + " has the header '" + lines.get(0).trim()
                    + "', expected '" + String.join(",", HEADER) + "'");
        }
        List<EpochRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            EpochRow row = parse(line);
            if (row == null || row.epoch() != rows.size()) {
                return new Result(rows, FILE_NAME + " line " + (i + 1) + " is unreadable or out of order ('"
                        + abbreviate(line) + "'); kept the " + rows.size() + " epochs before it");
            }
            rows.add(row);
        }
        return new Result(rows, null);
    }

    private static EpochRow parse(String line) {
        String[] cells = line.split(",", -1);
        if (cells.length != HEADER.size()) {
            return null;
        }
        try {
            double[] values = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                values[c] = Double.parseDouble(cells[c].trim());
                // NaN loss is a real training outcome, but NaN accuracies mean a broken write.
                if (c > 1 && !Double.isFinite(values[c])) {
                    return null;
                }
            }
            return new EpochRow((int) values[0], values[1], values[2], values[3], values[4]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 40 ? line : line.substring(0, 40) + "…";
    }
}
