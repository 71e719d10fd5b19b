package org.bulkdocs.contract.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.temporal.common.SearchAttributeKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The workflow writes the attributes this class declares; every server registers those the deployment's
 * one list names (deploy/temporal/search-attributes). They must be the same, name and type.
 */
class SearchAttributesFileTest {

  @Test
  void theDeploymentRegistersExactlyTheAttributesTheWorkflowWrites() throws Exception {
    List<String> registered =
        Files.readAllLines(Path.of("../deploy/temporal/search-attributes"), StandardCharsets.UTF_8).stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .toList();
    List<String> declared = BulkDownloadSearchAttributes.ALL.stream().map(SearchAttributesFileTest::asLine).toList();
    assertEquals(declared, registered);
  }

  private static String asLine(SearchAttributeKey<?> key) {
    String type =
        switch (key.getValueType()) {
          case INDEXED_VALUE_TYPE_KEYWORD -> "Keyword";
          case INDEXED_VALUE_TYPE_INT -> "Int";
          case INDEXED_VALUE_TYPE_TEXT -> "Text";
          case INDEXED_VALUE_TYPE_BOOL -> "Bool";
          case INDEXED_VALUE_TYPE_DOUBLE -> "Double";
          case INDEXED_VALUE_TYPE_DATETIME -> "Datetime";
          case INDEXED_VALUE_TYPE_KEYWORD_LIST -> "KeywordList";
          default -> throw new IllegalArgumentException(key.getName() + ": " + key.getValueType());
        };
    return key.getName() + "=" + type;
  }
}
