package digitlab.training.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Set;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * One panel: a metric per epoch for some run names, each a mean line with a shaded mean ± std
 * band over its seeds (no band for a single seed).
 */
final class MetricPanel {
    private MetricPanel() {}

    /**
     * @param baselines run names drawn dashed and without a band, as a yardstick
     * @param bandAlpha opacity of the ± std band; 0 draws none
     */
    static XYPlot of(Metric metric, List<SeedGroup> groups, Set<String> baselines, RunColors colors,
            float bandAlpha, String axisLabel) {
        return of(metric, groups, baselines, colors, bandAlpha, axisLabel, 0);
    }

    /** As above, from epoch {@code fromEpoch} on, so the value axis fits that stretch only. */
    static XYPlot of(Metric metric, List<SeedGroup> groups, Set<String> baselines, RunColors colors,
            float bandAlpha, String axisLabel, int fromEpoch) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        renderer.setAlpha(bandAlpha);
        renderer.setDrawSeriesLineAsPath(true);
        int series = 0;
        for (SeedGroup group : groups) {
            if (group.runsWithData().isEmpty()) {
                continue;
            }
            boolean baseline = baselines.contains(group.name());
            data.addSeries(series(group, metric, legendLabel(group, baseline), baseline || bandAlpha == 0, fromEpoch));
            Color color = colors.of(group.name());
            renderer.setSeriesPaint(series, color);
            renderer.setSeriesFillPaint(series, color);
            renderer.setSeriesStroke(series, baseline ? ChartStyle.BASELINE : ChartStyle.LINE);
            series++;
        }
        XYPlot plot = new XYPlot(data, ChartStyle.epochAxis(), ChartStyle.valueAxis(axisLabel), renderer);
        ChartStyle.stylePlot(plot);
        if (metric == Metric.GAP) {
            ValueMarker zero = new ValueMarker(0, new Color(0x888888), new BasicStroke(1f));
            plot.addRangeMarker(zero);
        }
        return plot;
    }

    private static YIntervalSeries series(SeedGroup group, Metric metric, String label, boolean noBand,
            int fromEpoch) {
        MeanCurve curve = group.curve(metric);
        YIntervalSeries series = new YIntervalSeries(label, false, true);
        for (int e = fromEpoch; e < curve.length(); e++) {
            double mean = curve.mean()[e];
            double std = noBand || Double.isNaN(curve.std()[e]) ? 0 : curve.std()[e];
            series.add(e, mean, mean - std, mean + std);
        }
        return series;
    }

    static String legendLabel(SeedGroup group, boolean baseline) {
        String label = group.label();
        if (baseline) {
            label += " (baseline)";
        }
        if (!group.isComplete()) {
            label += " — incomplete";
        }
        return label;
    }
}
