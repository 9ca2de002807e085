/**
 * {@code cairn shell}: a JLine REPL over the client commands (history, completion, Ctrl-C clears
 * the line or ends the running command, such as a watch, Ctrl-D leaves), or a line-per-command
 * interpreter when input is not a terminal. One client is shared by the commands of a session and
 * closed when the shell ends.
 */
package io.cairn.cli.shell;
