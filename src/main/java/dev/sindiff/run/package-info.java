/**
 * The run directory: the format that training writes and sampling reads. {@link dev.sindiff.run.RunDir}
 * names the files, {@link dev.sindiff.run.RunConfig} is {@code config.json} (network, diffusion,
 * training options and source image), {@link dev.sindiff.run.Checkpoint} the weights, EMA and
 * optimizer state, {@link dev.sindiff.run.LossLog} {@code loss.csv}. Depends on no package that
 * trains or samples.
 */
package dev.sindiff.run;
