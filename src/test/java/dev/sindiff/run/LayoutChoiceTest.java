package dev.sindiff.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sindiff.InvalidValue;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutChoiceTest {
    @TempDir Path tmp;

    @Test
    void theNetworkAloneOnlyWhenItIsAtLeastAsGoodOnBothMeasures() {
        // (patch SWD, patch layout, network SWD, network layout) -> choice
        assertEquals("none", LayoutChoice.of(1, 4, 0, 0.15, 0.08, 0.13, 0.06).coarse());
        assertEquals("none", LayoutChoice.of(1, 4, 0, 0.15, 0.08, 0.15, 0.08).coarse());
        assertEquals("patch", LayoutChoice.of(1, 4, 0, 0.12, 0.18, 0.11, 0.23).coarse()); // layout worse
        assertEquals("patch", LayoutChoice.of(1, 4, 0, 0.07, 0.021, 0.10, 0.020).coarse()); // patches worse
    }

    @Test
    void roundTripsThroughTheRunDirectoryForItsStepOnly() throws IOException {
        RunDir dir = new RunDir(tmp);
        assertNull(dir.readLayoutChoice(800));
        LayoutChoice c = LayoutChoice.of(800, 4, 0, 0.15, 0.08, 0.13, 0.06);
        dir.writeLayoutChoice(c);
        assertEquals(c, dir.readLayoutChoice(800));
        assertNull(dir.readLayoutChoice(1000));
    }

    @Test
    void refusesAnUnknownWay() {
        assertThrows(InvalidValue.class, () -> new LayoutChoice("closed-form", 1, 4, 0, 0, 0, 0, 0));
    }
}
