package dev.sindiff.diffusion;

import java.util.Locale;

/** How β_t grows with t. */
public enum ScheduleKind {
    /** Linear betas from 1e-4 to 0.02 scaled to T=1000 (Ho et al. 2020). */
    LINEAR,
    /** Squared-cosine ᾱ_t (Nichol and Dhariwal 2021, eq. 17). */
    COSINE;

    /** The name on the command line: {@code linear} or {@code cosine} (config.json keeps {@link #name()}). */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
