import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws latency-percentile curves into a PNG, JDK only (java.awt in headless mode), for
 * scripts/bench/compare-kafka.sh:
 *
 * <pre>java -Djava.awt.headless=true scripts/bench/PlotLatency.java IN.tsv OUT.png</pre>
 *
 * <p>IN has one point per line, {@code SYSTEM PERCENTILE MS} separated by blanks (e.g.
 * {@code spate 99.9 4}); percentile 100 stands for the maximum. Each system becomes one curve, in
 * the order first seen. The x axis is the usual "nines" scale, {@code -log10(1 - p/100)}, so that
 * 50, 90, 99 and 99.9 are evenly spaced (the maximum is drawn one step past 99.9); the y axis is
 * {@code log10(1 + ms)}, which keeps 0 ms drawable and a long tail on the same picture.
 */
public final class PlotLatency {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final int LEFT = 80;
    private static final int RIGHT = 80;
    private static final int TOP = 60;
    private static final int BOTTOM = 70;
    private static final int MIN_TICK_GAP = 16;
    private static final double MAX_X = 4.0; // where "max" goes: one nine past 99.9
    private static final double[] X_TICKS = {50, 90, 99, 99.9, 100};
    private static final double[] Y_TICKS = {0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c)};

    record Point(double percentile, double ms) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java PlotLatency.java IN.tsv OUT.png");
            System.exit(2);
        }
        Map<String, List<Point>> curves = read(Path.of(args[0]));
        if (curves.isEmpty()) {
            throw new IllegalArgumentException(args[0] + " holds no points");
        }
        ImageIO.write(draw(curves), "png", Path.of(args[1]).toFile());
    }

    static Map<String, List<Point>> read(Path in) throws IOException {
        Map<String, List<Point>> curves = new LinkedHashMap<>();
        for (String line : Files.readAllLines(in)) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 1 && f[0].isEmpty()) {
                continue;
            }
            if (f.length != 3) {
                throw new IllegalArgumentException("expected SYSTEM PERCENTILE MS, got: " + line);
            }
            curves.computeIfAbsent(f[0], k -> new ArrayList<>())
                    .add(new Point(Double.parseDouble(f[1]), Double.parseDouble(f[2])));
        }
        return curves;
    }

    static double x(double percentile) {
        return percentile >= 100 ? MAX_X : -Math.log10(1 - percentile / 100);
    }

    static double y(double ms) {
        return Math.log10(1 + Math.max(0, ms));
    }

    static BufferedImage draw(Map<String, List<Point>> curves) {
        double top = y(1);
        for (List<Point> points : curves.values()) {
            for (Point p : points) {
                top = Math.max(top, y(p.ms()));
            }
        }
        double maxY = top * 1.08;
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        java.util.function.DoubleUnaryOperator px = v -> LEFT + (x(v) - x(50)) / (MAX_X - x(50)) * plotW;
        java.util.function.DoubleUnaryOperator py = v -> TOP + plotH - y(v) / maxY * plotH;

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int lastTickY = Integer.MAX_VALUE;
        for (double t : Y_TICKS) {
            if (y(t) > maxY) {
                break;
            }
            int yy = (int) py.applyAsDouble(t);
            if (lastTickY - yy < MIN_TICK_GAP) {
                continue; // a long tail squeezes the small ticks together: keep them readable
            }
            lastTickY = yy;
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(LEFT, yy, LEFT + plotW, yy);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, "%.0f", t);
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), yy + 4);
        }
        for (double t : X_TICKS) {
            int xx = (int) px.applyAsDouble(t);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(xx, TOP, xx, TOP + plotH);
            g.setColor(Color.DARK_GRAY);
            String label = t >= 100 ? "max" : (t == Math.rint(t) ? String.format(Locale.ROOT, "p%.0f", t) : "p" + t);
            g.drawString(label, xx - g.getFontMetrics().stringWidth(label) / 2, TOP + plotH + 18);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.drawString("percentile (nines scale)", LEFT + plotW / 2 - 60, HEIGHT - 25);
        g.rotate(-Math.PI / 2);
        g.drawString("latency, ms (log scale)", -(TOP + plotH / 2 + 60), 25);
        g.rotate(Math.PI / 2);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("produce-100B-at-50k: send-to-ack latency, 500,000 records of 100 B at 50,000/s, acks=all",
                LEFT, TOP - 25);

        int i = 0;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (Map.Entry<String, List<Point>> curve : curves.entrySet()) {
            Color color = COLORS[i % COLORS.length];
            g.setColor(color);
            g.setStroke(new BasicStroke(2.5f));
            int[] xs = curve.getValue().stream().mapToInt(p -> (int) px.applyAsDouble(p.percentile())).toArray();
            int[] ys = curve.getValue().stream().mapToInt(p -> (int) py.applyAsDouble(p.ms())).toArray();
            g.drawPolyline(xs, ys, xs.length);
            for (int k = 0; k < xs.length; k++) {
                g.fillOval(xs[k] - 4, ys[k] - 4, 8, 8);
                String v = String.format(Locale.ROOT, "%s", trim(curve.getValue().get(k).ms()));
                g.drawString(v, xs[k] + 6, ys[k] + (isHighest(curves, curve.getKey(), k) ? -8 : 16));
            }
            int ly = TOP + 18 + 18 * i;
            g.fillRect(LEFT + 14, ly - 9, 18, 10);
            g.setColor(Color.BLACK);
            g.drawString(curve.getKey(), LEFT + 38, ly);
            i++;
        }
        g.dispose();
        return image;
    }

    /**
     * Whether point {@code k} of this curve lies above the same point of every other curve (ties:
     * the later curve counts as higher), so its label goes above and the others' below.
     */
    private static boolean isHighest(Map<String, List<Point>> curves, String name, int k) {
        double mine = curves.get(name).get(k).ms();
        boolean later = false;
        for (Map.Entry<String, List<Point>> other : curves.entrySet()) {
            if (other.getKey().equals(name)) {
                later = true;
                continue;
            }
            if (k < other.getValue().size()) {
                double theirs = other.getValue().get(k).ms();
                if (theirs > mine || (theirs == mine && later)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String trim(double ms) {
        return ms == Math.rint(ms) ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.2f ms", ms);
    }
}
