package dev.sindiff.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/** Sinusoidal timestep embedding (Vaswani et al. 2017; guided-diffusion's timestep_embedding). */
public final class Timesteps {
    private Timesteps() {}

    /** Maximum period of the sinusoids. */
    public static final double MAX_PERIOD = 10000.0;

    /**
     * @param t (N) timesteps as floats
     * @param dim embedding width (even)
     * @return (N, dim): [cos(t·f_i), sin(t·f_i)] with f_i = exp(-ln(10000)·i/(dim/2))
     */
    public static NDArray sinusoidal(NDArray t, int dim) {
        int half = dim / 2;
        NDArray freqs = t.getManager().arange(half).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                .mul((float) (-Math.log(MAX_PERIOD) / half)).exp();
        NDArray args = t.reshape(-1, 1).mul(freqs.reshape(1, half));
        return NDArrays.concat(new NDList(args.cos(), args.sin()), 1);
    }
}
