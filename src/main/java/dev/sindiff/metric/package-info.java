/**
 * The measures of samples against their image, as pure functions on tensors: multi-scale patch
 * SWD ({@link dev.sindiff.metric.PatchSwd}), SinGAN's diversity ({@link
 * dev.sindiff.metric.Diversity}), the copy distance ({@link dev.sindiff.metric.CopyDistance}) and
 * the layout distance ({@link dev.sindiff.metric.LayoutDistance}), with the degraded copies that
 * calibrate them ({@link dev.sindiff.metric.Degradations}). They depend on nothing above the
 * tensor level, so the sampler can use them too (the copy guard of {@code sample}); the {@code eval}
 * package applies them to sample files and explains the numbers.
 */
package dev.sindiff.metric;
