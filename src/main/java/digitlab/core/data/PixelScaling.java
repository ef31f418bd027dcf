package digitlab.core.data;

/** How raw 0..255 pixels become network inputs. */
public enum PixelScaling {
    /** Divided by 255, into [0, 1]: the model contract's input range. */
    UNIT(1f / 255f),
    /** Left as 0..255 floats, as the reference study's notebook did. */
    RAW(1f);

    private final float factor;

    PixelScaling(float factor) {
        this.factor = factor;
    }

    public float factor() {
        return factor;
    }
}
