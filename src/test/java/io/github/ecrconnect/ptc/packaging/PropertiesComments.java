package io.github.ecrconnect.ptc.packaging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The "every key is explained" rule of the example .properties files. */
final class PropertiesComments {
  private PropertiesComments() {}

  /**
   * Active keys whose line is not directly below a comment line. A commented-out optional key
   * ("#key=value") counts as a comment: it sits below its own explanation.
   */
  static List<String> uncommentedKeys(Path file) {
    List<String> uncommented = new ArrayList<>();
    boolean commentAbove = false;
    for (String raw : ProjectFiles.read(file).split("\n", -1)) {
      String line = raw.strip();
      boolean comment = line.startsWith("#") || line.startsWith("!");
      if (!line.isEmpty() && !comment && !commentAbove) {
        uncommented.add(line);
      }
      commentAbove = comment;
    }
    return uncommented;
  }
}
