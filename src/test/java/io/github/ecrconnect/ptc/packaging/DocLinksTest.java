package io.github.ecrconnect.ptc.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every relative link of the documentation leads to a file, and every anchor to a heading. */
class DocLinksTest {

  @Test
  void everyRelativeLinkOfTheDocumentationResolves() throws IOException {
    List<Path> pages = documentationPages(ProjectFiles.root());
    assertThat(pages)
        .extracting(page -> ProjectFiles.root().relativize(page).toString())
        .contains("README.md", "CONTRIBUTING.md", "docs/records.md", "docs/configuration.md");
    assertThat(DocLinks.broken(ProjectFiles.root(), pages)).isEmpty();
  }

  @Test
  void theReadmeLinksEveryPageOfDocs() throws IOException {
    List<String> readmeLinks =
        MarkdownPage.parse(ProjectFiles.read(ProjectFiles.path("README.md"))).links().stream()
            .map(link -> link.replaceFirst("#.*", ""))
            .collect(Collectors.toList());
    for (Path page : documentationPages(ProjectFiles.root())) {
      String relative = ProjectFiles.root().relativize(page).toString();
      if (relative.startsWith("docs/")) {
        assertThat(readmeLinks).as("the README links " + relative).contains(relative);
      }
    }
  }

  @Test
  void reportsMissingFilesUnknownAnchorsAndPathsOutsideTheProject(@TempDir Path root)
      throws IOException {
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(
        root.resolve("docs/guide.md"), "# Guide\n\n## Plain Kafka Connect (plugin.path)\n");
    Files.writeString(
        root.resolve("README.md"),
        String.join(
            "\n",
            "# Title",
            "[fine](docs/guide.md#plain-kafka-connect-pluginpath) [self](#title)",
            "[gone](docs/missing.md) [no anchor](docs/guide.md#install) [up](../elsewhere.md)",
            "[web](https://example.com/x.md) `[in code](docs/nothing.md)`",
            "```",
            "[in a fence](docs/nothing.md)",
            "```",
            ""));

    assertThat(DocLinks.broken(root, List.of(root.resolve("README.md"))))
        .containsExactly(
            "README.md: docs/missing.md (no such file)",
            "README.md: docs/guide.md#install (no heading makes this anchor)",
            "README.md: ../elsewhere.md (outside the project)");
  }

  @Test
  void anchorsAreGitHubSlugs() {
    assertThat(MarkdownPage.slug("Plain Kafka Connect (plugin.path)"))
        .isEqualTo("plain-kafka-connect-pluginpath");
    assertThat(MarkdownPage.slug("Quick start: `./run`")).isEqualTo("quick-start-run");
    assertThat(MarkdownPage.slug("Stored state (source offsets)"))
        .isEqualTo("stored-state-source-offsets");
    assertThat(MarkdownPage.slug("[Links](x.md) and **bold** snake_case"))
        .isEqualTo("links-and-bold-snake_case");
    assertThat(MarkdownPage.parse("# A\n## A\n### A\n").anchors())
        .containsExactly("a", "a-1", "a-2");
  }

  /** README.md, CONTRIBUTING.md and every Markdown page of docs/. */
  private static List<Path> documentationPages(Path root) throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(root.resolve("README.md"));
    pages.add(root.resolve("CONTRIBUTING.md"));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }
}
