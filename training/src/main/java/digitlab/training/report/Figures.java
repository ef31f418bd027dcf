package digitlab.training.report;

import digitlab.training.files.AtomicFiles;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;

/**
 * Draws the report's PNGs with JFreeChart: per family one figure of three stacked panels (train
 * accuracy, test accuracy, gap) sharing the epoch axis, and one figure of every run's test
 * accuracy. Stacked panels with one legend read better than three loose files per family.
 */
public final class Figures {
    public static final String TEST_ALL_FILE = "fig-test-all.png";
    public static final int FAMILY_WIDTH = 1000;
    public static final int FAMILY_HEIGHT = 1050;
    public static final int TEST_ALL_WIDTH = 1000;
    public static final int TEST_ALL_HEIGHT = 1000;
    /** The run other families are measured against: cross-entropy without a regularizer. */
    public static final String BASELINE_RUN = "ce";

    private static final float BAND_ALPHA = 0.2f;

    private Figures() {}

    /** A written figure: its file, and what it shows in a sentence (used as caption and alt text). */
    public record Figure(Path file, String title, String caption) {}

    /** Writes every figure into {@code dir}; families without any recorded epoch get none. */
    public static List<Figure> write(Path dir, List<SeedGroup> groups) throws IOException {
        System.setProperty("java.awt.headless", "true");
        RunColors colors = new RunColors(groups);
        List<Figure> figures = new ArrayList<>();
        for (String family : RunGroups.families(groups)) {
            List<SeedGroup> members = groups.stream()
                    .filter(g -> g.family().equals(family) && !g.runsWithData().isEmpty()).toList();
            if (!members.isEmpty()) {
                figures.add(writeFamily(dir, family, members, baselineFor(family, groups), colors));
            }
        }
        if (groups.stream().anyMatch(g -> !g.runsWithData().isEmpty())) {
            figures.add(writeTestAll(dir, groups, colors));
        }
        JFreeChart strengths = StrengthFigure.chart(groups, colors);
        if (strengths != null) {
            Path file = dir.resolve(StrengthFigure.FILE);
            writePng(strengths, file, StrengthFigure.WIDTH, StrengthFigure.HEIGHT);
            figures.add(new Figure(file, "Where the weight penalties act: test accuracy against λ",
                    "Final test accuracy of each L1 and L2 strength minus plain CE's, paired by seed, against λ on a log "
                            + "scale, with 95% Student-t intervals; a bar that does not cross zero is a clear effect."));
        }
        return figures;
    }

    private static List<SeedGroup> baselineFor(String family, List<SeedGroup> groups) {
        if ("loss".equals(family)) {
            return List.of();
        }
        return groups.stream().filter(g -> g.name().equals(BASELINE_RUN) && !g.runsWithData().isEmpty()).toList();
    }

    private static Figure writeFamily(Path dir, String family, List<SeedGroup> members, List<SeedGroup> baseline,
            RunColors colors) throws IOException {
        List<SeedGroup> shown = new ArrayList<>(baseline);
        shown.addAll(members);
        Set<String> baselineNames = new LinkedHashSet<>();
        baseline.forEach(g -> baselineNames.add(g.name()));
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(ChartStyle.epochAxis());
        combined.setGap(14);
        XYPlot first = null;
        for (Metric metric : Metric.values()) {
            XYPlot panel = MetricPanel.of(metric, shown, baselineNames, colors, BAND_ALPHA, metric.axisLabel());
            combined.add(panel, 1);
            first = first == null ? panel : first;
        }
        // Each panel would add its own legend items; one set is enough.
        LegendItemCollection legend = first.getLegendItems();
        combined.setFixedLegendItems(legend);
        String title = Families.title(family);
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, combined, true);
        String subtitle = "Train accuracy, test accuracy and gap per epoch · " + seedNote(shown)
                + (baseline.isEmpty() ? "" : " · dashed: CE without regularizer");
        ChartStyle.styleChart(chart, subtitle);
        Path file = dir.resolve(Families.figureFile(family));
        writePng(chart, file, FAMILY_WIDTH, FAMILY_HEIGHT);
        return new Figure(file, Families.shortName(family) + ": train accuracy, test accuracy and gap per epoch",
                title + ". " + capitalize(seedNote(shown)) + ".");
    }

    private static Figure writeTestAll(Path dir, List<SeedGroup> groups, RunColors colors) throws IOException {
        int epochs = groups.stream().mapToInt(SeedGroup::maxEpochs).max().orElse(0);
        // The runs differ by a point or two on a plateau, invisible on a 10-100 % axis: a second
        // panel zooms into the last part of training, where the table's figures come from.
        int tailStart = epochs >= 20 ? epochs - Math.max(10, epochs / 4) : 0;
        // Ten bands on one plot turn into a grey wash; the family figures carry the spread.
        XYPlot full = MetricPanel.of(Metric.TEST_ACCURACY, groups, Set.of(), colors, 0f,
                Metric.TEST_ACCURACY.axisLabel());
        JFreeChart top = new JFreeChart("Test accuracy of every run", ChartStyle.TITLE, full, false);
        ChartStyle.styleChart(top, "Mean over seeds per epoch (spread: see the family figures)");
        List<JFreeChart> charts = new ArrayList<>(List.of(top));
        if (tailStart > 0) {
            XYPlot tail = MetricPanel.of(Metric.TEST_ACCURACY, groups, Set.of(), colors, 0f,
                    Metric.TEST_ACCURACY.axisLabel(), tailStart);
            JFreeChart bottom = new JFreeChart("Zoom: epochs " + tailStart + "–" + (epochs - 1),
                    ChartStyle.SUBTITLE_BOLD, tail, true);
            ChartStyle.styleChart(bottom, null);
            bottom.getTitle().setFont(ChartStyle.SUBTITLE_BOLD);
            charts.add(bottom);
        } else {
            top.addLegend(new org.jfree.chart.title.LegendTitle(full));
            ChartStyle.styleChart(top, null);
        }
        Path file = dir.resolve(TEST_ALL_FILE);
        writeStacked(charts, file, TEST_ALL_WIDTH, TEST_ALL_HEIGHT);
        return new Figure(file, "Test accuracy of every run", "Test accuracy per epoch of every run, mean over seeds"
                + (tailStart > 0 ? "; below, the last " + (epochs - tailStart) + " epochs zoomed in." : "."));
    }

    /** Charts one above the other in one PNG, the first taller: it carries the title. */
    private static void writeStacked(List<JFreeChart> charts, Path file, int width, int height) throws IOException {
        if (charts.size() == 1) {
            // Too few epochs to zoom into; the same size keeps the report's layout steady.
            writePng(charts.get(0), file, width, height);
            return;
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, width, height);
        int topHeight = (int) (height * 0.52);
        charts.get(0).draw(g, new Rectangle2D.Double(0, 0, width, topHeight));
        charts.get(1).draw(g, new Rectangle2D.Double(0, topHeight, width, height - topHeight));
        g.dispose();
        AtomicFiles.write(file, tmp -> ImageIO.write(image, "png", tmp.toFile()));
    }

    static String seedNote(List<SeedGroup> groups) {
        int min = groups.stream().mapToInt(g -> g.runsWithData().size()).min().orElse(0);
        int max = groups.stream().mapToInt(g -> g.runsWithData().size()).max().orElse(0);
        if (max <= 1) {
            return "one seed per run, no spread shown";
        }
        String seeds = min == max ? max + " seeds" : min + "–" + max + " seeds";
        return "line: mean over " + seeds + ", band: ± 1 std";
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Written beside the target and moved in, so a reader never sees half a PNG. */
    private static void writePng(JFreeChart chart, Path file, int width, int height) throws IOException {
        AtomicFiles.write(file, tmp -> ChartUtils.saveChartAsPNG(tmp.toFile(), chart, width, height));
    }

}
