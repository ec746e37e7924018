package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void columnsAreAlignedWithTwoSpacesAndNoTrailingBlanks() {
        Table t = new Table("name", "partitions", "x").row("orders", 3, "").row("a-much-longer-name", 12, "y");
        assertEquals("""
                NAME                PARTITIONS  X
                orders              3
                a-much-longer-name  12          y
                """, t.render());
    }

    @Test
    void nullCellsShowAsDashAndLineBreaksAsSpaces() {
        assertEquals("A  B\n-  x y\n", new Table("a", "b").row(null, "x\ny").render());
    }

    @Test
    void headerOnlyWhenEmpty() {
        assertEquals("A  B\n", new Table("a", "b").render());
    }

    @Test
    void aVeryLongCellIsCutInTheMiddleSoTheOtherColumnsStayInView() {
        String longName = "orders-" + "x".repeat(230) + "-eu";
        String rendered = new Table("name", "partitions").row(longName, 3).row("short", 1).render();
        String cut = "orders-" + "x".repeat(23) + "…" + "x".repeat(26) + "-eu";
        assertEquals(Table.MAX_CELL_WIDTH, cut.length());
        assertEquals("NAME" + " ".repeat(Table.MAX_CELL_WIDTH - 4) + "  PARTITIONS\n"
                + cut + "  3\n"
                + "short" + " ".repeat(Table.MAX_CELL_WIDTH - 5) + "  1\n", rendered);
    }

    @Test
    void theLastColumnIsNeverCut() {
        String longValue = "v".repeat(200);
        assertEquals("A  B\nx  " + longValue + "\n", new Table("a", "b").row("x", longValue).render());
    }

    @Test
    void rowWithWrongCellCountIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Table("a", "b").row("x"));
    }
}
