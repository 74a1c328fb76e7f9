package dev.lunatik.bench;

import java.util.List;
import java.util.Locale;

/**
 * The harness's table as an SVG chart: for each program, one horizontal bar per implementation
 * showing its time relative to lua5.4 on a log2 scale (left of the 1x line: faster than lua5.4,
 * right: slower), with the ratio written at the bar's end. Cells that failed get no bar; without
 * a lua5.4 time a program gets no bars. Plain SVG 1.1, no scripts or external resources.
 */
final class HarnessChart {
    private HarnessChart() {}

    private static final String[] COLOURS = {"#d62728", "#7f7f7f", "#2ca02c", "#1f77b4", "#9467bd"};
    /** The scale spans 1/RANGE .. RANGE times lua5.4; bars beyond it are cut and marked. */
    private static final double RANGE = 32;
    private static final int LEFT = 110, WIDTH = 640, BAR = 12, GAP = 10, TOP = 50;

    static String svg(List<String> names, List<Harness.Cell[]> rows, List<Harness.Impl> shown, boolean warm) {
        List<Harness.Impl> bars = shown.stream().filter(i -> i != Harness.Impl.LUA54).toList();
        int groupHeight = Math.max(1, bars.size()) * BAR + GAP;
        int height = TOP + names.size() * groupHeight + 40 + bars.size() * 16;
        int total = LEFT + WIDTH + 90;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n",
                total, height));
        b.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", total, height));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\">%s relative to lua5.4 (log scale; left is faster)</text>%n",
                LEFT, warm ? "Warm cost per repetition" : "Whole-process time"));
        int bottom = TOP + names.size() * groupHeight;
        for (int e = -5; e <= 5; e++) { // 1/32x .. 32x
            double x = xOf(Math.pow(2, e));
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n",
                    x, TOP - 6, x, bottom, e == 0 ? "black" : "#dddddd"));
            String label = e >= 0 ? (1 << e) + "x" : "1/" + (1 << -e) + "x";
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s</text>%n",
                    x, TOP - 10, label));
        }
        for (int p = 0; p < names.size(); p++) {
            int y0 = TOP + p * groupHeight;
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 8, y0 + bars.size() * BAR / 2 + 4, escape(names.get(p))));
            Harness.Cell[] cells = rows.get(p);
            Harness.Cell ref = cells[Harness.Impl.LUA54.ordinal()];
            for (int k = 0; k < bars.size(); k++) {
                Harness.Impl impl = bars.get(k);
                double q = Harness.ratioValue(cells[impl.ordinal()], ref);
                if (Double.isNaN(q)) {
                    continue;
                }
                double x1 = xOf(1), x2 = xOf(q);
                int y = y0 + k * BAR;
                b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                        Math.min(x1, x2), y, Math.max(1, Math.abs(x2 - x1)), BAR - 2, colour(impl)));
                b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\"%s>%.2f%s</text>%n",
                        q >= 1 ? x2 + 3 : x2 - 3, y + BAR - 3, q >= 1 ? "" : " text-anchor=\"end\"", q,
                        q > RANGE || q < 1 / RANGE ? " (off scale)" : ""));
            }
        }
        int ly = bottom + 24;
        for (int k = 0; k < bars.size(); k++) {
            Harness.Impl impl = bars.get(k);
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"10\" fill=\"%s\"/>%n",
                    LEFT, ly + k * 16, colour(impl)));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + 18, ly + k * 16 + 9,
                    escape(impl.label)));
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static double xOf(double ratio) {
        double r = Math.max(1 / RANGE, Math.min(RANGE, ratio));
        double unit = Math.log(r) / Math.log(RANGE); // -1 .. 1
        return LEFT + WIDTH / 2.0 + unit * WIDTH / 2.0;
    }

    private static String colour(Harness.Impl impl) {
        return COLOURS[impl.ordinal() % COLOURS.length];
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
