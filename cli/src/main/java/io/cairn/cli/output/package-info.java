/**
 * Result printers for {@code -o simple|json|table}. Bytes are shown binary-safely: printable UTF-8
 * as is, anything else escaped, hex with {@code --hex}; JSON carries exact base64 copies. The JSON
 * field names are a documented, stable contract (docs/cli.md).
 */
package io.cairn.cli.output;
