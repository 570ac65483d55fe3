/**
 * Watching a training run: {@link dev.sindiff.monitor.RunPictures} listens to a
 * {@link dev.sindiff.train.Trainer} and draws the run's loss chart and preview grids (with the
 * samplers of {@code sample}), so that training itself never samples.
 */
package dev.sindiff.monitor;
