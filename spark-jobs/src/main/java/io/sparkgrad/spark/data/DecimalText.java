package io.sparkgrad.spark.data;

import java.nio.charset.StandardCharsets;

/**
 * Numbers read straight from bytes of text, with the results of {@link Double#parseDouble} and
 * {@link Integer#parseInt} bit for bit, exceptions included.
 *
 * <p>The common case — an optional sign, decimal digits with at most 15 significant ones, an
 * optional point and exponent, the value's power of ten within ±22 — is computed as one exactly
 * rounded multiplication or division of two exactly representable doubles (the digits, below
 * 2^53, and 10^k, exact up to 10^22), which is the correctly rounded value of the decimal: what
 * {@code Double.parseDouble} returns (Clinger's fast path). Anything else (more digits, larger
 * exponents, hexadecimal, {@code NaN}, {@code Infinity}, a type suffix, a malformed number) is
 * handed to {@code Double.parseDouble} itself.
 */
public final class DecimalText {
    private static final double[] POWERS = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22};
    /** Significant digits whose integer is below 2^53, so exactly a double. */
    private static final int EXACT_DIGITS = 15;

    private DecimalText() {}

    /** {@code Double.parseDouble} of the text in {@code b[from, to)} (UTF-8). */
    public static double parseDouble(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        long digits = 0;
        int significant = 0;
        int exponent = 0;
        boolean any = false;
        for (; i < to && isDigit(b[i]); i++) {
            any = true;
            int d = b[i] - '0';
            if (significant > 0 || d != 0) {
                if (++significant > EXACT_DIGITS) {
                    return slowDouble(b, from, to);
                }
                digits = digits * 10 + d;
            }
        }
        if (i < to && b[i] == '.') {
            for (i++; i < to && isDigit(b[i]); i++) {
                any = true;
                int d = b[i] - '0';
                exponent--;
                if (significant > 0 || d != 0) {
                    if (++significant > EXACT_DIGITS) {
                        return slowDouble(b, from, to);
                    }
                    digits = digits * 10 + d;
                }
            }
        }
        if (!any) {
            return slowDouble(b, from, to);
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < to && (b[i] == '-' || b[i] == '+')) {
                negativeExponent = b[i] == '-';
                i++;
            }
            int start = i;
            int e = 0;
            for (; i < to && isDigit(b[i]); i++) {
                if (i - start >= 4) {
                    return slowDouble(b, from, to);  // a huge exponent: over/underflow or long zeros, not ours
                }
                e = e * 10 + (b[i] - '0');
            }
            if (i == start) {
                return slowDouble(b, from, to);
            }
            exponent += negativeExponent ? -e : e;
        }
        if (i != to) {
            return slowDouble(b, from, to);
        }
        double v;
        if (digits == 0) {
            v = 0.0;
        } else if (exponent == 0) {
            v = digits;
        } else if (exponent > 0 && exponent < POWERS.length) {
            v = digits * POWERS[exponent];
        } else if (exponent < 0 && -exponent < POWERS.length) {
            v = digits / POWERS[-exponent];
        } else {
            return slowDouble(b, from, to);
        }
        return negative ? -v : v;
    }

    /** {@code Integer.parseInt} of the text in {@code b[from, to)} (UTF-8). */
    public static int parseInt(byte[] b, int from, int to) {
        int n = to - from;
        if (n < 1 || n > 9) {
            return slowInt(b, from, to);  // ten digits may overflow; empty or signed text: Integer's answer
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            if (!isDigit(b[i])) {
                return slowInt(b, from, to);
            }
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    /** The text in {@code b[from, to)} decoded as UTF-8, for messages and the slow paths. */
    public static String text(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static double slowDouble(byte[] b, int from, int to) {
        return Double.parseDouble(text(b, from, to));
    }

    private static int slowInt(byte[] b, int from, int to) {
        return Integer.parseInt(text(b, from, to));
    }
}
