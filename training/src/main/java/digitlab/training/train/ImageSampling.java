package digitlab.training.train;

import digitlab.core.model.ModelContract;

/** Reading a 28x28 image between its pixels, for the distortions that move or resize ink. */
final class ImageSampling {
    static final int SIDE = ModelContract.IMAGE_SIDE;

    private ImageSampling() {}

    /** Bilinear interpolation of {@code image} at {@code (x, y)} (pixel centres at integers), black outside it. */
    static float bilinear(float[] image, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        return (float) ((1 - fy) * ((1 - fx) * at(image, x0, y0) + fx * at(image, x0 + 1, y0))
                + fy * ((1 - fx) * at(image, x0, y0 + 1) + fx * at(image, x0 + 1, y0 + 1)));
    }

    private static float at(float[] image, int x, int y) {
        return x < 0 || y < 0 || x >= SIDE || y >= SIDE ? 0f : image[y * SIDE + x];
    }
}
