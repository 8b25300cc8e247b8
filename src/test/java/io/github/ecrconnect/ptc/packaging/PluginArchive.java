package io.github.ecrconnect.ptc.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The plugin archive that {@code mvn package} built, unpacked. Failsafe passes its path as the
 * system property {@code component.archive}; without it (a run from an IDE) the path is derived
 * from the pom the same way the build derives it.
 */
public final class PluginArchive {
  private final Path zip;
  private final Path top;

  private PluginArchive(Path zip, Path top) {
    this.zip = zip;
    this.top = top;
  }

  public static Path zipPath() {
    String configured = System.getProperty("component.archive");
    if (configured != null && !configured.isBlank()) {
      return Paths.get(configured);
    }
    return ProjectFiles.path("target/components/packages/" + topFolderName() + ".zip");
  }

  /** {@code <owner>-<artifactId>-<version>}: the archive's only top folder, and its file name. */
  public static String topFolderName() {
    return ProjectFiles.pomProperty("component.owner")
        + "-"
        + ProjectFiles.pomArtifactId()
        + "-"
        + ProjectFiles.pomVersion();
  }

  /** Unpacks the archive into {@code directory}; fails if it was not built. */
  public static PluginArchive unpack(Path directory) {
    Path zip = zipPath();
    if (!Files.isRegularFile(zip)) {
      throw new IllegalStateException(zip + " does not exist: run mvn package (or verify) first");
    }
    try (ZipFile file = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        Path target = directory.resolve(entry.getName()).normalize();
        if (!target.startsWith(directory)) {
          throw new IllegalStateException("entry outside the archive root: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          try (InputStream in = file.getInputStream(entry)) {
            Files.copy(in, target);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Path> tops = list(directory);
    if (tops.size() != 1 || !Files.isDirectory(tops.get(0))) {
      throw new AssertionError("expected one top folder in " + zip + ", found " + tops);
    }
    return new PluginArchive(zip, tops.get(0));
  }

  public Path zip() {
    return zip;
  }

  /** The archive's top folder: the directory to put on (or into) a worker's plugin.path. */
  public Path top() {
    return top;
  }

  public Path lib() {
    return top.resolve("lib");
  }

  public List<Path> jars() {
    return list(lib()).stream()
        .filter(p -> p.getFileName().toString().endsWith(".jar"))
        .collect(Collectors.toList());
  }

  /** The connector's own jar in lib/. */
  public Path connectorJar() {
    return lib().resolve(ProjectFiles.pomArtifactId() + "-" + ProjectFiles.pomVersion() + ".jar");
  }

  static List<Path> list(Path directory) {
    try (Stream<Path> listing = Files.list(directory)) {
      return listing.sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
