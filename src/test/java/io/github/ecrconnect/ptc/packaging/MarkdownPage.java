package io.github.ecrconnect.ptc.packaging;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Markdown page links to and which anchors its headings make, as GitHub renders it. Text in
 * fenced code blocks and code spans is neither a link nor a heading.
 */
final class MarkdownPage {
  private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
  private static final Pattern CODE_SPAN = Pattern.compile("`+[^`]*`+");
  private static final Pattern LINK =
      Pattern.compile("\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  private static final Pattern HREF = Pattern.compile("href=\"([^\"]+)\"");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern INLINE_LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\([^)]*\\)");
  private static final Pattern HTML_TAG = Pattern.compile("<[^>]+>");

  /** GitHub keeps letters, marks, digits, connector punctuation (_), spaces and hyphens. */
  private static final Pattern NOT_IN_SLUG = Pattern.compile("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]");

  private final List<String> links = new ArrayList<>();
  private final Set<String> anchors = new LinkedHashSet<>();

  private MarkdownPage() {}

  static MarkdownPage parse(String markdown) {
    MarkdownPage page = new MarkdownPage();
    Map<String, Integer> seen = new HashMap<>();
    boolean inFence = false;
    for (String line : markdown.split("\n", -1)) {
      if (FENCE.matcher(line).find()) {
        inFence = !inFence;
        continue;
      }
      if (inFence) {
        continue;
      }
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        page.anchors.add(unique(slug(heading.group(1)), seen));
      }
      String text = CODE_SPAN.matcher(line).replaceAll("");
      for (Pattern pattern : List.of(LINK, HREF)) {
        Matcher link = pattern.matcher(text);
        while (link.find()) {
          page.links.add(link.group(1));
        }
      }
    }
    return page;
  }

  /** The link targets as written, external ones included. */
  List<String> links() {
    return links;
  }

  /** The anchors of the page's headings, without '#'. */
  Set<String> anchors() {
    return anchors;
  }

  /** GitHub's anchor for a heading: its rendered text, lower case, punctuation dropped. */
  static String slug(String headingSource) {
    String text = INLINE_LINK.matcher(headingSource).replaceAll("$1");
    text = HTML_TAG.matcher(text).replaceAll("").replace("`", "").replace("*", "");
    return NOT_IN_SLUG
        .matcher(text.trim().toLowerCase(Locale.ROOT))
        .replaceAll("")
        .replace(' ', '-');
  }

  /** A second heading with the same slug gets "-1", a third "-2", and so on. */
  private static String unique(String slug, Map<String, Integer> seen) {
    Integer count = seen.get(slug);
    seen.put(slug, count == null ? 1 : count + 1);
    return count == null ? slug : slug + "-" + count;
  }
}
