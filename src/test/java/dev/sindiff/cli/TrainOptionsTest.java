package dev.sindiff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sindiff.InvalidValue;
import dev.sindiff.diffusion.DiffusionConfig;
import dev.sindiff.diffusion.ScheduleKind;
import dev.sindiff.model.UNetConfig;
import dev.sindiff.run.TrainConfig;
import dev.sindiff.train.Recipe;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The train command reports a library record's bad value under the flag that set it. */
class TrainOptionsTest {
    @Test
    void everyMappedValueNamesAnOptionOfTheCommand() {
        CommandLine.Model.CommandSpec spec = new CommandLine(new TrainCommand()).getCommandSpec();
        Flags.BY_QUANTITY.forEach((quantity, option) -> {
            if (quantity.contains(".")) { // the train records' components
                assertNotNull(spec.findOption(option), option);
            }
        });
    }

    @Test
    void everyCheckedComponentTheCommandSetsIsMapped() {
        Set<String> notOptions = Set.of("minScale", "maxScale", "seed", "lrSchedule"); // unchecked or not set by a flag
        for (RecordComponent c : TrainConfig.class.getRecordComponents()) {
            if (!notOptions.contains(c.getName())) {
                assertTrue(Flags.BY_QUANTITY.containsKey("TrainConfig." + c.getName()), c.getName());
            }
        }
        for (RecordComponent c : UNetConfig.class.getRecordComponents()) {
            assertTrue(Flags.BY_QUANTITY.containsKey("UNetConfig." + c.getName()), c.getName());
        }
        assertTrue(Flags.BY_QUANTITY.containsKey("DiffusionConfig.steps"));
    }

    @Test
    void libraryMessagesNameTheComponentAndTheCommandNamesTheFlag() {
        InvalidValue lr = assertThrows(InvalidValue.class, () -> TrainConfig.builder().learningRate(5).build());
        assertEquals("TrainConfig.learningRate must be in (0, 1), got 5.0", lr.getMessage());
        assertEquals("--lr must be in (0, 1), got 5.0", Flags.message(lr));
        InvalidValue t = assertThrows(InvalidValue.class, () -> new DiffusionConfig(ScheduleKind.LINEAR, 1));
        assertEquals("--diffusion-steps must be in [2, 100000], got 1", Flags.message(t));
        InvalidValue g = assertThrows(InvalidValue.class, () -> new UNetConfig(32, List.of(1, 2), 1, 5));
        assertEquals("UNetConfig.groups", g.quantity());
    }

    /** The help's "(default: D; fast: F)" are the recipes' own values, so they cannot go stale. */
    @Test
    void helpDefaultsAreTheRecipesValues() {
        TrainConfig sd = TrainConfig.sindiffusion();
        TrainConfig fast = Recipe.fast().training();
        Map<String, double[]> values = Map.ofEntries(
                Map.entry("--batch", new double[] {sd.batch(), fast.batch()}),
                Map.entry("--lr", new double[] {sd.learningRate(), fast.learningRate()}),
                Map.entry("--warmup", new double[] {sd.warmupSteps(), fast.warmupSteps()}),
                Map.entry("--ema", new double[] {sd.emaDecay(), fast.emaDecay()}),
                Map.entry("--max-size", new double[] {sd.maxSize(), fast.maxSize()}),
                Map.entry("--crop", new double[] {sd.crop(), fast.crop()}),
                Map.entry("--min-snr", new double[] {sd.minSnrGamma(), fast.minSnrGamma()}),
                Map.entry("--whole-image-fraction", new double[] {sd.wholeImageFraction(), fast.wholeImageFraction()}),
                Map.entry("--checkpoint-every", new double[] {sd.checkpointEvery(), fast.checkpointEvery()}),
                Map.entry("--preview-every", new double[] {sd.previewEvery(), fast.previewEvery()}),
                Map.entry("--whole-image-batch", new double[] {sd.wholeImageBatch(), fast.wholeImageBatch()}));
        CommandLine.Model.CommandSpec spec = new CommandLine(new TrainCommand()).getCommandSpec();
        Pattern p = Pattern.compile("default: ([^;)]+); fast: ([^;)]+)");
        values.forEach((option, expected) -> {
            String help = String.join(" ", spec.findOption(option).description());
            Matcher m = p.matcher(help);
            assertTrue(m.find(), option + ": " + help);
            for (int i = 0; i < 2; i++) {
                assertEquals(expected[i], Double.parseDouble(m.group(i + 1)), 1e-12, option + ": " + help);
            }
        });
    }
}
