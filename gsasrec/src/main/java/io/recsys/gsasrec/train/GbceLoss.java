package io.recsys.gsasrec.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * Generalised binary cross-entropy (gSASRec, RecSys 2023). With k negatives sampled uniformly
 * from N − 1 items, α = k/(N−1) and β = α·(t·(1−1/α) + 1/α); the positive's probability is
 * raised to β, which in logit space is β·softplus(−s⁺). Averaged over the k+1 logits of every
 * position and then over real positions, in float64 as the reference does.
 */
public final class GbceLoss {

    private final double beta;
    private final boolean float64;

    /** As the reference computes it, in float64. */
    public GbceLoss(int negatives, int numItems, double t) {
        this(negatives, numItems, t, true);
    }

    /**
     * @param float64 false computes in float32: for training, where the [B, T, k] negative logits
     *     in float64 would cost twice the time for no useful precision
     */
    public GbceLoss(int negatives, int numItems, double t, boolean float64) {
        this.beta = beta(negatives, numItems, t);
        this.float64 = float64;
    }

    public static double beta(int negatives, int numItems, double t) {
        if (t < 0 || t > 1) {
            throw new IllegalArgumentException("calibration t must be in [0, 1], got " + t);
        }
        double alpha = negatives / (double) (numItems - 1);
        return alpha * (t * (1 - 1 / alpha) + 1 / alpha);
    }

    /**
     * Widens to float64 by type promotion against a float64 one, because DJL's {@code toType}
     * detaches from the autograd graph while a product keeps it.
     */
    private NDArray widen(NDArray x) {
        if (!float64 || x.getDataType() == DataType.FLOAT64) {
            return x;
        }
        return x.mul(x.getManager().ones(new Shape(1), DataType.FLOAT64));
    }

    public double beta() {
        return beta;
    }

    /**
     * @param positive [B, T] logits of the true next items
     * @param negatives [B, T, k] logits of the sampled negatives
     * @param mask [B, T], 1 where the position is a real input, 0 for padding
     * @return the scalar float64 loss
     */
    public NDArray loss(NDArray positive, NDArray negatives, NDArray mask) {
        long k = negatives.getShape().get(2);
        NDArray pos = Activation.softPlus(widen(positive).neg()).mul(beta);
        NDArray neg = Activation.softPlus(widen(negatives)).sum(new int[] {2});
        NDArray m = widen(mask);
        return pos.add(neg).div(k + 1).mul(m).sum().div(m.sum());
    }
}
