/**
 * Generic operations on (N, C, H, W) tensors that every other package may use: in-place
 * assignment, padding, separable filtering. Nothing here knows about diffusion, training or images
 * as files.
 */
package dev.sindiff.tensor;
