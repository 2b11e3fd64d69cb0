package dev.sjl.localcloud.lambda;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The runtime's output read at the moments that delimit an invocation, written here as the child would write it. */
class FunctionOutputTest {

    private final List<String> sink = new ArrayList<>();
    private final FunctionOutput output;

    FunctionOutputTest() throws IOException {
        output = FunctionOutput.create(sink::add);
    }

    @AfterEach
    void deleteTheFile() {
        output.close();
    }

    private void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    private void write(byte[] bytes) throws IOException {
        Files.write(output.file(), bytes, StandardOpenOption.APPEND);
    }

    @Test
    @DisplayName("Gives an invocation exactly the lines written between its hand-out and its end")
    void linesPerInvocation() throws IOException {
        write("init\n");
        output.startInvocation();
        write("one\ntwo\r\n");
        List<String> first = output.endInvocation();
        write("between\n");
        output.startInvocation();
        write("three\n");

        assertThat(first).containsExactly("one", "two");
        assertThat(output.endInvocation()).containsExactly("three");
        assertThat(sink).as("every line once, in order").containsExactly("init", "one", "two", "between", "three");
    }

    @Test
    @DisplayName("Waits for a line's newline while collecting, but ends it when the invocation ends")
    void partialLines() throws IOException {
        output.startInvocation();
        write("half");
        output.collect();
        assertThat(sink).as("a line still being written is not cut").isEmpty();
        write(" and half\nno newline");

        assertThat(output.endInvocation()).containsExactly("half and half", "no newline");
    }

    @Test
    @DisplayName("Decodes UTF-8 per whole line, even when a character is split across two reads")
    void utf8AcrossReads() throws IOException {
        byte[] smile = "😀\n".getBytes(StandardCharsets.UTF_8);
        write(new byte[] {smile[0], smile[1]});
        output.collect();
        write(new byte[] {smile[2], smile[3], smile[4]});

        assertThat(output.endInvocation()).containsExactly("😀");
    }

    @Test
    @DisplayName("Reads what is left when closed, keeps it for the invocation, and deletes the file")
    void readsTheRestOnClose() throws IOException {
        output.startInvocation();
        write("last words");

        output.close();

        assertThat(output.endInvocation()).containsExactly("last words");
        assertThat(output.file()).doesNotExist();
    }
}
