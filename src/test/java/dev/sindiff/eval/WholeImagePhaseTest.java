package dev.sindiff.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.sindiff.TestImages;
import dev.sindiff.diffusion.DiffusionConfig;
import dev.sindiff.model.UNetConfig;
import dev.sindiff.run.Checkpoint;
import dev.sindiff.run.LayoutChoice;
import dev.sindiff.run.PhaseChoice;
import dev.sindiff.run.RunDir;
import dev.sindiff.run.TrainConfig;
import dev.sindiff.sample.TrainedModel;
import dev.sindiff.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WholeImagePhaseTest {
    @TempDir Path tmp;

    private RunDir trainWithPhase(String name) throws IOException {
        Path img = TestImages.writePattern(tmp, name + ".png", 48, 32);
        TrainConfig tc = TrainConfig.builder().steps(8).batch(2).learningRate(2e-3).emaDecay(0.9).maxSize(48)
                .checkpointEvery(100).previewEvery(0).crop(UNetConfig.tiny().receptiveField() + 1)
                .wholeImageFraction(0.25).build();
        RunDir run = new RunDir(tmp.resolve(name));
        try (Trainer t = Trainer.start(img, run, UNetConfig.tiny(), DiffusionConfig.sindiffusion(), tc, Device.cpu())) {
            t.run(new Trainer.Listener() {});
        }
        assertEquals(6, Checkpoint.readHeader(run.cropCheckpoint()).step());
        return run;
    }

    /** Measures both weights and applies the rule: the kept weights and their layout choice, at the run's step. */
    @Test
    void measuresBothWeightsAndKeepsThePhaseByTheRule() throws IOException {
        RunDir run = trainWithPhase("measured");
        byte[] crops = Files.readAllBytes(run.cropCheckpoint());
        byte[] after = Files.readAllBytes(run.checkpoint());
        PhaseChoice c = WholeImagePhase.decide(run.dir(), Device.cpu());
        assertEquals(c, run.readPhaseChoice(6, 8));
        assertEquals(LayoutChooser.SAMPLES, c.crops().samples());
        assertEquals(6, c.crops().step());
        assertEquals(8, c.wholeImage().step());
        assertEquals(PhaseChoice.of(6, 8, c.crops(), c.wholeImage()).kept(), c.kept());
        assertEquals(c.layout(), run.readLayoutChoice(8));
        assertFalse(Files.exists(run.cropCheckpoint()));
        byte[] now = Files.readAllBytes(run.checkpoint());
        assertEquals(8, Checkpoint.readHeader(run.checkpoint()).step());
        assertArrayEquals(body(c.kept() ? after : crops), body(now));
        assertNull(WholeImagePhase.decide(run.dir(), Device.cpu()), "decided once");
    }

    /**
     * A dropped phase (here the choice recorded by a decision killed before it replaced the
     * weights) leaves the run with the weights, EMA and optimizer state from before it, at its last step.
     */
    @Test
    void aDroppedPhaseRestoresTheCropWeightsAtTheRunsStep() throws IOException {
        RunDir run = trainWithPhase("dropped");
        byte[] crops = Files.readAllBytes(run.cropCheckpoint());
        LayoutChoice good = LayoutChoice.of(6, 4, 0, 0.10, 0.05, 0.20, 0.30);
        LayoutChoice worse = LayoutChoice.of(8, 4, 0, 0.12, 0.05, 0.20, 0.30);
        PhaseChoice recorded = PhaseChoice.of(6, 8, good, worse);
        assertFalse(recorded.kept());
        run.writePhaseChoice(recorded);
        assertEquals(recorded, WholeImagePhase.decide(run.dir(), Device.cpu()));
        assertEquals(8, Checkpoint.readHeader(run.checkpoint()).step());
        assertArrayEquals(body(crops), body(Files.readAllBytes(run.checkpoint())));
        assertFalse(Files.exists(run.cropCheckpoint()));
        assertEquals(good.atStep(8), run.readLayoutChoice(8));
        try (TrainedModel m = TrainedModel.load(run.dir(), Device.cpu(), true)) {
            assertEquals(8, m.step());
            assertEquals(dev.sindiff.sample.CoarseToFine.DEFAULT, m.defaultCoarse());
        }
        // the run stays resumable: more steps train on from the crop weights
        try (Trainer t = Trainer.resume(run, 12, Device.cpu())) {
            assertEquals(8, t.step());
            t.run(new Trainer.Listener() {});
            assertEquals(12, t.step());
        }
        assertEquals(9, Checkpoint.readHeader(run.cropCheckpoint()).step(), "the last 25% of 12 steps");
    }

    /** Everything after the header's step: the weights, EMA and optimizer state. */
    private static byte[] body(byte[] checkpoint) {
        return Arrays.copyOfRange(checkpoint, 20, checkpoint.length);
    }
}
