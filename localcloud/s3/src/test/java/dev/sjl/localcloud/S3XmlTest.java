package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class S3XmlTest {

    private static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("Reads a client's document with its S3 namespace")
    void readsADocument() {
        var document = S3Xml.parse(bytes("<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet><Tag>"
                + "<Key>validation</Key><Value>valid</Value></Tag></TagSet></Tagging>"));

        assertThat(document).isPresent();
        assertThat(document.get().getElementsByTagNameNS("*", "Key").item(0).getTextContent()).isEqualTo("validation");
    }

    @Test
    @DisplayName("Refuses what is not well-formed, and any DOCTYPE, so no entity can read a file or a URL")
    void refusesMalformedAndDoctype() {
        assertThat(S3Xml.parse(bytes("<Tagging><TagSet>"))).as("not well-formed").isEmpty();
        assertThat(S3Xml.parse(bytes(""))).as("empty body").isEmpty();
        assertThat(S3Xml.parse(bytes("<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Tagging><TagSet><Tag><Key>&x;</Key><Value>v</Value></Tag></TagSet></Tagging>")))
                .as("an external entity").isEmpty();
        assertThat(S3Xml.parse(bytes("<!DOCTYPE t [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>"
                + "<CORSConfiguration>&b;</CORSConfiguration>"))).as("entity expansion").isEmpty();
    }
}
