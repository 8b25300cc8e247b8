package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.packaging.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every config key that a string of the {@code aws} or {@code connect} code names (error messages,
 * log lines, key docs, the key constants themselves) exists in the config definition, so a message
 * never sends a user to a key that was renamed or never existed.
 */
class ConfigKeysInMessagesTest {
  private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
  private static final Pattern DOTTED_TOKEN =
      Pattern.compile("(?<![\\w.\\-/:{$])[a-z][a-z0-9]*(?:\\.[a-z0-9]+)+");
  private static final Set<String> KEYS = EcrSourceTaskConfig.taskConfigDef().names();

  @Test
  void everyKeyNamedInTheAwsAndConnectCodeIsDefined() throws IOException {
    Map<String, String> unknown = new TreeMap<>();
    for (String layer : List.of("aws", "connect")) {
      Path dir = ProjectFiles.path("src/main/java/io/github/ecrconnect/ptc/" + layer);
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.sorted().collect(Collectors.toList())) {
          for (String key : keysNamedIn(ProjectFiles.read(file))) {
            if (!KEYS.contains(key)) {
              unknown.put(key, layer + "/" + file.getFileName());
            }
          }
        }
      }
    }
    assertThat(unknown).as("keys named in strings but not defined, and where").isEmpty();
  }

  @Test
  void findsKeysInStringsOnly() {
    String source =
        "String a = \"Set aws.ecr.registry.ids, or aws.no.such.key.\";\n"
            + "// aws.in.a.comment is not a string\n"
            + "String b = \"see ecr.us-east-1.amazonaws.com and topic.creation.default.partitions\";";

    assertThat(keysNamedIn(source)).containsExactly("aws.ecr.registry.ids", "aws.no.such.key");
  }

  /**
   * The tokens in the string literals of {@code source} that look like keys of this connector:
   * dotted lower-case words whose first word starts one of the connector's dotted keys.
   */
  static Set<String> keysNamedIn(String source) {
    Set<String> firstWords =
        KEYS.stream()
            .filter(key -> key.contains("."))
            .map(key -> key.substring(0, key.indexOf('.')))
            .collect(Collectors.toSet());
    Set<String> named = new LinkedHashSet<>();
    Matcher literal = STRING_LITERAL.matcher(source);
    while (literal.find()) {
      Matcher token = DOTTED_TOKEN.matcher(literal.group(1));
      while (token.find()) {
        String candidate = token.group();
        if (firstWords.contains(candidate.substring(0, candidate.indexOf('.')))) {
          named.add(candidate);
        }
      }
    }
    return named;
  }
}
