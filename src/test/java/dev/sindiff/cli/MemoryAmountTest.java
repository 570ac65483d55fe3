package dev.sindiff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sindiff.UserError;
import org.junit.jupiter.api.Test;

/** Size spellings for --max-memory (moved here from sample.MemoryBudgetTest and sample.CanvasTest with the parser). */
class MemoryAmountTest {
    @Test
    void sizesAcceptTheUsualSpellingsInAnyCase() {
        assertEquals(4_000_000_000L, MemoryAmount.parse("4g"));
        assertEquals(4_000_000_000L, MemoryAmount.parse("4G"));
        assertEquals(4_000_000_000L, MemoryAmount.parse("4GB"));
        assertEquals(4_000_000_000L, MemoryAmount.parse("4 gb"));
        assertEquals(4L << 30, MemoryAmount.parse("4GiB"));
        assertEquals(4L << 30, MemoryAmount.parse("4gib"));
        assertEquals(512L << 20, MemoryAmount.parse("512MiB"));
        assertEquals(512_000_000L, MemoryAmount.parse("512MB"));
        assertEquals(512_000_000L, MemoryAmount.parse("512m"));
        assertEquals(2_048_000L, MemoryAmount.parse("2048k"));
        assertEquals(2L << 20, MemoryAmount.parse("2048KiB"));
        assertEquals(1_500_000_000L, MemoryAmount.parse("1.5g"));
        assertEquals(1234L, MemoryAmount.parse("1234"));
        assertEquals(1234L, MemoryAmount.parse("1234b"));
    }

    @Test
    void anythingElseIsRejectedNamingTheAcceptedForms() {
        for (String bad : new String[] {"lots", "4gi", "GiB", "g", "0", "0g", "-1g", "4 x", "4gg", "4mbit", ""}) {
            UserError e = assertThrows(UserError.class, () -> MemoryAmount.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--max-memory must be a size"), e.getMessage());
            assertTrue(e.getMessage().contains("KiB") && e.getMessage().contains("MB") && e.getMessage().contains("'" + bad + "'"),
                    e.getMessage());
        }
    }

    @Test
    void theCanvasTestsSpellings() { // were in sample.CanvasTest.theMemoryBudgetTilesOnlyWhenItMust
        assertEquals(512_000_000L, MemoryAmount.parse("512m"));
        assertThrows(UserError.class, () -> MemoryAmount.parse("lots"));
    }
}
