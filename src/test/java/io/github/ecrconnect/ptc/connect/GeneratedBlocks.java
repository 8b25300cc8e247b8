package io.github.ecrconnect.ptc.connect;

/**
 * The generated blocks of a Markdown page, each between {@code <!-- BEGIN generated: name -->} and
 * {@code <!-- END generated: name -->}; the text around them is written by hand.
 */
final class GeneratedBlocks {
  private GeneratedBlocks() {}

  static String extract(String pageName, String page, String name) {
    int[] span = span(pageName, page, name);
    return page.substring(span[0], span[1]);
  }

  static String replace(String pageName, String page, String name, String content) {
    int[] span = span(pageName, page, name);
    return page.substring(0, span[0]) + content + page.substring(span[1]);
  }

  private static int[] span(String pageName, String page, String name) {
    String begin = "<!-- BEGIN generated: " + name + " -->\n";
    String end = "<!-- END generated: " + name + " -->";
    int start = page.indexOf(begin);
    int stop = page.indexOf(end);
    if (start < 0 || stop < start || page.indexOf(begin, start + 1) >= 0) {
      throw new AssertionError(
          pageName + " needs exactly one pair of markers: " + begin.trim() + " ... " + end);
    }
    return new int[] {start + begin.length(), stop};
  }
}
