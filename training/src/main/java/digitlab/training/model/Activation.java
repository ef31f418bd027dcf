package digitlab.training.model;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** A nonlinearity applied elementwise: the hidden layers' output, where dropout masks (when a run uses it). */
public record Activation(ActivationKind kind) implements LayerSpec {
    @Override
    public long[] outputShape(long[] input) {
        return input.clone();
    }

    @Override
    public SDVariable apply(SameDiff sd, SDVariable h, long[] input, List<SDVariable> parameters) {
        return kind.apply(sd, h);
    }

    @Override
    public int inputRank() {
        return 0;
    }

    @Override
    public boolean droppable() {
        return true;
    }

    @Override
    public String id() {
        return kind.id();
    }
}
