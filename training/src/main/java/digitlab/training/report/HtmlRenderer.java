package digitlab.training.report;

import digitlab.training.report.ReportDocument.Block;
import digitlab.training.report.ReportDocument.Bullets;
import digitlab.training.report.ReportDocument.Heading;
import digitlab.training.report.ReportDocument.Image;
import digitlab.training.report.ReportDocument.Paragraph;
import digitlab.training.report.ReportDocument.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * Renders a {@link ReportDocument} as one self-contained HTML page: the PNGs are inlined as
 * base64 data URIs and the CSS is embedded, so the file can be mailed or opened offline.
 */
public final class HtmlRenderer {
    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#222;
              max-width:1200px;margin:2rem auto;padding:0 1.5rem;line-height:1.55}
            h1{font-size:1.8rem;border-bottom:2px solid #1f77b4;padding-bottom:.3rem}
            h2{font-size:1.35rem;margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
            h3{font-size:1.1rem;margin-top:1.6rem}
            code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px;font-size:.92em}
            div.scroll{overflow-x:auto;margin:1rem 0}
            table{border-collapse:collapse;font-size:.84rem;width:100%}
            td{white-space:nowrap}
            th,td{border-bottom:1px solid #e2e2e2;padding:.3rem .45rem;text-align:left;vertical-align:top}
            th{background:#f6f8fa;border-bottom:2px solid #ccc;vertical-align:bottom}
            td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
            tbody tr:nth-child(even){background:#fbfbfb}
            figure{margin:1.5rem 0;text-align:center}
            figure img{max-width:100%;height:auto;border:1px solid #eee}
            figcaption{color:#555;font-size:.9rem;margin-top:.3rem}
            """;

    private HtmlRenderer() {}

    /** @param imageDir where the figures' PNG files are read from */
    public static String render(ReportDocument doc, Path imageDir) throws IOException {
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(doc.title())).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n<h1>").append(inline(doc.title())).append("</h1>\n");
        for (Block block : doc.blocks()) {
            if (block instanceof Heading h) {
                out.append("<h").append(h.level()).append('>').append(inline(h.text()))
                        .append("</h").append(h.level()).append(">\n");
            } else if (block instanceof Paragraph p) {
                out.append("<p>").append(inline(p.text())).append("</p>\n");
            } else if (block instanceof Bullets b) {
                out.append("<ul>\n");
                b.items().forEach(item -> out.append("<li>").append(inline(item)).append("</li>\n"));
                out.append("</ul>\n");
            } else if (block instanceof Table t) {
                table(out, t);
            } else if (block instanceof Image i) {
                image(out, i, imageDir);
            }
        }
        return out.append("</body>\n</html>\n").toString();
    }

    private static void table(StringBuilder out, Table t) {
        out.append("<div class=\"scroll\"><table>\n<thead><tr>");
        cells(out, "th", t.headers(), t.numeric());
        out.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : t.rows()) {
            out.append("<tr>");
            cells(out, "td", row, t.numeric());
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table></div>\n");
    }

    private static void cells(StringBuilder out, String tag, List<String> cells, boolean[] numeric) {
        for (int c = 0; c < cells.size(); c++) {
            out.append('<').append(tag).append(numeric[c] ? " class=\"num\">" : ">").append(inline(cells.get(c)))
                    .append("</").append(tag).append('>');
        }
    }

    private static void image(StringBuilder out, Image image, Path imageDir) throws IOException {
        byte[] png = Files.readAllBytes(imageDir.resolve(image.fileName()));
        out.append("<figure><img alt=\"").append(escape(image.alt())).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\">\n<figcaption>")
                .append(inline(image.caption())).append("</figcaption></figure>\n");
    }

    /** Escapes HTML, then turns {@code `code`} and {@code **bold**} into tags. */
    static String inline(String text) {
        String escaped = escape(text);
        escaped = escaped.replaceAll("`([^`]+)`", "<code>$1</code>");
        return escaped.replaceAll("\\*\\*([^*]+)\\*\\*", "<strong>$1</strong>");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
