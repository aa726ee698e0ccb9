package io.tessera.bench.hdfs;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every sample of every measure, by system; printed as a Markdown table of medians with the ratios that matter
 * (Tessera to HDFS, Tessera to local files), and drawn as an HTML page of bar charts.
 */
final class Results {
    static final String TESSERA = "tessera";
    static final String HDFS = "hdfs";
    static final String FILE = "file";
    static final List<String> SYSTEMS = List.of(TESSERA, HDFS, FILE);

    /** One measure: its samples per system. */
    record Row(String section, String measure, String unit, boolean higherIsBetter, Map<String, List<Double>> samples) {
        Double median(String system) {
            List<Double> values = samples.get(system);
            return values == null || values.isEmpty() ? null : Results.median(values);
        }

        Double ratio(String system, String to) {
            Double a = median(system);
            Double b = median(to);
            return a == null || b == null || b == 0 ? null : a / b;
        }
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();

    void add(String section, String measure, String unit, boolean higherIsBetter, String system, double value) {
        rows.computeIfAbsent(
                        section + "\0" + measure,
                        key -> new Row(section, measure, unit, higherIsBetter, new LinkedHashMap<>()))
                .samples()
                .computeIfAbsent(system, s -> new ArrayList<>())
                .add(value);
    }

    List<Row> rows() {
        return List.copyOf(rows.values());
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The Markdown table: medians, the number of samples, and the ratios. */
    void print(PrintStream out) {
        out.println("| section | measure | unit | tessera | hdfs | file | tessera ÷ hdfs | tessera ÷ file | samples |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (Row row : rows.values()) {
            int samples =
                    row.samples().values().stream().mapToInt(List::size).max().orElse(0);
            out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s | %s | %s | %d |%n",
                    row.section(),
                    row.measure(),
                    row.unit(),
                    format(row.median(TESSERA)),
                    format(row.median(HDFS)),
                    format(row.median(FILE)),
                    ratio(row.ratio(TESSERA, HDFS)),
                    ratio(row.ratio(TESSERA, FILE)),
                    samples);
        }
    }

    static String format(Double value) {
        if (value == null) {
            return "–";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String ratio(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%.2f×", value);
    }
}
