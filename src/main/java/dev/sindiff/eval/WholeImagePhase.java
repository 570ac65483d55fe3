package dev.sindiff.eval;

import ai.djl.Device;
import dev.sindiff.run.Checkpoint;
import dev.sindiff.run.LayoutChoice;
import dev.sindiff.run.PhaseChoice;
import dev.sindiff.run.RunDir;
import dev.sindiff.sample.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decides, once a run with a whole-image phase ({@link dev.sindiff.run.TrainConfig#wholeImageFraction})
 * has finished, whether it keeps the phase: the weights after the crop steps
 * ({@link RunDir#cropCheckpoint}) and after the phase are each measured by {@link LayoutChooser}
 * (the same samples and seed), and {@link PhaseChoice#of} keeps the phase only where its samples
 * are at least as good on patch SWD and layout. Scenes whose objects the crops never show whole
 * gain from it; textures lose (docs/layout.md, "The whole-image phase").
 *
 * <p>A dropped phase leaves the run with the weights, EMA and optimizer state from before it,
 * recorded at the run's last step. The choice is written before the weights are replaced, so a
 * run killed in between finishes the same choice on {@code train --resume}.
 */
public final class WholeImagePhase {
    private WholeImagePhase() {}

    /**
     * Measures and applies the choice for the finished run in {@code runDir}: writes
     * {@code whole-image-phase.json} and {@code layout.json}, replaces the checkpoint's weights if
     * the phase is dropped, and deletes {@code checkpoint-crops.bin}.
     *
     * @return the choice, or null when the run has no crop checkpoint to compare with (no phase,
     *     or one already decided): then only the layout is left to choose
     * @throws dev.sindiff.UserError if {@code runDir} is not a readable run
     * @throws IOException if the run's files cannot be written
     */
    public static PhaseChoice decide(Path runDir, Device device) throws IOException {
        RunDir run = RunDir.open(runDir);
        if (!Files.isRegularFile(run.cropCheckpoint())) {
            return null;
        }
        long step = Checkpoint.readHeader(run.checkpoint()).step();
        long from = Checkpoint.readHeader(run.cropCheckpoint()).step();
        if (from >= step) { // not trained past it: nothing to compare
            Files.delete(run.cropCheckpoint());
            return null;
        }
        PhaseChoice choice = run.readPhaseChoice(from, step); // recorded by a decision that was interrupted
        if (choice == null) {
            choice = PhaseChoice.of(from, step, measure(run, run.cropCheckpoint(), device), measure(run, run.checkpoint(), device));
            run.writePhaseChoice(choice);
        }
        if (!choice.kept()) {
            Checkpoint.copyAtStep(run.cropCheckpoint(), run.checkpoint(), step);
        }
        run.writeLayoutChoice(choice.layout());
        Files.delete(run.cropCheckpoint());
        return choice;
    }

    private static LayoutChoice measure(RunDir run, Path checkpoint, Device device) {
        try (TrainedModel model = TrainedModel.load(run, checkpoint, device, true)) {
            return LayoutChooser.measure(model);
        }
    }
}
