package digitlab.training.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * An experiment folder as found on disk: its optional {@code experiment.json} and every run folder
 * directly under it. Reading never fails because a run is half written.
 */
public record Experiment(Path dir, ExperimentInfo info, List<RunOnDisk> runs) {

    public static Experiment read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("No experiment folder at " + dir);
        }
        List<RunOnDisk> runs = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.filter(Files::isDirectory).sorted().toList()) {
                if (RunFolderReader.isRunFolder(child)) {
                    runs.add(RunFolderReader.read(child));
                }
            }
        }
        runs.sort(Comparator.comparing(RunOnDisk::name).thenComparingInt(RunOnDisk::seed));
        return new Experiment(dir, readInfo(dir), runs);
    }

    /** The experiment's name: from experiment.json, else the folder's name. */
    public String name() {
        return info.name() != null ? info.name() : dir.getFileName().toString();
    }

    private static ExperimentInfo readInfo(Path dir) {
        Path file = dir.resolve(ExperimentInfo.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return new ExperimentInfo(null, null, null, null, null);
        }
        try {
            JsonNode json = new ObjectMapper().readTree(file.toFile());
            return new ExperimentInfo(
                    json.path("name").isTextual() ? json.path("name").asText() : null,
                    json.path("seeds").isNumber() ? json.path("seeds").asInt() : null,
                    json.path("epochs").isNumber() ? json.path("epochs").asInt() : null,
                    json.path("wallMillis").isNumber() ? json.path("wallMillis").asLong() : null,
                    json.path("command").isTextual() ? json.path("command").asText() : null);
        } catch (IOException e) {
            // An unreadable experiment.json only costs the report its command and wall time.
            return new ExperimentInfo(null, null, null, null, null);
        }
    }
}
