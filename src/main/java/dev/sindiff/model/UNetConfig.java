package dev.sindiff.model;

import dev.sindiff.InvalidValue;
import java.util.List;

/**
 * Architecture of the patch-wise UNet: every number that shapes the network.
 *
 * <p>Follows SinDiffusion's single-image configuration (guided-diffusion's UNetModel with no
 * attention and no middle block): each level has {@code resBlocks} ResBlocks in the encoder and
 * {@code resBlocks + 1} in the decoder, levels are joined by stride-2 3x3 conv downsamples and
 * nearest-x2 + 3x3 conv upsamples.
 *
 * @param baseChannels channels of the first level (and dimension of the sinusoidal embedding)
 * @param channelMult channel multiplier of each level; the number of levels sets the total stride
 * @param resBlocks ResBlocks per encoder level (the decoder has one more per level)
 * @param groups GroupNorm groups; must divide {@code baseChannels}
 * @throws InvalidValue naming the first component out of its range
 */
public record UNetConfig(int baseChannels, List<Integer> channelMult, int resBlocks, int groups) {

    /** Image channels in and out (RGB). */
    public static final int IMAGE_CHANNELS = 3;

    public UNetConfig {
        if (baseChannels < 1) {
            throw new InvalidValue(UNetConfig.class, "baseChannels", "must be >= 1, got " + baseChannels);
        }
        if (channelMult == null || channelMult.isEmpty() || channelMult.stream().anyMatch(m -> m == null || m < 1)) {
            throw new InvalidValue(UNetConfig.class, "channelMult",
                    "must be a non-empty list of positive integers, got " + channelMult);
        }
        channelMult = List.copyOf(channelMult);
        if (resBlocks < 1) {
            throw new InvalidValue(UNetConfig.class, "resBlocks", "must be >= 1, got " + resBlocks);
        }
        if (groups < 1 || baseChannels % groups != 0) {
            throw new InvalidValue(UNetConfig.class, "groups",
                    "must divide the base channels (" + baseChannels + "), got " + groups);
        }
    }

    /** SinDiffusion's public single-image configuration: 6,992,899 parameters. */
    public static UNetConfig sindiffusion() {
        return new UNetConfig(64, List.of(1, 2, 4), 1, 32);
    }

    /** Same shape at half the width (a quarter of the compute): a CPU-friendly default. */
    public static UNetConfig small() {
        return new UNetConfig(32, List.of(1, 2, 4), 1, 16);
    }

    /**
     * Two levels at 32 channels: receptive field 45 px, about a sixth of {@link #sindiffusion()}'s
     * compute per pixel. Suits images of about 128 px on a CPU (the field covers a third of them,
     * as SinDiffusion's 101 px covers 250 px).
     */
    public static UNetConfig smallShallow() {
        return new UNetConfig(32, List.of(1, 2), 1, 16);
    }

    /** A very small network for tests and smoke runs. */
    public static UNetConfig tiny() {
        return new UNetConfig(8, List.of(1, 2), 1, 4);
    }

    /** Number of resolution levels. */
    public int levels() {
        return channelMult.size();
    }

    /** Channels at a level. */
    public int channels(int level) {
        return baseChannels * channelMult.get(level);
    }

    /** Width of the timestep embedding after its MLP. */
    public int embeddingChannels() {
        return 4 * baseChannels;
    }

    /** Height and width of inputs must be multiples of this (the total stride). */
    public int sizeMultiple() {
        return 1 << (levels() - 1);
    }

    /** Receptive field in pixels (see {@link ReceptiveField}). */
    public int receptiveField() {
        return ReceptiveField.of(this);
    }
}
