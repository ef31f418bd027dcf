package digitlab.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.core.testing.CapturedStreams;
import digitlab.core.cli.Cli;
import digitlab.core.model.ModelMetadata;
import digitlab.training.export.OnnxModelFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The training commands end to end, as the launcher runs them, on a small real MNIST slice. */
class TrainingCliTest {
    @RegisterExtension
    final CapturedStreams captured = new CapturedStreams();

    @TempDir
    Path dir;

    private int run(String... args) {
        return Cli.run(new TrainingCli(), args);
    }

    private String[] small(String... args) {
        String[] common = {"--epochs", "2", "--layers", "784,16,10", "--train-size", "200", "--test-size", "300",
            "--data", "../data", "--runs", dir.resolve("runs").toString(), "--models", dir.resolve("models").toString()};
        String[] all = new String[args.length + common.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(common, 0, all, args.length, common.length);
        return all;
    }

    @Test
    void an_own_grid_trains_every_setting_writes_its_report_and_exports_every_model() throws Exception {
        assertEquals(0, run(small("experiment", "sweep", "--reg", "l2,dropout", "--lambda", "1,10", "--dropout", "0.5")),
                captured.err.toString(StandardCharsets.UTF_8));
        Path experiment = dir.resolve("runs").resolve("sweep");
        for (String id : new String[] {"ce-l2-1-h16-seed200x300-s0", "ce-l2-10-h16-seed200x300-s0", "ce-dropout-0.5-h16-seed200x300-s0"}) {
            assertTrue(Files.isRegularFile(experiment.resolve(id).resolve("metrics.csv")), id);
            assertEquals(id, OnnxModelFile.readMetadata(dir.resolve("models").resolve(id + ".onnx")).id());
        }
        assertTrue(Files.isRegularFile(experiment.resolve("report.html")));
        String summary = captured.out.toString(StandardCharsets.UTF_8);
        assertTrue(summary.lines().anyMatch(l -> l.startsWith("L2 1 ") && l.contains(" 2 ")), "summary table:\n" + summary);
        assertTrue(Files.readString(experiment.resolve("experiment.json"))
                .contains("\"command\" : \"./digit-lab experiment sweep --reg l2,dropout"));

        // The same grid into other run folders would overwrite the models: refused before any training, unless --replace.
        captured.err.reset();
        assertEquals(1, run("experiment", "sweep", "--reg", "l2", "--lambda", "1", "--epochs", "2", "--layers", "784,16,10",
                "--train-size", "200", "--test-size", "300", "--data", "../data", "--runs", dir.resolve("other").toString(),
                "--models", dir.resolve("models").toString()));
        assertTrue(captured.err.toString(StandardCharsets.UTF_8).contains("exists already; pass --replace to overwrite it"));
    }

    @Test
    void a_trained_run_exports_again_from_its_folder_and_is_listed() throws Exception {
        assertEquals(0, run(small("train", "--reg", "dropout", "--dropout", "0.2", "--no-export")),
                captured.err.toString(StandardCharsets.UTF_8));
        Path runDir = dir.resolve("runs").resolve("train").resolve("ce-dropout-0.2-h16-seed200x300-s0");
        assertEquals(0, run("export", runDir.toString(), "--models", dir.resolve("models").toString()));
        captured.out.reset();
        assertEquals(0, run("models", "--models", dir.resolve("models").toString()));
        assertTrue(captured.out.toString(StandardCharsets.UTF_8).contains("ce-dropout-0.2-h16-seed200x300-s0"));
    }

    @Test
    void a_network_named_by_its_layers_trains_and_exports_again_from_its_folder() throws Exception {
        assertEquals(0, run("train", "--network", "conv3x3x4,relu,pool2,flatten,dense10", "--epochs", "1", "--train-size",
                "200", "--test-size", "300", "--data", "../data", "--runs", dir.resolve("runs").toString(), "--no-export"),
                captured.err.toString(StandardCharsets.UTF_8));
        String id = "ce-conv3x3x4_relu_pool2_flatten_dense10-seed200x300-s0";
        Path runDir = dir.resolve("runs").resolve("train").resolve(id);
        assertEquals(0, run("export", runDir.toString(), "--models", dir.resolve("models").toString()),
                captured.err.toString(StandardCharsets.UTF_8));
        assertTrue(Files.isRegularFile(dir.resolve("models").resolve(id + ".onnx")));
        var read = digitlab.training.report.RunFolderReader.read(runDir);
        assertEquals("conv3x3x4,relu,pool2,flatten,dense10", read.config().network(), "the report names the network");
        assertEquals(List.of(), read.config().layers());
    }

    @Test
    void a_network_with_layers_too_or_an_unknown_layer_exits_2_with_one_sentence() {
        assertEquals(2, run(small("train", "--network", "cnn")));
        assertEquals("--network names the whole network: give it without --layers and --activation.",
                captured.err.toString(StandardCharsets.UTF_8).strip());
        captured.err.reset();
        assertEquals(2, run("train", "--network", "conv3x3x4,lstm8,dense10", "--data", "../data"));
        assertTrue(captured.err.toString(StandardCharsets.UTF_8).strip().startsWith("Unknown layer 'lstm8' in --network"),
                captured.err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void the_study_split_answers_to_its_old_name_seed_and_an_unknown_split_exits_2_with_one_sentence() throws Exception {
        assertEquals(0, run(small("train", "--split", "seed", "--no-export")), captured.err.toString(StandardCharsets.UTF_8));
        Path runDir = dir.resolve("runs").resolve("train").resolve("ce-h16-seed200x300-s0");
        assertEquals(digitlab.core.data.Split.STUDY.withSizes(200, 300),
                digitlab.training.train.RunRecord.read(runDir).config().split(), "the old name is the study split");
        captured.err.reset();
        assertEquals(2, run(small("train", "--split", "studies")));
        assertEquals("Unknown split 'studies': choose 'study' (1000/2000) or 'full' (60000/10000).",
                captured.err.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void a_strength_flag_that_does_not_fit_the_regularizer_exits_2_with_one_sentence() {
        assertEquals(2, run(small("train", "--reg", "l2", "--dropout", "0.5")));
        assertEquals("--reg l2 needs --lambda (and no --dropout or --patience).", captured.err.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void exporting_a_folder_that_is_no_run_fails_with_one_sentence() {
        assertEquals(1, run("export", dir.toString(), "--models", dir.resolve("models").toString()));
        assertEquals(dir + " is not a run folder: it has no run.json.", captured.err.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void the_full_experiment_trains_on_all_60000_images_with_its_recipe_recorded_in_the_model() throws Exception {
        String[] paths = {"--data", "../data", "--runs", dir.resolve("runs").toString(), "--models", dir.resolve("models").toString()};
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("experiment", "full", "--epochs", "1"),
                java.util.Arrays.stream(paths)).toArray(String[]::new);
        assertEquals(0, run(args), captured.err.toString(StandardCharsets.UTF_8));
        String id = "ce-full-adam-decay0.93-aug-s0";
        ModelMetadata m = OnnxModelFile.readMetadata(dir.resolve("models").resolve(id + ".onnx"));
        assertEquals(60000, m.trainSize());
        assertEquals(10000, m.testSize());
        assertTrue(m.configJson().contains("\"optimizer\":\"adam\""), m.configJson());
        assertTrue(m.configJson().contains("\"augmentation\":\"each training image"), m.configJson());
        // one epoch of Adam over 60000 distorted images already reads most test digits
        assertTrue(m.testAccuracy() > 90, "test accuracy after one epoch: " + m.testAccuracy());

        // the same command again keeps the finished run and its model
        Path model = dir.resolve("models").resolve(id + ".onnx");
        byte[] exported = Files.readAllBytes(model);
        captured.out.reset();
        assertEquals(0, run(args), captured.err.toString(StandardCharsets.UTF_8));
        assertTrue(captured.out.toString(StandardCharsets.UTF_8).contains("1 of 1 runs already done, training 0"),
                captured.out.toString(StandardCharsets.UTF_8));
        assertArrayEquals(exported, Files.readAllBytes(model));

        // its recipe is fixed: a network flag is refused with one sentence, before any training
        captured.err.reset();
        assertEquals(2, run("experiment", "full", "--layers", "784,16,10", "--no-export"));
        assertTrue(captured.err.toString(StandardCharsets.UTF_8).startsWith("The 'full' experiment's recipe is fixed"),
                captured.err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void the_convolutional_experiment_has_a_fixed_recipe_too() {
        assertEquals(2, run("experiment", "full-cnn", "--network", "mlp", "--no-export"));
        assertTrue(captured.err.toString(StandardCharsets.UTF_8).startsWith("The 'full-cnn' experiment's recipe is fixed"),
                captured.err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void dash_V_prints_the_version_the_build_stamped() {
        assertEquals(0, run("-V"));
        assertTrue(captured.out.toString(StandardCharsets.UTF_8).strip().matches("digit-lab \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"),
                captured.out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void listing_a_models_folder_that_does_not_exist_exits_1_with_one_sentence() {
        Path missing = dir.resolve("nowhere");
        assertEquals(1, run("models", "--models", missing.toString()));
        assertEquals("There is no folder " + missing + "; pass --models with the folder your models are in.",
                captured.err.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void listing_a_folder_whose_models_are_in_Tritons_layout_does_not_call_it_empty() throws Exception {
        Path version = dir.resolve("models/mnist/1/model.onnx");
        Files.createDirectories(version.getParent());
        Files.write(version, new byte[] {8, 7});
        assertEquals(0, run("models", "--models", dir.resolve("models").toString()));
        String out = captured.out.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("its subfolders hold 1 ONNX file(s)") && !out.startsWith("No models"), out);
    }

    @Test
    void a_dropout_probability_out_of_range_names_the_flag() {
        assertEquals(2, run(small("train", "--reg", "dropout", "--dropout", "1.5")));
        assertEquals("--dropout must be above 0 and below 1, not 1.5.", captured.err.toString(StandardCharsets.UTF_8).strip());
    }
}
