package dev.meanflow.jobs.report;

import org.apache.commons.text.StringEscapeUtils;

/**
 * HTML text escaping: every string that reaches the page, from a table or a config, goes through here. The five
 * markup characters only; the page is UTF-8, so text like "±" stays readable in the source.
 */
final class Html {
  private Html() {}

  static String escape(String text) {
    return text == null ? "" : StringEscapeUtils.escapeXml10(text);
  }
}
