package digitlab.training.model;

import digitlab.core.cli.UsageException;
import java.util.List;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/**
 * A 2-D convolution of {@code filters} square {@code kernel x kernel} kernels, stride 1, zero
 * padding {@code (kernel-1)/2} on every side (an odd kernel keeps the image's size). Images are
 * NCHW, as ONNX's Conv takes them. The weight is {@code [kernel, kernel, channels, filters]},
 * SameDiff's default YXIO layout (the exporter transposes it to ONNX's OIHW): SameDiff M2.1's
 * conv2d_bp fails its validation with OIYX weights, though the forward op takes them. The bias is
 * {@code [filters]}.
 */
public record Conv2d(int filters, int kernel) implements LayerSpec {
    public Conv2d {
        if (filters <= 0 || kernel <= 0 || kernel % 2 == 0) {
            throw new UsageException("A convolution needs at least one filter and an odd kernel size, not "
                    + filters + " filters of " + kernel + "x" + kernel + ".");
        }
    }

    public int padding() {
        return (kernel - 1) / 2;
    }

    @Override
    public long[] outputShape(long[] input) {
        if (input.length != 3) {
            throw new IllegalArgumentException("A convolution takes an image, not a vector.");
        }
        return new long[] {filters, input[1] + 2L * padding() - kernel + 1, input[2] + 2L * padding() - kernel + 1};
    }

    @Override
    public List<INDArray> initialParameters(long[] input, Random rng) {
        int fanIn = (int) input[0] * kernel * kernel;
        return List.of(InitialWeights.uniform(rng, fanIn, kernel, kernel, input[0], filters),
                InitialWeights.uniform(rng, fanIn, filters));
    }

    @Override
    public int parameterCount() {
        return 2;
    }

    @Override
    public SDVariable apply(SameDiff sd, SDVariable h, long[] input, List<SDVariable> parameters) {
        Conv2DConfig config = Conv2DConfig.builder().kH(kernel).kW(kernel).sH(1).sW(1).pH(padding()).pW(padding())
                .dH(1).dW(1).paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW)
                .weightsFormat(WeightsFormat.YXIO).build();
        return sd.cnn().conv2d(h, parameters.get(0), parameters.get(1), config);
    }

    @Override
    public int inputRank() {
        return 3;
    }

    @Override
    public String id() {
        return "conv" + kernel + "x" + kernel + "x" + filters;
    }
}
