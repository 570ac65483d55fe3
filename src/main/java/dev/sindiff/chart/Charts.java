package dev.sindiff.chart;

import dev.sindiff.image.ImageFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG charts drawn with XChart and written atomically. */
public final class Charts {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;
    /** At most this many raw points are drawn; the smoothed curve always uses all of them. */
    private static final int MAX_RAW_POINTS = 4000;

    private Charts() {}

    /** One line of a chart. */
    public record Series(String name, double[] x, double[] y) {}

    /** The training loss per step, raw (light) and smoothed (dark), on a log axis. */
    public static void lossCurve(double[] steps, double[] loss, String title, Path out) throws IOException {
        if (steps.length == 0) {
            throw new IllegalArgumentException("no loss rows to plot");
        }
        XYChart chart = base(title, "step", "loss (MSE of the prediction, as trained)", false, true);
        int stride = Math.max(1, steps.length / MAX_RAW_POINTS);
        double[] rx = every(steps, stride);
        double[] ry = every(loss, stride);
        XYSeries raw = chart.addSeries("raw", rx, ry);
        raw.setMarker(SeriesMarkers.NONE);
        raw.setLineColor(new Color(120, 160, 220, 110));
        raw.setLineStyle(new BasicStroke(1f));
        double[] smooth = Smoothing.ema(loss, Smoothing.spanFor(loss.length));
        XYSeries s = chart.addSeries("smoothed (EMA, span " + Smoothing.spanFor(loss.length) + ")", steps, smooth);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(new Color(20, 50, 140));
        s.setLineStyle(new BasicStroke(2.2f));
        write(chart, out);
    }

    /** Lines with markers, e.g. quality against sampler steps. */
    public static void lines(String title, String xLabel, String yLabel, List<Series> series, boolean logX, Path out)
            throws IOException {
        lines(title, xLabel, yLabel, series, logX, false, out);
    }

    /** Lines with markers, with a choice of logarithmic axes. */
    public static void lines(String title, String xLabel, String yLabel, List<Series> series, boolean logX, boolean logY,
            Path out) throws IOException {
        XYChart chart = base(title, xLabel, yLabel, logX, logY);
        for (Series s : series) {
            XYSeries line = chart.addSeries(s.name(), s.x(), s.y());
            line.setMarker(SeriesMarkers.CIRCLE);
        }
        write(chart, out);
    }

    /** Ten distinct series colours (Tableau 10); XChart's default gives near-identical yellows. */
    private static final Color[] PALETTE = {
        new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2), new Color(0x59A14F),
        new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC)};

    private static XYChart base(String title, String xLabel, String yLabel, boolean logX, boolean logY) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        Styler st = chart.getStyler();
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setAntiAlias(true);
        st.setSeriesColors(PALETTE);
        return chart;
    }

    private static void write(XYChart chart, Path out) throws IOException {
        ImageFiles.writePng(BitmapEncoder.getBufferedImage(chart), out);
    }

    private static double[] every(double[] a, int stride) {
        double[] out = new double[(a.length + stride - 1) / stride];
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i * stride];
        }
        return out;
    }
}
