package digitlab.training.spark;

import digitlab.training.experiment.ExperimentSetup;
import digitlab.training.files.Folders;
import digitlab.training.model.TrainConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * Run folders bound for a {@code --runs} URI (hdfs://, s3a://...) go through the Hadoop FileSystem
 * API: a task trains into its local staging folder and copies each run folder up when its stack
 * ends; the driver copies them down to write the report, then copies the report up.
 */
final class HadoopCopies {
    private final FileSystem fs;
    private final org.apache.hadoop.fs.Path remoteExperiment;

    /** {@code settings}: the job's spark.hadoop.* settings without the prefix (credentials, endpoints). */
    HadoopCopies(ExperimentSetup setup, Map<String, String> settings) throws IOException {
        Configuration conf = new Configuration();
        settings.forEach(conf::set);
        URI runs = setup.remoteRuns();
        this.fs = FileSystem.get(runs, conf);
        this.remoteExperiment = new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(runs), setup.plan().name());
    }

    private org.apache.hadoop.fs.Path remote(TrainConfig run) {
        return new org.apache.hadoop.fs.Path(remoteExperiment, run.id());
    }

    /** Removes these runs' folders at the URI ({@code --fresh}). */
    void clear(List<TrainConfig> runs) throws IOException {
        for (TrainConfig run : runs) {
            fs.delete(remote(run), true);
        }
    }

    /**
     * A stack's run folders, from the task's staging folder up to the URI, file by file, checkpoints
     * last: a copy cut short leaves a checkpoint that fails its digest or a metrics.csv with more rows
     * than the checkpoint before, and either is resumed from safely. Files gone from the staging
     * folder (older checkpoints) go from the URI too.
     */
    void upload(ExperimentSetup setup, List<TrainConfig> stack) throws IOException {
        for (TrainConfig run : stack) {
            Path dir = setup.runDir(run);
            List<Path> files;
            try (Stream<Path> listed = Files.list(dir)) {
                files = listed.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                        .sorted(Comparator.comparing((Path f) -> f.getFileName().toString().startsWith("checkpoint-"))
                                .thenComparing(Path::toString)).toList();
            }
            fs.mkdirs(remote(run));
            for (Path file : files) {
                fs.copyFromLocalFile(false, true, local(file), new org.apache.hadoop.fs.Path(remote(run), file.getFileName().toString()));
            }
            for (FileStatus there : fs.listStatus(remote(run))) {
                if (there.isFile() && !Files.exists(dir.resolve(there.getPath().getName()))) {
                    fs.delete(there.getPath(), false);
                }
            }
        }
    }

    /** The run folders of these runs that exist at the URI, down into the driver's staging folder. */
    void download(ExperimentSetup setup, List<TrainConfig> runs) throws IOException {
        Files.createDirectories(setup.experimentDir());
        for (TrainConfig run : runs) {
            if (fs.exists(remote(run))) {
                Folders.deleteRecursively(setup.runDir(run)); // a copy taken before training is replaced
                fs.copyToLocalFile(false, remote(run), local(setup.experimentDir()), true);
            }
        }
    }

    /** experiment.json, the report and its figures: the staging folder's files, up to the URI. */
    void uploadReport(ExperimentSetup setup) throws IOException {
        try (Stream<Path> files = Files.list(setup.experimentDir())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                fs.copyFromLocalFile(false, true, local(file), new org.apache.hadoop.fs.Path(remoteExperiment, file.getFileName().toString()));
            }
        }
    }

    private static org.apache.hadoop.fs.Path local(Path path) {
        return new org.apache.hadoop.fs.Path(path.toAbsolutePath().toUri());
    }

    /** Removes a staging folder (its parent, the temporary --runs folder, included). */
    static void deleteStaging(ExperimentSetup setup) {
        Folders.deleteRecursively(setup.experimentDir().getParent());
    }
}
