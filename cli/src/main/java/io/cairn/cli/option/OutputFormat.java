package io.cairn.cli.option;

/** How results are written to stdout ({@code -o}). */
public enum OutputFormat {
  /** Human and script friendly lines: {@code get KEY} prints just the value. */
  simple,
  /** One JSON object per command, with the stable field names of docs/cli.md. */
  json,
  /** An aligned text table. */
  table
}
