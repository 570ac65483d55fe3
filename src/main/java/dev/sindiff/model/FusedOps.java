package dev.sindiff.model;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libtorch ops that DJL's JNI does not expose, called through a parameterless TorchScript module
 * ({@code fused-ops.pt}, written by {@code scripts/make-fused-ops.py}); autograd records them
 * like any op. Results agree with the DJL-op versions to float rounding.
 *
 * <ul>
 *   <li>{@code group_norm} and {@code silu}: one kernel forward and one backward each, where the
 *       DJL-op versions (a 5-D layer norm, a per-channel affine, {@code x * sigmoid(x)}) take
 *       about six more passes over every large feature map per training step.
 *   <li>Channels-last memory order for the UNet's feature maps on CPUs with AVX-512, where
 *       oneDNN's NHWC convolutions (brgemm kernels) skip the reorders to and from its blocked
 *       layout that every NCHW convolution pays, forward and backward: about 10% off the
 *       sindiffusion training step and 15% off a denoiser evaluation there. With oneDNN
 *       limited to AVX2 the NHWC convolutions made the step 20-40% slower instead, so NCHW
 *       stays on CPUs without AVX-512 (scripts/bench-fused-ab.sh measures both).
 * </ul>
 *
 * <p>Used for arrays on the CPU; on a GPU the callers keep the DJL ops (not measured there yet).
 * System properties, for comparisons: {@code sindiff.fused_ops=false} turns the module off (the
 * callers then use DJL ops, as before); {@code sindiff.channels_last=true|false} overrides the
 * AVX-512 rule. The module is also off if it cannot be loaded (an engine without TorchScript).
 * See docs/performance.md, "Training step vs PyTorch".
 */
final class FusedOps {
    private static final Logger LOG = LoggerFactory.getLogger(FusedOps.class);
    private static final String RESOURCE = "fused-ops.pt";
    private static final boolean GRAPH_OPTIMIZER =
            Boolean.parseBoolean(System.getProperty("ai.djl.pytorch.graph_optimizer", "true"));

    private FusedOps() {}

    /** Loaded on first use and kept for the life of the JVM (a few KB, no tensors). */
    private static final class Module {
        static final NDManager MANAGER = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        static final PtSymbolBlock BLOCK = load();
        // An array named "module_method:NAME" selects the method to run; IValueUtils does not pass it on.
        static final NDArray FILM = methodSelector("gn_film_silu");
        static final NDArray CHANNELS_LAST = methodSelector("channels_last");
        static final NDArray CONTIGUOUS = methodSelector("contiguous");
        // Not final: a benchmark may flip them between steps to compare both ways in one process.
        static volatile boolean enabled = BLOCK != null;
        static volatile boolean cpuChannelsLast = BLOCK != null && channelsLastOnCpu();

        private static PtSymbolBlock load() {
            if (!Boolean.parseBoolean(System.getProperty("sindiff.fused_ops", "true"))) {
                return null;
            }
            try (InputStream in = FusedOps.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IOException(RESOURCE + " is not on the class path");
                }
                return JniUtils.loadModule((PtNDManager) MANAGER, in, false, false);
            } catch (IOException | EngineException | ClassCastException | IllegalArgumentException e) {
                LOG.debug("fused ops unavailable, using DJL ops: {}", e.toString());
                return null;
            }
        }

        private static NDArray methodSelector(String method) {
            NDArray selector = MANAGER.create(0f);
            selector.setName("module_method:" + method);
            return selector;
        }
    }

    /**
     * Whether the fused ops are used for {@code x}: the module loaded and {@code x} is on the CPU.
     * (On a GPU they should work as well, but have not been measured or tested there yet.)
     */
    static boolean available(NDArray x) {
        return Module.enabled && x.getDevice().getDeviceType().equals(Device.Type.CPU);
    }

    /** Whether the UNet should run its feature maps for {@code x} in channels-last order. */
    static boolean channelsLast(NDArray x) {
        return available(x) && Module.cpuChannelsLast;
    }

    /**
     * The CPU rule: property {@code sindiff.channels_last} if set, else whether the CPU has
     * AVX-512 (F, BW, VL, DQ: oneDNN's avx512_core) and oneDNN is not limited below it
     * ({@code ONEDNN_MAX_CPU_ISA} / {@code DNNL_MAX_CPU_ISA}).
     */
    static boolean channelsLastOnCpu() {
        String forced = System.getProperty("sindiff.channels_last", "auto").toLowerCase(Locale.ROOT);
        if (forced.equals("true") || forced.equals("false")) {
            return Boolean.parseBoolean(forced);
        }
        String limit = System.getenv("ONEDNN_MAX_CPU_ISA");
        limit = limit != null ? limit : System.getenv("DNNL_MAX_CPU_ISA");
        if (limit != null && !limit.isBlank()) {
            String l = limit.toUpperCase(Locale.ROOT);
            if (!(l.equals("ALL") || l.contains("AVX512") || l.contains("AVX10") || l.contains("AMX"))) {
                return false;
            }
        }
        return cpuFlags().containsAll(java.util.List.of("avx512f", "avx512bw", "avx512vl", "avx512dq"));
    }

    /** The first "flags" line of /proc/cpuinfo as a set (empty where there is none, e.g. macOS). */
    private static java.util.Set<String> cpuFlags() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("flags"))
                    .findFirst()
                    .map(l -> java.util.Set.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+")))
                    .orElse(java.util.Set.of());
        } catch (IOException | RuntimeException e) {
            return java.util.Set.of();
        }
    }

    /**
     * silu(GroupNorm(x) · γ + β).
     *
     * @param x (N, C, H, W)
     * @param gamma (C) scale
     * @param beta (C) shift
     */
    static NDArray groupNormSilu(NDArray x, NDArray gamma, NDArray beta, int groups) {
        long c = gamma.getShape().get(0);
        return run(new NDList(unnamed(x), view(gamma, x, groups, c / groups), view(beta, x, c)));
    }

    /**
     * silu(GroupNorm(x) · a + b) with a = (1 + scale) γ and b = (1 + scale) β + shift, which is
     * guided-diffusion's scale-shift norm (GroupNorm(x) · γ + β) · (1 + scale) + shift.
     *
     * @param x (N, C, H, W)
     * @param gamma (C) GroupNorm scale
     * @param beta (C) GroupNorm shift
     * @param scaleShift (N, 2C): the timestep's scale, then its shift
     */
    static NDArray groupNormFilmSilu(NDArray x, NDArray gamma, NDArray beta, NDArray scaleShift, int groups) {
        long c = gamma.getShape().get(0);
        return run(new NDList(unnamed(x), view(gamma, x, groups, c / groups), view(beta, x, c),
                unnamed(scaleShift), Module.FILM));
    }

    /** {@code x} in channels-last (NHWC) memory order: same shape, same values; ops keep the order. */
    static NDArray toChannelsLast(NDArray x) {
        return run(new NDList(unnamed(x), Module.CHANNELS_LAST));
    }

    /** {@code x} in the default (NCHW) memory order. */
    static NDArray toContiguous(NDArray x) {
        return run(new NDList(unnamed(x), Module.CONTIGUOUS));
    }

    /** An unnamed view of a parameter, attached to the activation's manager (not the model's). */
    private static NDArray view(NDArray parameter, NDArray x, long... shape) {
        NDArray v = parameter.reshape(shape);
        v.attach(x.getManager());
        return v;
    }

    /** IValueUtils turns named arrays into list/tuple/dict inputs: activations are passed unnamed. */
    private static NDArray unnamed(NDArray x) {
        return x.getName() == null ? x : x.reshape(x.getShape());
    }

    /** Runs the module; the result is attached to the first input's manager. */
    private static NDArray run(NDList inputs) {
        // The graph executor's optimizer (on by default, a thread-local flag in libtorch) would turn
        // the ops into a differentiable subgraph whose backward is TorchScript's symbolic formulas,
        // several unfused ops, and re-specialise it for every new input shape: it is off during the
        // call, so that autograd records aten::group_norm and aten::silu with their own backward
        // kernels, and set back to DJL's setting (ai.djl.pytorch.graph_optimizer) afterwards.
        JniUtils.setGraphExecutorOptimize(false);
        try {
            // isTrain = true: the JNI then runs the method under the thread's own grad mode (false
            // would force no-grad); the module has no dropout or batch norm, so its mode is moot.
            return IValueUtils.forward(Module.BLOCK, inputs, true).singletonOrThrow();
        } finally {
            JniUtils.setGraphExecutorOptimize(GRAPH_OPTIMIZER);
        }
    }
}
