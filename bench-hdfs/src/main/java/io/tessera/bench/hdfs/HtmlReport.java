package io.tessera.bench.hdfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A self-contained HTML page: for every measure a bar per system (the median), drawn as inline SVG, so the report
 * opens anywhere without scripts or network.
 */
final class HtmlReport {
    private static final int WIDTH = 520;
    private static final int BAR = 18;
    private static final int LABEL = 70;

    private HtmlReport() {}

    static void write(Path file, Results results, String title, String context) throws IOException {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(escape(title))
                .append("</title><style>body{font-family:sans-serif;margin:2em;max-width:60em}")
                .append("h2{margin-top:1.5em}figure{margin:0 0 1em 0}figcaption{font-size:90%}")
                .append(".tessera{fill:#2a7ab0}.hdfs{fill:#d9822b}.file{fill:#7a7a7a}</style></head><body>\n<h1>")
                .append(escape(title))
                .append("</h1>\n<p>")
                .append(escape(context))
                .append("</p>\n");
        String section = null;
        for (Results.Row row : results.rows()) {
            if (!row.section().equals(section)) {
                section = row.section();
                html.append("<h2>").append(escape(section)).append("</h2>\n");
            }
            html.append(chart(row));
        }
        html.append("</body></html>\n");
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    private static String chart(Results.Row row) {
        double max = 0;
        for (String system : Results.SYSTEMS) {
            Double median = row.median(system);
            max = median == null ? max : Math.max(max, median);
        }
        StringBuilder svg = new StringBuilder();
        int y = 0;
        for (String system : Results.SYSTEMS) {
            Double median = row.median(system);
            if (median == null) {
                continue;
            }
            int width = max == 0 ? 0 : (int) Math.round(median / max * (WIDTH - LABEL - 90));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"0\" y=\"%d\">%s</text><rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>"
                            + "<text x=\"%d\" y=\"%d\">%s</text>",
                    y + BAR - 4,
                    system,
                    system,
                    LABEL,
                    y,
                    width,
                    BAR,
                    LABEL + width + 6,
                    y + BAR - 4,
                    Results.format(median)));
            y += BAR + 6;
        }
        String better = row.higherIsBetter() ? "higher is better" : "lower is better";
        return String.format(
                Locale.ROOT,
                "<figure><figcaption>%s (%s, %s; median of %d)</figcaption>"
                        + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-size=\"12\">%s</svg>"
                        + "</figure>\n",
                escape(row.measure()),
                escape(row.unit()),
                better,
                row.samples().values().stream()
                        .mapToInt(java.util.List::size)
                        .max()
                        .orElse(0),
                WIDTH,
                Math.max(y, 1),
                svg);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
