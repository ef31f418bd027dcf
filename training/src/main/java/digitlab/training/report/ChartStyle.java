package digitlab.training.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import java.text.NumberFormat;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/** The look every figure shares: white ground, light grid, anti-aliased sans-serif text. */
final class ChartStyle {
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font SUBTITLE_BOLD = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    static final Font AXIS_LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Color GRID = new Color(0xdddddd);
    static final Color TEXT = new Color(0x222222);
    static final Stroke LINE = new BasicStroke(2.0f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    /** The unregularized baseline is drawn dashed in other families' figures, as a yardstick. */
    static final Stroke BASELINE = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
            new float[] {7f, 5f}, 0f);

    private ChartStyle() {}

    static NumberAxis epochAxis() {
        NumberAxis axis = new NumberAxis("Epoch");
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        // "1000", not "1,000": epochs are counts, and grouping depends on the JVM's locale.
        NumberFormat plain = NumberFormat.getIntegerInstance(Locale.ROOT);
        plain.setGroupingUsed(false);
        axis.setNumberFormatOverride(plain);
        axis.setAutoRangeIncludesZero(false);
        // Curves should end at the frame, not leave a blank strip after the last epoch.
        axis.setLowerMargin(0);
        axis.setUpperMargin(0.005);
        styleAxis(axis);
        return axis;
    }

    static NumberAxis valueAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        styleAxis(axis);
        return axis;
    }

    private static void styleAxis(NumberAxis axis) {
        axis.setLabelFont(AXIS_LABEL);
        axis.setTickLabelFont(TICK);
        axis.setLabelPaint(TEXT);
        axis.setTickLabelPaint(TEXT);
    }

    static void stylePlot(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setOutlinePaint(new Color(0xbbbbbb));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    }

    static void styleChart(JFreeChart chart, String subtitle) {
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(10, 10, 10, 16));
        chart.getTitle().setFont(TITLE);
        chart.getTitle().setPaint(TEXT);
        if (subtitle != null) {
            TextTitle sub = new TextTitle(subtitle, SUBTITLE);
            sub.setPaint(new Color(0x555555));
            sub.setPadding(new RectangleInsets(2, 0, 6, 0));
            chart.addSubtitle(sub);
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(LEGEND);
            legend.setFrame(BlockBorder.NONE);
            legend.setPosition(RectangleEdge.BOTTOM);
            legend.setItemLabelPadding(new RectangleInsets(2, 4, 2, 14));
        }
    }
}
