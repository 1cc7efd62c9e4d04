// The source of surefire.xml: mvn test with maven-surefire-plugin 3.2.5, JUnit 5.11.4 and
// <rerunFailingTestsCount>2</rerunFailingTestsCount> (properties trimmed to four).
package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MoneyTest {
    @Test
    void adds() {
        assertEquals(4, 2 + 2);
    }

    @Test
    void divides() {
        System.out.println("dividing 10 by 4");
        assertEquals(2, 10 / 4 + 1, "10 / 4");
    }

    @Test
    void parses() {
        String amount = null;
        amount.length();
    }

    @Test
    @Disabled("rounding rules not decided")
    void rounds() {
    }

    @Test
    void converts() throws Exception {
        Path marker = Path.of("target", "converts-ran");
        if (!Files.exists(marker)) {
            Files.createFile(marker);
            throw new IllegalStateException("rates service answered 503");
        }
    }

}
