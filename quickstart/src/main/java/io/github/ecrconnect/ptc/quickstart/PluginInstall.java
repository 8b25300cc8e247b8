package io.github.ecrconnect.ptc.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Installs the plugin as a user does: the archive that {@code mvn package} builds, unpacked into a
 * directory on the worker's {@code plugin.path}; and checks that the worker's classpath holds
 * nothing of the plugin, so the worker can only load the connector from there.
 */
final class PluginInstall {
  static final Path PACKAGES = Path.of("target", "components", "packages");

  private PluginInstall() {}

  /** The newest plugin archive of the build. */
  static Path archive(Path projectDir) throws QuickStartException {
    Path packages = projectDir.resolve(PACKAGES);
    try (Stream<Path> files = Files.list(packages)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".zip"))
          .max(Comparator.comparing(PluginInstall::modified))
          .orElseThrow(() -> noArchive(packages));
    } catch (IOException e) {
      throw noArchive(packages);
    }
  }

  private static QuickStartException noArchive(Path packages) {
    return new QuickStartException(
        "no plugin archive in "
            + packages
            + ": build it with mvn -DskipTests package (./run without --no-build does)");
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Unpacks {@code archive} into {@code pluginPath}; returns the plugin's directory. */
  static Path unpack(Path archive, Path pluginPath) throws IOException {
    Path root = pluginPath.toAbsolutePath().normalize();
    Files.createDirectories(root);
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        Path target = root.resolve(entry.getName()).normalize();
        if (!target.startsWith(root)) {
          throw new IOException("archive entry " + entry.getName() + " points outside " + root);
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(zip, target); // reads to the end of this entry
        }
      }
    }
    try (Stream<Path> dirs = Files.list(root)) {
      List<Path> top = dirs.filter(Files::isDirectory).collect(Collectors.toList());
      if (top.size() != 1) {
        throw new IOException("expected one top folder in " + archive + ", found " + top);
      }
      return top.get(0);
    }
  }

  /** The jar names in the plugin's {@code lib/}. */
  static Set<String> libJars(Path pluginDir) throws IOException {
    try (Stream<Path> jars = Files.list(pluginDir.resolve("lib"))) {
      return jars.map(j -> j.getFileName().toString())
          .filter(n -> n.endsWith(".jar"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /**
   * The worker's classpath from {@code quickstart/target/worker.classpath}: jars of Kafka and
   * Connect only. Refuses a classpath with a directory (such as target/classes), anything under the
   * project, or any jar the plugin bundles.
   */
  static List<Path> workerClasspath(Path classpathFile, Path projectDir, Set<String> pluginJars)
      throws QuickStartException {
    String text;
    try {
      text = Files.readString(classpathFile).trim();
    } catch (IOException e) {
      throw new QuickStartException(
          "cannot read "
              + classpathFile
              + " (written by the build of quickstart/; ./run without --no-build builds it)");
    }
    Path project = projectDir.toAbsolutePath().normalize();
    List<Path> entries = new ArrayList<>();
    for (String entry : text.split(java.io.File.pathSeparator)) {
      Path jar = Path.of(entry).toAbsolutePath().normalize();
      String name = jar.getFileName().toString();
      if (!name.endsWith(".jar") || !Files.isRegularFile(jar)) {
        throw notIsolated(jar + " is not a jar file");
      }
      if (jar.startsWith(project)) {
        throw notIsolated(jar + " belongs to the project");
      }
      if (pluginJars.contains(name)) {
        throw notIsolated(name + " is also in the plugin's lib/");
      }
      entries.add(jar);
    }
    if (entries.stream()
        .noneMatch(j -> j.getFileName().toString().startsWith("connect-runtime-"))) {
      throw notIsolated("it has no connect-runtime jar");
    }
    return List.copyOf(entries);
  }

  private static QuickStartException notIsolated(String why) {
    return new QuickStartException(
        "the Connect worker's classpath must hold Kafka and Connect jars only, but " + why);
  }
}
