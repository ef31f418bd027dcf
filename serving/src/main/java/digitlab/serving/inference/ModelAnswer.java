package digitlab.serving.inference;

import java.util.List;

/** One model's answers for a batch, and how long ONNX Runtime took for it. */
public record ModelAnswer(String model, List<Prediction> predictions, double milliseconds) {}
