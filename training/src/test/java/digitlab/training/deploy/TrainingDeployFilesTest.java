package digitlab.training.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import digitlab.training.cli.ExperimentCommand;
import digitlab.training.cli.TrainingCli;
import digitlab.training.experiment.ExperimentSetup;
import digitlab.training.experiment.Shard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * training/deploy held to the real CLI: the Indexed Job's shards, as Kubernetes fills in the
 * completion index, parse as experiment options and together cover every stack of the plan once;
 * the report Job plans the same grid; the Dockerfile starts the training CLI with valid options.
 */
class TrainingDeployFilesTest {
    private static final Path DEPLOY = Path.of("deploy");
    private static final Pattern SHARD = Pattern.compile("\\$\\(JOB_COMPLETION_INDEX\\)/(\\d+)");

    private static JsonNode yaml(String file) throws Exception {
        return new YAMLMapper().readTree(DEPLOY.resolve(file).toFile());
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(a -> list.add(a.asText()));
        return list;
    }

    @Test
    void the_indexed_job_shards_cover_every_stack_once_and_the_report_job_plans_the_same_grid() throws Exception {
        JsonNode job = yaml("train-shards-job.yaml");
        assertEquals("batch/v1", job.get("apiVersion").asText());
        assertEquals("Indexed", job.at("/spec/completionMode").asText());
        JsonNode container = job.at("/spec/template/spec/containers/0");
        List<String> args = strings(container.get("args"));
        assertEquals("experiment", args.get(0));
        int shardAt = args.indexOf("--shard") + 1;
        Matcher m = SHARD.matcher(args.get(shardAt));
        assertTrue(m.matches(), args.get(shardAt));
        int n = Integer.parseInt(m.group(1));
        assertEquals(n, job.at("/spec/completions").asInt());
        assertEquals(n, job.at("/spec/parallelism").asInt());

        TreeSet<Integer> covered = new TreeSet<>();
        int stacks = -1;
        for (int i = 0; i < n; i++) {
            List<String> mine = new ArrayList<>(args.subList(1, args.size()));
            mine.set(shardAt - 1, i + "/" + n); // what Kubernetes substitutes in pod i
            ExperimentSetup setup = ExperimentCommand.setup(mine);
            stacks = setup.stacks().size();
            for (int k : Shard.parse(mine.get(shardAt - 1)).stacksOf(stacks)) {
                assertTrue(covered.add(k), "stack " + k + " in two shards");
            }
            assertEquals(container.at("/volumeMounts/0/mountPath").asText(), setup.experimentDir().getParent().toString());
            assertEquals(container.at("/volumeMounts/1/mountPath").asText(), setup.modelsDir().toString());
        }
        assertEquals(stacks, covered.size(), "every stack in some shard");

        JsonNode report = yaml("report-job.yaml").at("/spec/template/spec/containers/0");
        List<String> expected = new ArrayList<>(args);
        expected.remove(shardAt);
        expected.remove(shardAt - 1);
        List<String> reportArgs = strings(report.get("args"));
        assertTrue(reportArgs.remove("--report-only"));
        assertEquals(expected, reportArgs, "the report Job must plan what the training Job trained");
        assertEquals(container.at("/volumeMounts/0"), report.at("/volumeMounts/0"));
    }

    @Test
    void the_dockerfile_builds_in_two_stages_and_starts_the_training_cli_with_valid_options() throws Exception {
        List<String> lines = Files.readAllLines(DEPLOY.resolve("Dockerfile")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertEquals(2, froms.size(), "multi-stage: build, then runtime");
        assertEquals("FROM eclipse-temurin:17-jre", froms.get(1));
        YAMLMapper json = new YAMLMapper();
        List<String> entrypoint = strings(json.readTree(instruction(lines, "ENTRYPOINT")));
        assertEquals(TrainingCli.class.getName(), entrypoint.get(entrypoint.size() - 1));
        List<String> cmd = strings(json.readTree(instruction(lines, "CMD")));
        new CommandLine(new TrainingCli()).parseArgs(cmd.toArray(String[]::new));
        assertTrue(lines.contains("COPY data /app/data"));
        assertEquals("/app/data", cmd.get(cmd.indexOf("--data") + 1));
        assertTrue(lines.contains("COPY --from=build /build/training/target/digit-lab-training.jar /app/"));
        // The Job runs this image's entry point with the same data folder.
        List<String> jobArgs = strings(yaml("train-shards-job.yaml").at("/spec/template/spec/containers/0/args"));
        assertEquals("/app/data", jobArgs.get(jobArgs.indexOf("--data") + 1));
    }

    private static String instruction(List<String> lines, String name) {
        return lines.stream().filter(l -> l.startsWith(name + " ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + name)).substring(name.length() + 1);
    }
}
