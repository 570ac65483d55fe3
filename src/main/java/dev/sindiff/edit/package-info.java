/**
 * The applications, each a choice of start, hooks and canvas for the one reverse-diffusion loop
 * ({@link dev.sindiff.sample.ReverseDiffusion}), never a loop of its own. {@link
 * dev.sindiff.edit.Edits} builds their {@linkplain dev.sindiff.sample.CanvasPlan plans}:
 *
 * <table>
 * <caption>Applications as plans</caption>
 * <tr><th>application</th><th>start</th><th>hooks</th><th>canvas</th></tr>
 * <tr><td>random variations</td><td>noise</td><td>none</td><td>any H×W</td></tr>
 * <tr><td>panorama, retargeting</td><td>noise (or a smaller stage, {@link dev.sindiff.sample.Relay})</td>
 *     <td>none</td><td>wide H×W, tiled when large</td></tr>
 * <tr><td>image-to-image, paint-to-image</td><td>input noised to strength s</td><td>none</td><td>input size</td></tr>
 * <tr><td>inpainting, outpainting</td><td>noise</td><td>keep the known region ({@link dev.sindiff.edit.KnownRegion})</td>
 *     <td>input grown by the margins</td></tr>
 * <tr><td>harmonization, editing</td><td>input noised to s</td><td>keep outside the mask</td><td>input size</td></tr>
 * <tr><td>super-resolution</td><td>upsampled input noised to s</td>
 *     <td>low-pass consistency with the input ({@link dev.sindiff.edit.LowPassConsistency})</td><td>×k</td></tr>
 * <tr><td>structure or text guidance</td><td>noise</td>
 *     <td>gradient of a score on x̂_0 ({@link dev.sindiff.guide.ScoreGuidance})</td><td>any</td></tr>
 * </table>
 *
 * <p>Inputs are (1, 3, H, W) tensors in [-1, 1]; masks ({@link dev.sindiff.edit.Masks}) are
 * (1, 1, H, W), 1 where the image may change.
 */
package dev.sindiff.edit;
