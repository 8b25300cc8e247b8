package io.github.ecrconnect.ptc.packaging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The relative links of documentation pages that lead nowhere: a file that does not exist, a path
 * outside the project, or an anchor that no heading of the target page makes.
 */
final class DocLinks {
  private static final Pattern EXTERNAL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

  private DocLinks() {}

  /** One line per broken link: "page: target (why)". */
  static List<String> broken(Path root, List<Path> pages) {
    List<String> broken = new ArrayList<>();
    for (Path page : pages) {
      for (String link : MarkdownPage.parse(ProjectFiles.read(page)).links()) {
        if (EXTERNAL.matcher(link).find()) {
          continue;
        }
        String problem = problem(root, page, link);
        if (problem != null) {
          broken.add(root.relativize(page) + ": " + link + " (" + problem + ")");
        }
      }
    }
    return broken;
  }

  private static String problem(Path root, Path page, String link) {
    int hash = link.indexOf('#');
    String file = hash < 0 ? link : link.substring(0, hash);
    String anchor = hash < 0 ? null : link.substring(hash + 1);
    Path target =
        file.isEmpty() ? page : page.getParent().resolve(file.replace("%20", " ")).normalize();
    if (!target.startsWith(root)) {
      return "outside the project";
    }
    if (!Files.exists(target)) {
      return "no such file";
    }
    if (anchor == null) {
      return null;
    }
    if (!target.getFileName().toString().endsWith(".md")) {
      return "an anchor into a file that is not Markdown";
    }
    return MarkdownPage.parse(ProjectFiles.read(target)).anchors().contains(anchor)
        ? null
        : "no heading makes this anchor";
  }
}
