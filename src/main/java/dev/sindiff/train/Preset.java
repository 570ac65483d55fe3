package dev.sindiff.train;

import dev.sindiff.diffusion.DiffusionConfig;
import dev.sindiff.model.UNetConfig;
import dev.sindiff.run.TrainConfig;
import java.util.Locale;

/**
 * The named recipes of {@code sindiff train --preset}: four networks, each trained with
 * SinDiffusion's recipe, and {@code fast}, sindiff's recipe for a good model in minutes on a CPU.
 * Spelled in lower case with hyphens ({@link #toString()}), e.g. {@code small-shallow}.
 */
public enum Preset {
    /** SinDiffusion's network ({@link UNetConfig#sindiffusion()}, receptive field 101 px). */
    SINDIFFUSION,
    /** The same shape at half the width ({@link UNetConfig#small()}). */
    SMALL,
    /** Two levels at 32 channels ({@link UNetConfig#smallShallow()}, receptive field 45 px). */
    SMALL_SHALLOW,
    /** A very small network for tests and smoke runs ({@link UNetConfig#tiny()}). */
    TINY,
    /** {@link Recipe#fast()}: the small-shallow network with sindiff's fast recipe. */
    FAST;

    /** The network, diffusion and training options this preset names. */
    public Recipe recipe() {
        return switch (this) {
            case SINDIFFUSION -> sindiffusionRecipe(UNetConfig.sindiffusion());
            case SMALL -> sindiffusionRecipe(UNetConfig.small());
            case SMALL_SHALLOW -> sindiffusionRecipe(UNetConfig.smallShallow());
            case TINY -> sindiffusionRecipe(UNetConfig.tiny());
            case FAST -> Recipe.fast();
        };
    }

    /** The preset's network. */
    public UNetConfig network() {
        return recipe().model();
    }

    private Recipe sindiffusionRecipe(UNetConfig network) {
        return new Recipe(toString(), network, DiffusionConfig.sindiffusion(), TrainConfig.sindiffusion());
    }

    /** The name of the first preset whose network is {@code model}, or "custom". */
    public static String nameOf(UNetConfig model) {
        for (Preset p : values()) {
            if (p.network().equals(model)) {
                return p.toString();
            }
        }
        return "custom";
    }

    /** The name on the command line: {@code small-shallow} for {@link #SMALL_SHALLOW}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
