package digitlab.serving.inference;

import java.util.List;

/**
 * One model's answers for a batch, and how long ONNX Runtime took for it; or, when the model failed
 * to run, why (then there are no predictions).
 */
public record ModelAnswer(String model, List<Prediction> predictions, double milliseconds, String error) {
    public ModelAnswer(String model, List<Prediction> predictions, double milliseconds) {
        this(model, predictions, milliseconds, null);
    }

    public static ModelAnswer failed(InferenceFailedException e) {
        return new ModelAnswer(e.model(), List.of(), 0, e.getMessage());
    }

    public boolean failed() {
        return error != null;
    }
}
