package io.sparkgrad.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTextTest {
    @Test
    void escapesMarkupAmpersandsAndBothQuotes() {
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;", HtmlText.escape("a <b> & \"c\" 'd'"));
        assertEquals("&amp;amp;", HtmlText.escape("&amp;"), "an entity in the text is text, escaped again");
    }

    @Test
    void keepsNewlinesAndTabsButReplacesOtherControlCharacters() {
        assertEquals("a\tb\nc\r\n\uFFFD\uFFFDd", HtmlText.escape("a\tb\nc\r\n\u0000\u001bd"));
        assertEquals("π ≥ ∞ 😀", HtmlText.escape("π ≥ ∞ 😀"), "non-ASCII text passes through (the page is UTF-8)");
    }

    @Test
    void numbersHaveFourSignificantDigitsAndNoTrailingZeros() {
        assertEquals("1", HtmlText.number(1.0));
        assertEquals("0", HtmlText.number(0.0));
        assertEquals("0", HtmlText.number(-0.0));
        assertEquals("0.1235", HtmlText.number(0.123456));
        assertEquals("-2.5", HtmlText.number(-2.5));
        assertEquals("9999", HtmlText.number(9999));
        assertEquals("1e4", HtmlText.number(9999.7), "rounds up into the next decade");
        assertEquals("1.235e5", HtmlText.number(123456));
        assertEquals("0.0001", HtmlText.number(1e-4));
        assertEquals("1.5e-7", HtmlText.number(1.5e-7));
        assertEquals("-3.142e-12", HtmlText.number(-Math.PI * 1e-12));
        assertEquals("1e300", HtmlText.number(1e300));
    }

    @Test
    void nonFiniteNumbersAreNamed() {
        assertEquals("NaN", HtmlText.number(Double.NaN));
        assertEquals("∞", HtmlText.number(Double.POSITIVE_INFINITY));
        assertEquals("−∞", HtmlText.number(Double.NEGATIVE_INFINITY));
        assertEquals("–", HtmlText.seconds(Double.NaN));
        assertEquals("12.35 s", HtmlText.seconds(12.345678));
    }

    @Test
    void percentagesHaveOneDecimal() {
        assertEquals("13.3%", HtmlText.percent(2.0 / 15));
        assertEquals("100.0%", HtmlText.percent(1));
        assertEquals("0.0%", HtmlText.percent(0));
        assertEquals("–", HtmlText.percent(Double.NaN));
    }
}
