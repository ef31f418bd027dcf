package digitlab.training.report;

import digitlab.training.report.ReportDocument.Block;
import digitlab.training.report.ReportDocument.Bullets;
import digitlab.training.report.ReportDocument.Heading;
import digitlab.training.report.ReportDocument.Image;
import digitlab.training.report.ReportDocument.Paragraph;
import digitlab.training.report.ReportDocument.Table;
import java.util.List;

/** Renders a {@link ReportDocument} as GitHub-flavoured Markdown; images link to the PNG beside it. */
public final class MarkdownRenderer {
    private MarkdownRenderer() {}

    public static String render(ReportDocument doc) {
        StringBuilder out = new StringBuilder("# ").append(doc.title()).append("\n\n");
        for (Block block : doc.blocks()) {
            // Java 17: no pattern switch yet, so instanceof in a chain.
            if (block instanceof Heading h) {
                out.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
            } else if (block instanceof Paragraph p) {
                out.append(p.text()).append("\n\n");
            } else if (block instanceof Bullets b) {
                b.items().forEach(item -> out.append("- ").append(item).append('\n'));
                out.append('\n');
            } else if (block instanceof Table t) {
                table(out, t);
            } else if (block instanceof Image i) {
                out.append("![").append(i.alt()).append("](").append(i.fileName()).append(")\n\n")
                        .append('*').append(i.caption()).append("*\n\n");
            }
        }
        return out.toString();
    }

    private static void table(StringBuilder out, Table t) {
        row(out, t.headers());
        out.append('|');
        for (int c = 0; c < t.headers().size(); c++) {
            out.append(t.numeric()[c] ? "---:|" : "---|");
        }
        out.append('\n');
        t.rows().forEach(r -> row(out, r));
        out.append('\n');
    }

    private static void row(StringBuilder out, List<String> cells) {
        out.append('|');
        // A pipe inside a cell would end it; Markdown's escape keeps it literal.
        cells.forEach(cell -> out.append(' ').append(cell.replace("|", "\\|")).append(" |"));
        out.append('\n');
    }
}
