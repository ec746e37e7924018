package io.spate.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A human-readable text table in the style of rpk and kubectl: an upper-case header row, then one
 * row per item, columns left-aligned and separated by two spaces, no trailing blanks. Cells are
 * rendered with {@link String#valueOf(Object)} ({@code null} prints as {@code -}); line breaks and tabs
 * inside a cell are shown as spaces so that every row stays one line.
 *
 * <p>A cell wider than {@link #MAX_CELL_WIDTH} characters is cut in the middle, its start and end
 * kept around an ellipsis ({@code orders-eu-west…-replica-3}), so that one very long name (a topic
 * name may have 249 characters) does not push every other column off the screen; names that differ
 * only at the end stay apart. The last column is never cut: nothing follows it to push away. The
 * full values are in each command's {@code --json}.
 *
 * <p>Not thread-safe; build it on one thread, then {@link #render()} or {@link #print(PrintStream)}.
 */
public final class Table {
    private static final String GAP = "  ";
    private static final String NULL_CELL = "-";
    /** The widest a cell of any column but the last is shown. */
    public static final int MAX_CELL_WIDTH = 60;
    private static final String CUT_MARKER = "…";

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        if (headers.length == 0) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.headers = Arrays.stream(headers).map(h -> h.toUpperCase(java.util.Locale.ROOT)).toList();
    }

    /** Adds a row; it must have exactly one cell per column. */
    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.size()
                    + " columns");
        }
        rows.add(Arrays.stream(cells).map(Table::cell).toList());
        return this;
    }

    public int rowCount() {
        return rows.size();
    }

    /** The table as text, each line ended by {@code \n}. */
    public String render() {
        List<List<String>> shown = rows.stream().map(Table::cutCells).toList();
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (List<String> row : shown) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        appendLine(out, headers, widths);
        for (List<String> row : shown) {
            appendLine(out, row, widths);
        }
        return out.toString();
    }

    /** The row with every cell but the last cut to {@link #MAX_CELL_WIDTH}. */
    private static List<String> cutCells(List<String> row) {
        List<String> out = new ArrayList<>(row.size());
        for (int c = 0; c < row.size(); c++) {
            out.add(c < row.size() - 1 ? cut(row.get(c)) : row.get(c));
        }
        return out;
    }

    /** {@code s} itself when it fits, else its start and end around the marker, {@link #MAX_CELL_WIDTH} in all. */
    static String cut(String s) {
        if (s.length() <= MAX_CELL_WIDTH) {
            return s;
        }
        int keep = MAX_CELL_WIDTH - CUT_MARKER.length();
        int head = (keep + 1) / 2;
        return s.substring(0, head) + CUT_MARKER + s.substring(s.length() - (keep - head));
    }

    public void print(PrintStream out) {
        out.print(render());
        out.flush();
    }

    private static void appendLine(StringBuilder out, List<String> cells, int[] widths) {
        int start = out.length();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            out.append(cell);
            if (c < cells.size() - 1) {
                out.append(" ".repeat(widths[c] - cell.length())).append(GAP);
            }
        }
        // an empty last column would leave blanks behind
        int end = out.length();
        while (end > start && out.charAt(end - 1) == ' ') {
            end--;
        }
        out.setLength(end);
        out.append('\n');
    }

    private static String cell(Object value) {
        String s = Objects.toString(value, NULL_CELL);
        return s.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    }
}
