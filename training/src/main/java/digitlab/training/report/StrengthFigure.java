package digitlab.training.report;

import digitlab.training.regularizer.Regularizers;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Where a weight penalty starts to act: for each penalty family swept over at least two strengths,
 * its final test accuracy minus plain CE's against λ (log scale), paired by seed, each point with
 * its 95% Student-t interval; zero marked, so a bar that does not cross it is a clear effect.
 */
final class StrengthFigure {
    static final String FILE = "fig-strengths.png";
    static final int WIDTH = 1000;
    static final int HEIGHT = 620;
    private static final int MIN_STRENGTHS = 2;

    private StrengthFigure() {}

    /** The families drawn: weight penalties with at least two positive strengths that have data. */
    static List<String> sweptFamilies(List<SeedGroup> groups) {
        return RunGroups.families(groups).stream()
                .filter(f -> Regularizers.ofFamily(f).map(r -> r.weightPenalty() != null).orElse(false))
                .filter(f -> penaltyGroups(groups, f).size() >= MIN_STRENGTHS).toList();
    }

    private static List<RunSummary> penaltyGroups(List<SeedGroup> groups, String family) {
        return groups.stream().filter(g -> g.family().equals(family) && !g.runsWithData().isEmpty())
                .filter(g -> g.runs().get(0).config().strength() > 0).map(RunSummary::of).toList();
    }

    /** The chart, or null when there is no baseline or no family swept. */
    static JFreeChart chart(List<SeedGroup> groups, RunColors colors) {
        RunSummary ce = groups.stream().filter(g -> g.name().equals(Figures.BASELINE_RUN) && !g.runsWithData().isEmpty())
                .findFirst().map(RunSummary::of).orElse(null);
        List<String> families = sweptFamilies(groups);
        if (ce == null || families.isEmpty()) {
            return null;
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(true);
        renderer.setDefaultShapesVisible(true);
        renderer.setErrorStroke(new BasicStroke(1.6f));
        renderer.setCapLength(8);
        List<Double> strengths = new ArrayList<>();
        for (int i = 0; i < families.size(); i++) {
            String family = families.get(i);
            YIntervalSeries series = new YIntervalSeries(Families.shortName(family), true, false);
            for (RunSummary s : penaltyGroups(groups, family)) {
                Comparison c = Comparison.ofLast(s, ce, Metric.TEST_ACCURACY);
                double half = Double.isNaN(c.halfWidth()) ? 0 : c.halfWidth();
                double strength = s.group().runs().get(0).config().strength();
                series.add(strength, c.difference(), c.difference() - half, c.difference() + half);
                strengths.add(strength);
            }
            data.addSeries(series);
            Color color = colors.of(penaltyGroups(groups, family).get(penaltyGroups(groups, family).size() - 1).name());
            renderer.setSeriesPaint(i, color);
            renderer.setSeriesStroke(i, ChartStyle.LINE);
        }
        renderer.setErrorPaint(null); // each bar in its series' colour
        LogAxis lambda = new LogAxis("λ (the penalty is λ/n · Σ|w| for L1, λ/(2n) · Σw² for L2; log scale)");
        lambda.setLabelFont(ChartStyle.AXIS_LABEL);
        lambda.setTickLabelFont(ChartStyle.TICK);
        lambda.setBase(10);
        lambda.setSmallestValue(strengths.stream().mapToDouble(Double::doubleValue).min().orElse(1) / 2);
        XYPlot plot = new XYPlot(data, lambda, ChartStyle.valueAxis("Test accuracy − plain CE's (points)"), renderer);
        ChartStyle.stylePlot(plot);
        plot.addRangeMarker(new ValueMarker(0, new Color(0x888888), new BasicStroke(1.2f)));
        JFreeChart chart = new JFreeChart("Where the weight penalties act", ChartStyle.TITLE, plot, true);
        ChartStyle.styleChart(chart, "Final test accuracy minus plain CE's (" + ce.testLast().format()
                + " %), paired by seed; bars: 95% Student-t interval over " + seedsNote(groups, families));
        return chart;
    }

    private static String seedsNote(List<SeedGroup> groups, List<String> families) {
        int min = groups.stream().filter(g -> families.contains(g.family())).mapToInt(g -> g.runsWithData().size())
                .min().orElse(0);
        return min == 1 ? "1 seed (no interval)" : min + " seeds";
    }
}
