package digitlab.training.model;

/**
 * Which random distortions a run's training images get, drawn afresh every time an image is fed.
 * The descriptions are what run.json and the ONNX metadata record, and how they are read back.
 */
public enum Augmentation {
    /** The images as they are. */
    NONE("none", ""),
    /** How handwriting and framing vary: a small rotation, scaling and shift (the MLP full-data model's). */
    SHAPE("each training image, each epoch: rotation up to 12 degrees, scale 0.9-1.1, shift up to 2 pixels", "-aug"),
    /**
     * {@link #SHAPE}, then what inputs from outside MNIST do: thicker or thinner strokes, an elastic
     * warp, a tight crop that fills the frame, a low-resolution scan enlarged again (the CNN's).
     */
    REAL_INPUTS(SHAPE.description + "; then, each with its own chance: strokes thickened or thinned (a 3x3 grey"
            + " dilation or an erosion by a cross, blended in at 50-100%, 30%), an elastic warp (displacements of alpha 34 smoothed by a Gaussian of"
            + " sigma 4, 30%), a tight crop of the ink filling 22-28 pixels (15%), a scan at 8-16 pixels a side"
            + " with 4-16 grey levels enlarged again (15%)", "-augreal");

    private final String description;
    private final String nameSuffix;

    Augmentation(String description, String nameSuffix) {
        this.description = description;
        this.nameSuffix = nameSuffix;
    }

    public String description() {
        return description;
    }

    /** What a run's name says of it: {@code -aug}, {@code -augreal}, or nothing. */
    public String nameSuffix() {
        return nameSuffix;
    }

    /** The augmentation a run.json records; any other non-"none" text (older run folders) is {@link #SHAPE}. */
    public static Augmentation ofDescription(Object recorded) {
        if (recorded == null) {
            return NONE;
        }
        for (Augmentation a : values()) {
            if (a.description.equals(recorded)) {
                return a;
            }
        }
        return SHAPE;
    }
}
