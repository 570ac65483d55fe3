package dev.sindiff.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sindiff.model.UNetConfig;
import org.junit.jupiter.api.Test;

/** Plans whose tiles do not depend on the batch (the spellings of --max-memory: cli.MemoryAmountTest). */
class MemoryBudgetTest {
    @Test
    void theTilesDoNotDependOnTheBatchWhichShrinksToFit() {
        UNetConfig tiny = UNetConfig.tiny();
        long budget = 650_000_000L; // --max-memory 650m
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
        assertEquals(new MemoryBudget.Plan(0, 8), MemoryBudget.plan(tiny, 128, 128, null, 8, 4_000_000_000L, 64));
    }
}
