package digitlab.training.model;

import digitlab.core.cli.UsageException;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/** The maximum over each {@code size x size} window, stride {@code size}, no padding (a size that does not divide the image drops the edge). */
public record MaxPool2d(int size) implements LayerSpec {
    public MaxPool2d {
        if (size < 2) {
            throw new UsageException("A max pooling window is at least 2 pixels wide, not " + size + ".");
        }
    }

    @Override
    public long[] outputShape(long[] input) {
        if (input.length != 3 || input[1] < size || input[2] < size) {
            throw new UsageException("A max pooling of " + size + "x" + size + " needs an image at least that large.");
        }
        return new long[] {input[0], input[1] / size, input[2] / size};
    }

    @Override
    public SDVariable apply(SameDiff sd, SDVariable h, long[] input, List<SDVariable> parameters) {
        return sd.cnn().maxPooling2d(h, Pooling2DConfig.builder().kH(size).kW(size).sH(size).sW(size).pH(0).pW(0)
                .dH(1).dW(1).type(Pooling2D.Pooling2DType.MAX).paddingMode(PaddingMode.VALID).isNHWC(false).build());
    }

    @Override
    public int inputRank() {
        return 3;
    }

    @Override
    public String id() {
        return "pool" + size;
    }
}
