package dev.sindiff.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.sindiff.run.OptimizerState;
import dev.sindiff.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter 2019) with moments we own, so that they can be saved and a resumed
 * run continues exactly (DJL's Adam keeps them private). Same update as PyTorch's AdamW:
 * w ← w(1 - lr·wd); m ← β1 m + (1-β1) g; v ← β2 v + (1-β2) g²;
 * w ← w - lr/(1-β1^n) · m / (√v/√(1-β2^n) + ε).
 */
public final class AdamW implements OptimizerState {
    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPS = 1e-8;

    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private final double weightDecay;
    private long updates;

    /** Zero moments shaped like {@code weights}, on {@code manager}. */
    public AdamW(NDManager manager, List<NDArray> weights, double weightDecay) {
        for (NDArray w : weights) {
            m.add(manager.zeros(w.getShape()));
            v.add(manager.zeros(w.getShape()));
        }
        this.weightDecay = weightDecay;
    }

    /** Applies one update in place. {@code gradScale} multiplies every gradient (for clipping). */
    public void update(List<NDArray> weights, List<NDArray> grads, double lr, double gradScale) {
        updates++;
        double bc1 = 1 - Math.pow(BETA1, updates);
        double bc2 = 1 - Math.pow(BETA2, updates);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (int i = 0; i < weights.size(); i++) {
                NDArray w = weights.get(i);
                NDArray g = gradScale == 1.0 ? grads.get(i) : grads.get(i).mul((float) gradScale);
                if (weightDecay != 0) {
                    w.muli((float) (1 - lr * weightDecay));
                }
                m.get(i).muli((float) BETA1).addi(g.mul((float) (1 - BETA1)));
                v.get(i).muli((float) BETA2).addi(g.square().muli((float) (1 - BETA2)));
                NDArray denom = v.get(i).sqrt().divi((float) Math.sqrt(bc2)).addi((float) EPS);
                w.subi(m.get(i).div(denom).muli((float) (lr / bc1)));
            }
        }
    }

    public List<NDArray> firstMoments() {
        return m;
    }

    public List<NDArray> secondMoments() {
        return v;
    }

    /** Updates applied so far (n in the bias corrections). */
    public long updates() {
        return updates;
    }

    /** Restores state saved by a checkpoint. */
    public void restore(List<NDArray> first, List<NDArray> second, long updateCount) {
        Tensors.assignAll(m, first);
        Tensors.assignAll(v, second);
        this.updates = updateCount;
    }
}
