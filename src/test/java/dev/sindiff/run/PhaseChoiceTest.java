package dev.sindiff.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sindiff.InvalidValue;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhaseChoiceTest {
    @TempDir Path tmp;

    // (patch SWD, patch layout, network SWD, network layout): each weights' own choice is what counts
    private static final LayoutChoice CROPS_NONE = LayoutChoice.of(800, 4, 0, 0.159, 0.094, 0.134, 0.057);
    private static final LayoutChoice CROPS_PATCH = LayoutChoice.of(800, 4, 0, 0.069, 0.021, 0.106, 0.026);

    @Test
    void keptOnlyWhenAtLeastAsGoodOnBothMeasuresOfEachChosenWay() {
        // rocket-like: the phase lowers the network's SWD and layout -> kept
        assertTrue(PhaseChoice.of(800, 1000, CROPS_NONE, LayoutChoice.of(1000, 4, 0, 0.142, 0.084, 0.125, 0.046)).kept());
        // equal on both -> kept
        assertTrue(PhaseChoice.of(800, 1000, CROPS_NONE, CROPS_NONE.atStep(1000)).kept());
        // hubble-like: coarse to fine's SWD worse although its layout is better -> dropped
        assertFalse(PhaseChoice.of(800, 1000, CROPS_PATCH, LayoutChoice.of(1000, 4, 0, 0.086, 0.019, 0.100, 0.023)).kept());
        // lower SWD but a worse layout -> dropped
        assertFalse(PhaseChoice.of(800, 1000, CROPS_PATCH, LayoutChoice.of(1000, 4, 0, 0.060, 0.030, 0.100, 0.040)).kept());
        // the way not chosen does not count: the phase's network alone is worse, its coarse to fine better on both
        assertTrue(PhaseChoice.of(800, 1000, CROPS_PATCH, LayoutChoice.of(1000, 4, 0, 0.068, 0.020, 0.200, 0.300)).kept());
    }

    @Test
    void theKeptWeightsChoiceIsRecordedAtTheRunsStep() {
        PhaseChoice dropped = PhaseChoice.of(800, 1000, CROPS_PATCH, LayoutChoice.of(1000, 4, 0, 0.086, 0.019, 0.100, 0.023));
        assertFalse(dropped.kept());
        assertEquals(CROPS_PATCH.atStep(1000), dropped.layout());
        assertEquals(1000, dropped.layout().step());
        assertTrue(dropped.summary().contains("dropped") && dropped.summary().contains("steps 801-1000"), dropped.summary());
        LayoutChoice after = LayoutChoice.of(1000, 4, 0, 0.142, 0.084, 0.125, 0.046);
        assertEquals(after, PhaseChoice.of(800, 1000, CROPS_NONE, after).layout());
    }

    @Test
    void roundTripsThroughTheRunDirectoryForItsStepsOnly() throws IOException {
        RunDir dir = new RunDir(tmp);
        assertNull(dir.readPhaseChoice(800, 1000));
        PhaseChoice c = PhaseChoice.of(800, 1000, CROPS_NONE, CROPS_NONE.atStep(1000));
        dir.writePhaseChoice(c);
        assertEquals(c, dir.readPhaseChoice(800, 1000));
        assertEquals(c, dir.readPhaseChoice(1000));
        assertNull(dir.readPhaseChoice(600, 1000));
        assertNull(dir.readPhaseChoice(1200));
    }

    @Test
    void theFractionSetsWhereTheCropsEnd() {
        TrainConfig t = TrainConfig.builder().steps(1000).crop(96).wholeImageFraction(0.2).build();
        assertEquals(800, t.wholeImageFrom());
        assertTrue(t.hasWholeImagePhase());
        assertTrue(t.cropsAt(799));
        assertFalse(t.cropsAt(800));
        assertEquals(1200, t.withSteps(1500).wholeImageFrom(), "resumed to more steps: the last 20% again");
        assertEquals(8, t.batchAt(799), "the run's batch before the phase");
        assertEquals(8, t.batchAt(800), "no phase batch: the run's");
        TrainConfig six = t.toBuilder().wholeImageBatch(6).build();
        assertEquals(8, six.batchAt(799));
        assertEquals(6, six.batchAt(800));
        assertEquals(8, six.toBuilder().crop(0).build().batchAt(900), "no phase without crops");
        assertThrows(InvalidValue.class, () -> t.toBuilder().wholeImageBatch(-1).build());
        TrainConfig none = t.toBuilder().wholeImageFraction(0).build();
        assertEquals(1000, none.wholeImageFrom());
        assertFalse(none.hasWholeImagePhase());
        assertTrue(none.cropsAt(999));
        TrainConfig whole = t.toBuilder().crop(0).build();
        assertFalse(whole.hasWholeImagePhase(), "without crops every step is whole-image");
        assertFalse(whole.cropsAt(0));
        assertFalse(t.toBuilder().steps(2).build().hasWholeImagePhase(), "0.2 of 2 steps rounds to none");
        assertThrows(InvalidValue.class, () -> t.toBuilder().wholeImageFraction(1).build());
        assertThrows(InvalidValue.class, () -> t.toBuilder().wholeImageFraction(-0.1).build());
    }

    @Test
    void withoutThePhaseTheRunEndsWhereTheCropsEnd() {
        TrainConfig t = TrainConfig.builder().steps(1000).crop(96).wholeImageFraction(0.2).wholeImageBatch(6).seed(7).build();
        TrainConfig crops = t.withoutWholeImagePhase();
        assertEquals(800, crops.steps());
        assertFalse(crops.hasWholeImagePhase());
        assertTrue(crops.cropsAt(799));
        assertEquals(t.toBuilder().steps(800).wholeImageFraction(0).build(), crops, "nothing else changes");
        for (long n = 0; n < 800; n++) {
            assertEquals(t.learningRateAt(n), crops.learningRateAt(n)); // constant: the same first 800 steps
        }
    }

    @Test
    void onlyImagesWithAVerticalLayoutTryThePhase() {
        // the within-row shares of docs/layout.md: scenes that kept it, images that dropped it
        for (double scene : new double[] {0.13, 0.65, 0.79}) {
            assertTrue(PhaseChoice.worthTrying(scene), "scene " + scene);
        }
        for (double texture : new double[] {0.906, 0.98, 1.0}) {
            assertFalse(PhaseChoice.worthTrying(texture), "texture " + texture);
        }
    }
}
