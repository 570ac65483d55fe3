package dev.sindiff.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sindiff.UserError;
import dev.sindiff.model.UNetConfig;
import org.junit.jupiter.api.Test;

/** Size spellings for --max-memory, and plans whose tiles do not depend on the batch. */
class MemoryBudgetTest {
    @Test
    void sizesAcceptTheUsualSpellingsInAnyCase() {
        assertEquals(4_000_000_000L, MemoryBudget.parse("4g"));
        assertEquals(4_000_000_000L, MemoryBudget.parse("4G"));
        assertEquals(4_000_000_000L, MemoryBudget.parse("4GB"));
        assertEquals(4_000_000_000L, MemoryBudget.parse("4 gb"));
        assertEquals(4L << 30, MemoryBudget.parse("4GiB"));
        assertEquals(4L << 30, MemoryBudget.parse("4gib"));
        assertEquals(512L << 20, MemoryBudget.parse("512MiB"));
        assertEquals(512_000_000L, MemoryBudget.parse("512MB"));
        assertEquals(512_000_000L, MemoryBudget.parse("512m"));
        assertEquals(2_048_000L, MemoryBudget.parse("2048k"));
        assertEquals(2L << 20, MemoryBudget.parse("2048KiB"));
        assertEquals(1_500_000_000L, MemoryBudget.parse("1.5g"));
        assertEquals(1234L, MemoryBudget.parse("1234"));
        assertEquals(1234L, MemoryBudget.parse("1234b"));
    }

    @Test
    void anythingElseIsRejectedNamingTheAcceptedForms() {
        for (String bad : new String[] {"lots", "4gi", "GiB", "g", "0", "0g", "-1g", "4 x", "4gg", "4mbit", ""}) {
            UserError e = assertThrows(UserError.class, () -> MemoryBudget.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--max-memory must be a size"), e.getMessage());
            assertTrue(e.getMessage().contains("KiB") && e.getMessage().contains("MB") && e.getMessage().contains("'" + bad + "'"),
                    e.getMessage());
        }
    }

    @Test
    void theTilesDoNotDependOnTheBatchWhichShrinksToFit() {
        UNetConfig tiny = UNetConfig.tiny();
        long budget = MemoryBudget.parse("650m");
        // one 128x128 image fits whole; four do not
        assertTrue(MemoryBudget.estimate(tiny, 128, 128, 1, 0) <= budget);
        assertTrue(MemoryBudget.estimate(tiny, 128, 128, 4, 0) > budget);
        for (int batch = 1; batch <= 8; batch++) {
            MemoryBudget.Plan plan = MemoryBudget.plan(tiny, 128, 128, null, batch, budget, 16);
            assertEquals(0, plan.tile(), "batch " + batch);
            assertEquals(1, plan.batch(), "batch " + batch);
        }
        // a canvas too large for one image is tiled, with the same tile for every batch
        int tile = MemoryBudget.plan(tiny, 512, 512, null, 1, budget, 16).tile();
        assertTrue(tile > 0 && tile < 512, "tile " + tile);
        for (int batch = 2; batch <= 8; batch++) {
            MemoryBudget.Plan plan = MemoryBudget.plan(tiny, 512, 512, null, batch, budget, 16);
            assertEquals(tile, plan.tile(), "batch " + batch);
            assertTrue(plan.batch() >= 1 && plan.batch() <= batch);
            assertTrue(plan.batch() == 1 || MemoryBudget.estimate(tiny, 512, 512, plan.batch(), tile) <= budget);
        }
        // a generous budget keeps the batch asked for
        assertEquals(new MemoryBudget.Plan(0, 8), MemoryBudget.plan(tiny, 128, 128, null, 8, MemoryBudget.parse("4g"), 64));
    }
}
