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
    void rowWithWrongCellCountIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Table("a", "b").row("x"));
    }
}
