package digitlab.training.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentReportTest {
    @TempDir
    Path experiment;

    @Test
    void writes_one_png_per_family_one_of_every_run_and_one_of_the_penalties_strengths_each_decoding_to_its_size() throws IOException {
        SyntheticRuns.writeGrid(experiment, 2, 60);

        ReportFiles files = ExperimentReport.write(experiment);

        for (String family : List.of("loss", "l1", "l2", "dropout")) {
            assertImage(experiment.resolve("fig-" + family + ".png"), Figures.FAMILY_WIDTH, Figures.FAMILY_HEIGHT);
        }
        assertImage(experiment.resolve("fig-test-all.png"), Figures.TEST_ALL_WIDTH, Figures.TEST_ALL_HEIGHT);
        assertImage(experiment.resolve(StrengthFigure.FILE), StrengthFigure.WIDTH, StrengthFigure.HEIGHT);
        assertEquals(6, files.figures().size());
        assertTrue(Files.isRegularFile(files.markdown()));
        assertTrue(Files.isRegularFile(files.html()));
        try (var left = Files.list(experiment)) {
            assertTrue(left.noneMatch(p -> p.toString().endsWith(".tmp")), "no temp file left behind");
        }
    }

    @Test
    void markdown_table_shows_mean_and_sample_std_over_seeds() throws IOException {
        double[] finalTest = {76.0, 77.5, 79.6};
        double[] finalTrain = {98.0, 99.0, 97.0};
        for (int seed = 0; seed < 3; seed++) {
            SyntheticRuns.writeRunEndingAt(experiment, "ce", seed, 30, finalTest[seed], finalTrain[seed]);
        }

        String markdown = Files.readString(ExperimentReport.write(experiment).markdown());

        // Computed here independently: mean 77.70, sample std sqrt(((-1.7)^2 + (-0.2)^2 + 1.9^2) / 2).
        double std = Math.sqrt((1.7 * 1.7 + 0.2 * 0.2 + 1.9 * 1.9) / 2);
        String expectedTest = String.format(Locale.ROOT, "77.70 ± %.2f", std);
        String row = markdown.lines().filter(l -> l.startsWith("| CE | `ce` |")).findFirst().orElseThrow();
        List<String> cells = List.of(row.split("\\s*\\|\\s*"));
        assertEquals("3", cells.get(3), row);
        assertEquals("30", cells.get(4), row);
        assertEquals(expectedTest, cells.get(5), row);
        assertEquals("98.00 ± 1.00", cells.get(6), row);
        assertEquals("", cells.get(8), "no seed reached epoch 900");
        assertEquals("77.15 (98.1)", cells.get(10), "the study's printed CE figures sit beside ours");
    }

    @Test
    void html_is_self_contained_with_every_figure_inlined_as_a_png_data_uri() throws IOException {
        SyntheticRuns.writeGrid(experiment, 1, 40);

        ReportFiles files = ExperimentReport.write(experiment);
        String html = Files.readString(files.html());

        assertFalse(Pattern.compile("(src|href)\\s*=\\s*[\"']?(https?:)?//", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                "no external resource");
        assertFalse(html.contains("<link"), "no stylesheet link");
        Matcher uris = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        int count = 0;
        while (uris.find()) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(uris.group(1))));
            assertNotNull(image, "inlined figure " + count + " decodes");
            count++;
        }
        assertEquals(files.figures().size(), count);
        assertTrue(html.contains("<table>") && html.contains("77.15"), "table with the study's numbers");
    }

    @Test
    void a_truncated_metrics_csv_is_reported_as_incomplete_instead_of_failing() throws IOException {
        SyntheticRuns.writeRun(experiment, "ce", 0, SyntheticRuns.curve(50, 77, 98, 0), 50, true);
        Path killed = SyntheticRuns.writeRun(experiment, "ce", 1, SyntheticRuns.curve(20, 77, 98, 1), 50, false);
        // Killed in the middle of writing epoch 20's line.
        Files.writeString(killed.resolve("metrics.csv"), "20,0.31", java.nio.file.StandardOpenOption.APPEND);
        Path noJson = SyntheticRuns.writeRun(experiment, "mse", 0, SyntheticRuns.curve(10, 70, 93, 2), 50, false);
        Files.delete(noJson.resolve("run.json"));

        ReportFiles files = ExperimentReport.write(experiment);
        String markdown = Files.readString(files.markdown());

        assertTrue(markdown.contains("`ce-s1` is **incomplete**: 20 of 50 epochs recorded"), markdown);
        assertTrue(markdown.contains("line 22 is damaged"), markdown);
        assertTrue(markdown.contains("`mse-s0` is **incomplete**"), markdown);
        assertTrue(markdown.contains("run.json is missing"), markdown);
        String ceRow = markdown.lines().filter(l -> l.startsWith("| CE | `ce` |")).findFirst().orElseThrow();
        assertTrue(ceRow.contains("| 20 (incomplete) |"), "ce's last common epoch is the killed seed's: " + ceRow);
        assertImage(experiment.resolve("fig-loss.png"), Figures.FAMILY_WIDTH, Figures.FAMILY_HEIGHT);
        assertTrue(markdown.contains("not recorded (no experiment.json)"));
    }

    @Test
    void a_run_with_no_epoch_yet_is_listed_but_not_plotted() throws IOException {
        SyntheticRuns.writeRun(experiment, "ce", 0, SyntheticRuns.curve(15, 77, 98, 0), 15, true);
        SyntheticRuns.writeRun(experiment, "ce-l2-0.01", 0, List.of(), 15, false);

        ReportFiles files = ExperimentReport.write(experiment);
        String markdown = Files.readString(files.markdown());

        assertTrue(markdown.contains("| L2 0.01 | `ce-l2-0.01` | 0 | none recorded |"), markdown);
        assertFalse(Files.exists(experiment.resolve("fig-l2.png")), "no figure for a family without data");
        assertTrue(Files.exists(experiment.resolve("fig-loss.png")));
    }

    @Test
    void an_empty_experiment_folder_still_gets_a_report() throws IOException {
        ReportFiles files = ExperimentReport.write(experiment);
        assertTrue(Files.readString(files.markdown()).contains("nothing to read"));
        assertTrue(files.figures().isEmpty());
    }

    private static void assertImage(Path file, int width, int height) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " exists");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " decodes as an image");
        assertEquals(width, image.getWidth(), file + " width");
        assertEquals(height, image.getHeight(), file + " height");
    }
}
