package digitlab.serving.photos;

import java.awt.Color;
import java.util.Random;

/**
 * How one generated photo looks, drawn at random from ranges a phone photo of a handwritten digit
 * falls in. Every field is drawn here, in a fixed order, so a seed fixes the whole picture.
 *
 * @param digitHeight the height in pixels of MNIST's 20x20 digit box on the page
 * @param angleDegrees the digit's tilt; the page and its rules stay level
 * @param lightDrop how much darker the far side of the page is than the near side (0..1)
 * @param shadowDepth 0 for no shadow, else how much light a shadow's half-plane loses
 * @param specks small dark dots of dirt or pen on the page
 */
public record PhotoStyle(Color paper, Ruling ruling, int ruleSpacing, Color ruleColour, Color ink, double digitHeight,
        double angleDegrees, double centreX, double centreY, double lightAngle, double lightDrop, double shadowDepth,
        double shadowAngle, double shadowOffset, double shadowSoftness, double blurSigma, double noiseSigma,
        int specks, float jpegQuality) {

    /** The paper's printed lines. */
    public enum Ruling { PLAIN, LINED, SQUARED }

    public static final double MAX_TILT_DEGREES = 15;

    static PhotoStyle draw(Random r, int width, int height) {
        Color paper = paper(r);
        Ruling ruling = Ruling.values()[r.nextInt(3)];
        int ruleSpacing = ruling == Ruling.SQUARED ? 16 + r.nextInt(12) : 24 + r.nextInt(14);
        Color ruleColour = rgb(140 + r.nextInt(40), 175 + r.nextInt(40), 215 + r.nextInt(30));
        Color ink = ink(r);
        double digitHeight = height * (0.22 + 0.38 * r.nextDouble());
        double angle = (2 * r.nextDouble() - 1) * MAX_TILT_DEGREES;
        // The 28x28 MNIST frame, scaled and tilted, stays on the page.
        double margin = digitHeight / 20 * 14 * 1.05;
        double centreX = margin + r.nextDouble() * (width - 2 * margin);
        double centreY = margin + r.nextDouble() * (height - 2 * margin);
        double lightAngle = r.nextDouble() * 2 * Math.PI;
        double lightDrop = 0.05 + 0.45 * r.nextDouble();
        boolean shadow = r.nextDouble() < 0.4;
        double shadowDepth = shadow ? 0.15 + 0.3 * r.nextDouble() : 0;
        double shadowAngle = r.nextDouble() * 2 * Math.PI;
        double shadowOffset = (r.nextDouble() - 0.5) * Math.min(width, height) * 0.8;
        double shadowSoftness = 2 + 20 * r.nextDouble();
        double blurSigma = 0.3 + 1.2 * r.nextDouble();
        double noiseSigma = 2 + 7 * r.nextDouble();
        int specks = r.nextDouble() < 0.4 ? 1 + r.nextInt(4) : 0;
        float jpegQuality = 0.5f + 0.4f * r.nextFloat();
        return new PhotoStyle(paper, ruling, ruleSpacing, ruleColour, ink, digitHeight, angle, centreX, centreY,
                lightAngle, lightDrop, shadowDepth, shadowAngle, shadowOffset, shadowSoftness, blurSigma, noiseSigma,
                specks, jpegQuality);
    }

    /** The same photo with the digit {@code factor} times its height, at the same place. */
    PhotoStyle withDigitScaled(double factor) {
        return new PhotoStyle(paper, ruling, ruleSpacing, ruleColour, ink, digitHeight * factor, angleDegrees, centreX,
                centreY, lightAngle, lightDrop, shadowDepth, shadowAngle, shadowOffset, shadowSoftness, blurSigma,
                noiseSigma, specks, jpegQuality);
    }

    /** White, grey, or tinted (cream, blue, pink, green) paper. */
    private static Color paper(Random r) {
        int kind = r.nextInt(4);
        int base = 200 + r.nextInt(56);
        return switch (kind) {
            case 0 -> rgb(base, base, base);
            case 1 -> {
                int grey = 150 + r.nextInt(70);
                yield rgb(grey, grey, grey);
            }
            default -> rgb(base - r.nextInt(40), base - r.nextInt(40), base - r.nextInt(40));
        };
    }

    /** Black or grey (pencil) most of the time, else a blue or red pen. */
    private static Color ink(Random r) {
        double kind = r.nextDouble();
        if (kind < 0.45) {
            int k = r.nextInt(50);
            return rgb(k, k, k);
        }
        if (kind < 0.6) {
            int k = 70 + r.nextInt(50);
            return rgb(k, k, k + 5);
        }
        if (kind < 0.85) {
            return rgb(10 + r.nextInt(40), 30 + r.nextInt(60), 120 + r.nextInt(100));
        }
        return rgb(150 + r.nextInt(80), 10 + r.nextInt(40), 20 + r.nextInt(40));
    }

    private static Color rgb(int red, int green, int blue) {
        return new Color(clamp(red), clamp(green), clamp(blue));
    }

    /** A colour channel kept within 0..255. */
    static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
