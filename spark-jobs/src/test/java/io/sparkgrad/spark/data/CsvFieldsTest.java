package io.sparkgrad.spark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4180 splitting of one CSV line, and what a refused line is told. */
class CsvFieldsTest {
    @Test
    void doubledQuotesInsideAQuotedFieldAreOneQuoteAndDelimitersInsideItAreText() {
        assertEquals(List.of("1", "say \"hi\", ok", "", "x"), CsvFields.split("1,\"say \"\"hi\"\", ok\",,x", ","));
        assertEquals(4, CsvFields.count("1,\"say \"\"hi\"\", ok\",,x", ","));
        assertEquals(List.of("\"\"", "a"), CsvFields.split("\"\"\"\"\"\",a", ","));
        assertEquals(List.of("", ""), CsvFields.split(",", ","));
        assertEquals(List.of("a", "b\"c", "d"), CsvFields.split("a;b\"c;d", ";"));
        assertEquals(List.of("a", "b", "c"), CsvFields.split("a::b::c", "::"));
        assertEquals(List.of("a", "b,c"), CsvFields.split("a,\"b,c", ","), "an unclosed quote runs to the end");
    }

    @Test
    void aRefusedLineIsToldItsQuoteProblemBeforeItsFieldCount() {
        assertEquals("the quote opened at character 3 of field 2 is never closed (a quoted field cannot hold a line "
                + "break; a quote inside a quoted field is written \"\")", CsvFields.problem("1,\"2,3", ",", 3, "header"));
        assertEquals("field 2 has text after its closing quote at character 7 (a quote inside a quoted field is "
                + "written \"\")", CsvFields.problem("1,\"ab\"c,3", ",", 3, "header"));
        assertEquals("5 fields where the header has 3", CsvFields.problem("1,2,3,4,5", ",", 3, "header"));
        assertEquals("1 field where the first line has 3", CsvFields.problem("12", ",", 3, "first line"));
        assertEquals("not a valid CSV record (3 fields, as the header)", CsvFields.problem("1,2,3", ",", 3, "header"));
    }
}
