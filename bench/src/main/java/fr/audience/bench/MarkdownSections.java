package fr.audience.bench;

/**
 * Rewrites one benchmark's section of a shared Markdown file between its own comment markers, so
 * each benchmark regenerates its figures without touching the sections of the others.
 */
public final class MarkdownSections {
  private MarkdownSections() {}

  static String begin(String name) {
    return "<!-- bench:" + name + ":begin -->";
  }

  static String end(String name) {
    return "<!-- bench:" + name + ":end -->";
  }

  /**
   * The document with section {@code name} set to {@code body}; appended when the document lacks
   * it.
   */
  public static String replace(String document, String name, String body) {
    String section = begin(name) + "\n" + body.strip() + "\n" + end(name);
    int from = document.indexOf(begin(name));
    int to = document.indexOf(end(name));
    if (from >= 0 && to > from) {
      return document.substring(0, from) + section + document.substring(to + end(name).length());
    }
    String head = document.isBlank() ? "" : document.stripTrailing() + "\n\n";
    return head + section + "\n";
  }
}
