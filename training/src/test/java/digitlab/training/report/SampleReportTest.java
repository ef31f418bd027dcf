package digitlab.training.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a check: writes a sample experiment and its report for a person to look at, e.g.
 * {@code -Dtest=SampleReportTest -Ddigitlab.report.sampleDir=/tmp/sample}. Skipped otherwise.
 */
@EnabledIfSystemProperty(named = "digitlab.report.sampleDir", matches = ".+")
class SampleReportTest {
    @Test
    void write_a_sample_report() throws IOException {
        Path dir = Files.createDirectories(Path.of(System.getProperty("digitlab.report.sampleDir")));
        int seeds = Integer.getInteger("digitlab.report.sampleSeeds", 3);
        int epochs = Integer.getInteger("digitlab.report.sampleEpochs", 1000);
        SyntheticRuns.writeGrid(dir, seeds, epochs);
        if (Boolean.getBoolean("digitlab.report.samplePartial")) {
            // A run killed mid-way, to see how incomplete runs look.
            SyntheticRuns.writeRun(dir, "ce-l2-0.1", 2, SyntheticRuns.curve(epochs / 2, 77, 98, 7), epochs, false);
        }
        System.out.println("Sample report: " + ExperimentReport.write(dir).html());
    }
}
