package digitlab.training.model;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** An image {@code [C, H, W]} as the vector {@code [C*H*W]}, row-major (as ONNX's Reshape and Flatten read it). */
public record Flatten() implements LayerSpec {
    @Override
    public long[] outputShape(long[] input) {
        long size = 1;
        for (long d : input) {
            size *= d;
        }
        return new long[] {size};
    }

    @Override
    public SDVariable apply(SameDiff sd, SDVariable h, long[] input, List<SDVariable> parameters) {
        return h.reshape(-1, outputShape(input)[0]);
    }

    @Override
    public int inputRank() {
        return 3;
    }

    @Override
    public String id() {
        return "flatten";
    }
}
