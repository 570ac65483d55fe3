import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.sindiff.model.UNet;
import dev.sindiff.model.UNetConfig;
import dev.sindiff.train.Preset;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Compares the UNet's previous and new CPU paths inside one JVM, alternating between them step by
 * step, so that the machine's drift affects both alike (see scripts/bench-fused-ab.sh and
 * docs/performance.md). A step is the network's forward and backward pass with the ε-MSE loss on
 * a batch (what changed; the optimizer and EMA did not); an evaluation is one forward pass
 * without gradient. Switches model.FusedOps' flags by reflection: it is a benchmark, not an API.
 *
 * <p>Arguments: WHAT (fused: previous ops vs fused ops, each in its own memory order;
 * channels-last: fused ops in NCHW vs channels-last) PRESET HxW BATCH PAIRS. Prints one JSON line.
 */
public class BenchFusedAb {
    public static void main(String[] args) throws Exception {
        String what = args[0];
        UNetConfig config = Preset.valueOf(args[1].toUpperCase(Locale.ROOT).replace('-', '_')).network();
        String[] hw = args[2].toLowerCase().split("x");
        int h = Integer.parseInt(hw[0]), w = Integer.parseInt(hw[1]), batch = Integer.parseInt(args[3]);
        int pairs = Integer.parseInt(args[4]);
        Class<?> module = Class.forName("dev.sindiff.model.FusedOps$Module");
        Field enabled = module.getDeclaredField("enabled");
        Field channelsLast = module.getDeclaredField("cpuChannelsLast");
        enabled.setAccessible(true);
        channelsLast.setAccessible(true);
        boolean ruleChannelsLast = channelsLast.getBoolean(null);
        if (!enabled.getBoolean(null)) {
            throw new IllegalStateException("the fused ops did not load");
        }
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            JniUtils.setSeed(1);
            UNet net = new UNet(config);
            net.initialize(m);
            NDArray x = m.randomNormal(new Shape(batch, 3, h, w));
            NDArray t = m.arange(batch).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).mul(997f / batch);
            NDArray noise = m.randomNormal(new Shape(batch, 3, h, w));
            NDArray x1 = x.get("0:1");
            NDArray t1 = t.get("0:1");
            List<double[]> step = new ArrayList<>(); // {A, B}
            List<double[]> eval = new ArrayList<>();
            for (int i = 0; i < pairs + 1; i++) { // the first pair warms both paths up
                double[] s = new double[2];
                double[] e = new double[2];
                for (int k = 0; k < 2; k++) {
                    int side = i % 2 == 0 ? k : 1 - k; // A first in even pairs, B first in odd ones
                    set(what, side == 1, enabled, channelsLast, ruleChannelsLast);
                    s[side] = trainStep(net, x, t, noise);
                    e[side] = evaluation(net, x1, t1);
                }
                if (i > 0) {
                    step.add(s);
                    eval.add(e);
                }
            }
            System.out.printf(java.util.Locale.ROOT,
                    "{\"what\":\"%s\",\"a\":\"%s\",\"b\":\"%s\",\"preset\":\"%s\",\"height\":%d,\"width\":%d,\"batch\":%d,"
                            + "\"threads\":%d,\"pairs\":%d,\"step_a_s\":%.4f,\"step_b_s\":%.4f,\"step_ratio_b_over_a\":%.3f,"
                            + "\"eval_a_s\":%.4f,\"eval_b_s\":%.4f,\"eval_ratio_b_over_a\":%.3f}%n",
                    what, what.equals("fused") ? "previous ops" : "fused, NCHW",
                    what.equals("fused") ? "fused" + (ruleChannelsLast ? ", channels-last" : ", NCHW") : "fused, channels-last",
                    args[1], h, w, batch, JniUtils.getNumThreads(), pairs,
                    median(step, 0), median(step, 1), medianRatio(step), median(eval, 0), median(eval, 1), medianRatio(eval));
        }
    }

    /** Side A (false) or B (true) of the comparison. */
    private static void set(String what, boolean b, Field enabled, Field channelsLast, boolean rule) throws Exception {
        if (what.equals("fused")) {
            enabled.setBoolean(null, b);
            channelsLast.setBoolean(null, rule);
        } else if (what.equals("channels-last")) {
            enabled.setBoolean(null, true);
            channelsLast.setBoolean(null, b);
        } else {
            throw new IllegalArgumentException("WHAT must be fused or channels-last, got " + what);
        }
    }

    private static double trainStep(UNet net, NDArray x, NDArray t, NDArray noise) {
        JniUtils.setGradMode(true);
        long t0 = System.nanoTime();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = net.predict(x, t).sub(noise).square().mean();
                gc.backward(loss);
            }
            for (var p : net.parameterList()) { // CPU backward is synchronous: the gradients are there
                JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p.getArray());
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double evaluation(UNet net, NDArray x, NDArray t) {
        JniUtils.setGradMode(false);
        long t0 = System.nanoTime();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            net.predict(x, t).toFloatArray();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(List<double[]> v, int side) {
        List<Double> s = new ArrayList<>();
        v.forEach(p -> s.add(p[side]));
        Collections.sort(s);
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }

    private static double medianRatio(List<double[]> v) {
        List<double[]> r = new ArrayList<>();
        v.forEach(p -> r.add(new double[] {p[1] / p[0]}));
        return median(r, 0);
    }
}
