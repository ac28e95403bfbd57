package io.sparkgrad.spark.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** How text and numbers appear in the report: escaped for HTML, numbers in four significant digits. */
final class HtmlText {
    private HtmlText() {}

    /**
     * Escapes {@code s} for element content and for attribute values in either quote style.
     * Control characters other than tab, newline and carriage return are not allowed in HTML;
     * they become U+FFFD so a stray byte in a config file cannot make the page invalid.
     */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    boolean control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
                    out.append(control ? '\uFFFD' : c);
                }
            }
        }
        return out.toString();
    }

    /**
     * A double in at most four significant digits without trailing zeros, like {@code %.4g}
     * but compact: {@code 1.0 → "1"}, {@code 0.123456 → "0.1235"}, {@code 123456 → "1.235e5"},
     * {@code 1.5e-7 → "1.5e-7"}; {@code NaN}, {@code ∞} and {@code −∞} for the non-finite.
     */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(4, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        double magnitude = Math.abs(rounded.doubleValue());
        // plain where %.4g prints plainly: from 1e-4 up to the first number needing a fifth digit
        if (magnitude >= 1e-4 && magnitude < 1e4) {
            return rounded.toPlainString();
        }
        int exponent = rounded.precision() - rounded.scale() - 1;
        BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
        return mantissa.toPlainString() + "e" + exponent;
    }

    /** Seconds as {@code "12.35 s"}, or an en dash when unknown. */
    static String seconds(double s) {
        return Double.isFinite(s) ? number(s) + " s" : "–";
    }

    /** A share in [0, 1] as a percentage with one decimal, {@code 0.2345 → "23.5%"}. */
    static String percent(double share) {
        if (!Double.isFinite(share)) {
            return "–";
        }
        return new BigDecimal(share * 100).setScale(1, RoundingMode.HALF_EVEN).toPlainString() + "%";
    }
}
