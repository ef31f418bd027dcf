package digitlab.serving.inference;

/** One digit's answer: the most probable class and all ten probabilities. */
public record Prediction(int digit, float[] probabilities) {}
