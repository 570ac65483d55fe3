package dev.sindiff.guide;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import dev.sindiff.UserError;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link Score} computed by a user-supplied TorchScript module, differentiable with respect to
 * the image: call {@link #of} inside an open {@code GradientCollector} and backward through it.
 *
 * <p>The module takes one float tensor (N, 3, H, W) in [-1, 1] and returns one value per image,
 * lower is better: shape (N) or (N, 1), or a scalar when N is 1. It runs in eval mode (dropout off,
 * batch-norm statistics fixed) and its parameters are frozen, so only the input collects gradient.
 * Autograd follows the calling thread's grad mode (thread-local in libtorch): a collector switches
 * it on; the engine's thread has it off otherwise, and any other thread that only wants values
 * should call {@code JniUtils.setGradMode(false)} first, as sampling does.
 *
 * <p>A CLIP scorer, for instance, is written in Python and saved with {@code torch.jit.save}:
 *
 * <pre>{@code
 * class ClipScore(torch.nn.Module):
 *     def __init__(self, image_encoder, text_embedding):   # e.g. open_clip's model.visual and
 *         super().__init__()                               # model.encode_text(tokens), normalised
 *         self.encoder = image_encoder
 *         self.register_buffer("text", text_embedding)      # (D)
 *         self.register_buffer("mean", torch.tensor([0.4815, 0.4578, 0.4082]).view(1, 3, 1, 1))
 *         self.register_buffer("std", torch.tensor([0.2686, 0.2613, 0.2758]).view(1, 3, 1, 1))
 *     def forward(self, x):                                # x: (N, 3, H, W) in [-1, 1]
 *         x = F.interpolate((x + 1) / 2, size=(224, 224), mode="bilinear", align_corners=False)
 *         e = self.encoder((x - self.mean) / self.std)
 *         return -F.cosine_similarity(e, self.text[None], dim=1)   # (N), lower is better
 * torch.jit.save(torch.jit.trace(ClipScore(enc, txt).eval(), torch.zeros(1, 3, 224, 224)), "clip.pt")
 * }</pre>
 *
 * <p>Loading a TorchScript file runs only TorchScript code (no pickled Python), but the file still
 * decides what is computed: load scorers you trust.
 */
public final class TorchScriptScore implements Score, AutoCloseable {
    private static final String ACCEPTED = "a TorchScript file saved with torch.jit.save";

    private final Path file;
    private final NDManager manager;
    private final PtSymbolBlock module;

    private TorchScriptScore(Path file, NDManager manager, PtSymbolBlock module) {
        this.file = file;
        this.manager = manager;
        this.module = module;
    }

    /**
     * Loads a TorchScript module onto {@code device}, in eval mode with its parameters frozen.
     *
     * @throws UserError if the file is missing, unreadable or not a TorchScript archive
     */
    public static TorchScriptScore load(Path file, Device device) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new UserError("scorer " + file + " is not a readable file; expected " + ACCEPTED);
        }
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        try {
            // trainParam = true: with false (what Model.load does by default) the module's tensors are
            // loaded as inference tensors, and any backward through them fails with "Inference
            // tensors cannot be saved for backward", frozen or not.
            PtSymbolBlock module = JniUtils.loadModule((PtNDManager) manager, file, true, new String[0], new String[0], true);
            JniUtils.enableInferenceMode(module); // module.eval(): dropout off, batch-norm statistics fixed
            module.freezeParameters(true); // requires_grad = false on every parameter
            return new TorchScriptScore(file, manager, module);
        } catch (EngineException e) {
            manager.close();
            throw new UserError("scorer " + file + " could not be loaded as " + ACCEPTED + " (" + lastLine(e) + ")", e);
        }
    }

    /**
     * Runs the module on {@code x0}; recorded by autograd when grad mode is on (inside a collector).
     *
     * @return one value per image, shape (N), attached to {@code x0}'s manager
     * @throws UserError if the module does not return one value per image
     */
    @Override
    public NDArray of(NDArray x0) {
        // IValueUtils maps NDArray names onto TorchScript list/tuple/dict inputs: pass an unnamed view.
        NDArray in = x0.getName() == null ? x0 : x0.reshape(x0.getShape());
        // isTrain = true lets autograd through: with false (PtSymbolBlock.forward(IValue...),
        // IValueUtils.runMethod, a block forward with training = false) the JNI runs the module under
        // a no-grad guard whatever the thread's grad mode. It only selects the guard: the module stays
        // in eval mode, set at load, since this bypasses PtSymbolBlock.forwardInternal's train() switch.
        NDList out;
        try {
            out = IValueUtils.forward(module, new NDList(in), true);
        } catch (EngineException | UnsupportedOperationException e) {
            throw new UserError("scorer " + file + " failed on images of shape " + x0.getShape() + ": " + lastLine(e), e);
        }
        if (out.size() != 1) {
            String got = out.size() + " outputs";
            out.close();
            throw new UserError("scorer " + file + " must return one tensor with one value per image"
                    + " (shape (N) or (N, 1)), got " + got);
        }
        return perImage(out.singletonOrThrow(), x0.getShape().get(0), file);
    }

    /**
     * Runs the module once on a blank height × width image, so that a module that does not take
     * such images, or does not return one value per image, fails before sampling does.
     *
     * @param manager where the probe's tensors are made (and freed before returning)
     * @throws UserError as {@link #of}
     */
    public void probe(NDManager manager, int height, int width) {
        try (NDManager m = manager.newSubManager()) {
            of(m.zeros(new Shape(1, 3, height, width)));
        }
    }

    /** Reshapes a module output to (N), accepting (N), (N, 1), and () or (1) when N is 1. */
    static NDArray perImage(NDArray out, long n, Path file) {
        Shape s = out.getShape();
        boolean ok = (s.dimension() == 1 && s.get(0) == n)
                || (s.dimension() == 2 && s.get(0) == n && s.get(1) == 1)
                || (n == 1 && s.dimension() == 0);
        if (!ok) {
            out.close();
            throw new UserError("scorer " + file + " must return one value per image (shape (N) or (N, 1)), got "
                    + s + " for a batch of " + n);
        }
        return s.dimension() == 1 ? out : out.reshape(n);
    }

    /** The last non-blank line of a libtorch error: the RuntimeError itself, after TorchScript's traceback. */
    private static String lastLine(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse(m).strip();
    }

    /** The module's parameters (for tests: they must stay frozen). */
    NDList parameters() {
        NDList list = new NDList();
        module.getParameters().values().forEach(p -> list.add(p.getArray()));
        return list;
    }

    @Override
    public void close() {
        manager.close(); // also deletes the module, which is attached to it
    }
}
