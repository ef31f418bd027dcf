package digitlab.training.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The report as a list of blocks, rendered twice (Markdown and HTML) so the two files can never
 * say different things. Text may use two inline marks: {@code `code`} and {@code **bold**}.
 */
public final class ReportDocument {
    public sealed interface Block permits Heading, Paragraph, Bullets, Table, Image {}

    public record Heading(int level, String text) implements Block {}

    public record Paragraph(String text) implements Block {}

    public record Bullets(List<String> items) implements Block {}

    /** {@code numeric[c]} right-aligns column c. */
    public record Table(List<String> headers, List<List<String>> rows, boolean[] numeric) implements Block {}

    /** {@code fileName} is relative to the experiment folder, where the report is written. */
    public record Image(String fileName, String alt, String caption) implements Block {}

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    public ReportDocument(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    public List<Block> blocks() {
        return List.copyOf(blocks);
    }

    public ReportDocument heading(int level, String text) {
        blocks.add(new Heading(level, text));
        return this;
    }

    public ReportDocument paragraph(String text) {
        blocks.add(new Paragraph(text));
        return this;
    }

    public ReportDocument bullets(List<String> items) {
        if (!items.isEmpty()) {
            blocks.add(new Bullets(List.copyOf(items)));
        }
        return this;
    }

    public ReportDocument table(List<String> headers, List<List<String>> rows, boolean[] numeric) {
        blocks.add(new Table(List.copyOf(headers), List.copyOf(rows), numeric.clone()));
        return this;
    }

    public ReportDocument image(String fileName, String alt, String caption) {
        blocks.add(new Image(fileName, alt, caption));
        return this;
    }
}
