package dev.sjl.docs;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HandbookCheckTest {

    @TempDir
    Path folder;

    private Path html(String body, String head) throws IOException {
        Path index = folder.resolve("index.html");
        Files.writeString(index, "<!DOCTYPE html><html><head>" + head + "</head><body>" + body + "</body></html>");
        return index;
    }

    @Test
    @DisplayName("Accepts a folder whose links resolve and whose resources are all local")
    void soundFolder() throws IOException {
        Files.createDirectories(folder.resolve("css"));
        Files.createDirectories(folder.resolve("fonts"));
        Files.createDirectories(folder.resolve("images"));
        Files.writeString(folder.resolve("fonts/icons.woff2"), "x");
        Files.writeString(folder.resolve("css/icons.css"), "@font-face{src:url('../fonts/icons.woff2?v=4.7.0#x')}");
        Files.writeString(folder.resolve("images/a.svg"),
                "<svg xmlns='http://www.w3.org/2000/svg'><image href='data:image/png;base64,AA=='/></svg>");
        Files.writeString(folder.resolve("handbook.pdf"), "%PDF");
        Path index = html("<h2 id='lab-03'>Lab</h2><a href='#lab-03'>03</a><a href='handbook.pdf'>PDF</a>"
                        + "<a href='https://docs.aws.amazon.com/lambda/'>AWS docs</a><img src='images/a.svg'>",
                "<link rel='stylesheet' href='css/icons.css'>"
                        + "<style>/* @import \"https://fonts.example/css\"; */ body{}</style>");

        assertThat(HandbookCheck.check(index))
                .as("in-page links resolve, files exist, the only web address is a link to follow and a comment")
                .isEmpty();
    }

    @Test
    @DisplayName("Lets the link to a PDF that was not built point at nothing, and no other missing file")
    void pdfNotBuilt() throws IOException {
        Path index = html("<a href='handbook.pdf'>PDF</a><a href='other.pdf'>other</a>", "");

        assertThat(HandbookCheck.check(index, Set.of(folder.resolve("handbook.pdf").toAbsolutePath().normalize())))
                .as("with the PDF skipped, only the link to another missing file is a problem")
                .singleElement().asString().contains("other.pdf", "not in the handbook folder");
        assertThat(HandbookCheck.check(index)).as("with the PDF built, its missing file is a problem too").hasSize(2);
    }

    @Test
    @DisplayName("Reports a broken in-page link, a missing file and every network load, one line each")
    void reportsEveryProblem() throws IOException {
        Files.createDirectories(folder.resolve("css"));
        Files.writeString(folder.resolve("css/icons.css"), "@font-face{src:url(../fonts/missing.woff)}");
        Files.writeString(folder.resolve("pic.svg"),
                "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'>"
                        + "<image xlink:href='https://icons.example/lambda.png'/></svg>");
        Path index = html("<a href='#nowhere'>see below</a><img src='images/gone.png'><img src='pic.svg'>"
                        + "<script src='https://cdn.example/x.js'></script>",
                "<link rel='stylesheet' href='css/icons.css'><style>@import url(https://fonts.example/css); @import 'local.css';</style>");

        assertThat(HandbookCheck.check(index)).as("each problem found, none hidden behind the first")
                .anySatisfy(p -> assertThat(p).contains("broken link \"see below\": no element has id nowhere"))
                .anySatisfy(p -> assertThat(p).contains("images/gone.png", "not in the handbook folder"))
                .anySatisfy(p -> assertThat(p).contains("<script> https://cdn.example/x.js is loaded from the network"))
                .anySatisfy(p -> assertThat(p).contains("url(https://fonts.example/css) in an inline <style>", "network"))
                .anySatisfy(p -> assertThat(p).contains("../fonts/missing.woff", "not in the handbook folder"))
                .anySatisfy(p -> assertThat(p).contains("https://icons.example/lambda.png", "pic.svg", "network"))
                .anySatisfy(p -> assertThat(p).contains("@import local.css", "not in the handbook folder"))
                .hasSize(7);
    }

    @Test
    @DisplayName("Strips the query and fragment from a local reference before looking for the file")
    void stripsQueryAndFragment() {
        assertThat(HandbookCheck.strip("../fonts/fa.eot?#iefix&v=4.7.0")).isEqualTo("../fonts/fa.eot");
        assertThat(HandbookCheck.strip("fa.svg?v=4.7.0#fontawesomeregular")).isEqualTo("fa.svg");
    }

    @Test
    @DisplayName("Counts the pages from the page tree, not from page objects a removed page left behind")
    void countsPdfPages() throws IOException {
        Path pdf = folder.resolve("x.pdf");
        Files.writeString(pdf, "1 0 obj\n<< /Type /Pages /Count 2 /Kids [2 0 R 3 0 R] >>\nendobj\n"
                + "2 0 obj\n<< /Type /Page /Parent 1 0 R >>\n3 0 obj\n<</Type/Page/Parent 1 0 R>>\n"
                + "4 0 obj\n<< /Type /Page >>\n5 0 obj\n<< /Type /Outlines /Count 9 >>");

        assertThat(HandbookCheck.pdfPages(pdf))
                .as("the tree says 2; the orphan page object and the outline's /Count do not count").isEqualTo(2);
    }
}
