package digitlab.serving.image;

/**
 * Grey dilation and erosion over a disc, on a row-major plane of values in [0, 1]: the one spelling
 * that preprocessing ({@link Gray}) and the generated scan sets (thick and thin strokes) share.
 */
public final class DiscMorphology {
    private DiscMorphology() {}

    /** The strongest ink (dilate) or the faintest (erode) within {@code radius}; outside the plane counts as 0. */
    public static float[] apply(int width, int height, float[] v, int radius, boolean dilate) {
        float[] out = new float[v.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float best = dilate ? 0f : 1f;
                for (int dy = -radius; dy <= radius; dy++) {
                    for (int dx = -radius; dx <= radius; dx++) {
                        if (dx * dx + dy * dy > radius * radius + radius) {
                            continue;
                        }
                        int xx = x + dx;
                        int yy = y + dy;
                        float s = xx >= 0 && xx < width && yy >= 0 && yy < height ? v[yy * width + xx] : 0f;
                        best = dilate ? Math.max(best, s) : Math.min(best, s);
                    }
                }
                out[y * width + x] = best;
            }
        }
        return out;
    }
}
