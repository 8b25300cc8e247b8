package io.github.ecrconnect.ptc.quickstart;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files ./run ships in its jar (wrapper, launcher, log settings), copied where they run. */
final class QuickstartResources {
  private QuickstartResources() {}

  /** Copies the resource {@code name} to {@code to} and returns {@code to}. */
  static Path copy(String name, Path to) throws IOException {
    try (InputStream in = QuickstartResources.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing resource " + name);
      }
      Files.copy(in, to);
    }
    return to;
  }
}
