package dev.sindiff.eval;

import dev.sindiff.UserError;
import dev.sindiff.chart.Charts;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Chart series from results CSVs: one line per label, x and y from two numeric columns. */
public final class CsvSeries {
    private CsvSeries() {}

    /**
     * @param xScale multiplies x (e.g. 1/60 to plot seconds as minutes)
     */
    public static List<Charts.Series> read(List<Path> files, String x, String y, String group, double xScale) throws IOException {
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new UserError("'" + f + "' does not exist; give results CSVs written by 'sindiff eval --csv'");
            }
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
                    for (String col : new String[] {x, y, group}) {
                        if (!rec.isMapped(col)) {
                            throw new UserError("'" + f + "' has no column '" + col + "' (columns: " + String.join(", ", rec.getParser().getHeaderNames()) + ")");
                        }
                    }
                    String xs = rec.get(x);
                    String ys = rec.get(y);
                    if (xs.isEmpty() || ys.isEmpty()) {
                        continue;
                    }
                    try {
                        points.computeIfAbsent(rec.get(group), k -> new ArrayList<>())
                                .add(new double[] {Double.parseDouble(xs) * xScale, Double.parseDouble(ys)});
                    } catch (NumberFormatException e) {
                        throw new UserError("'" + f + "' line " + rec.getRecordNumber() + ": '" + xs + "' or '" + ys + "' is not a number");
                    }
                }
            }
        }
        if (points.isEmpty()) {
            throw new UserError("no rows with both '" + x + "' and '" + y + "' in " + files);
        }
        List<Charts.Series> out = new ArrayList<>();
        for (var e : points.entrySet()) {
            List<double[]> ps = e.getValue().stream().sorted((a, b) -> Double.compare(a[0], b[0])).toList();
            out.add(new Charts.Series(e.getKey(), ps.stream().mapToDouble(p -> p[0]).toArray(), ps.stream().mapToDouble(p -> p[1]).toArray()));
        }
        return out;
    }
}
