/**
 * The {@code cairn} command: {@link io.cairn.cli.CairnCli} is the Picocli root and process entry
 * point. Every command reports failures as one line on stderr and exits with a code from {@link
 * io.cairn.cli.ExitCode}, the single exit-code table; {@link io.cairn.cli.Errors} maps exceptions
 * to it. The CLI talks to a cluster only through {@code io.cairn.client}; it uses {@code
 * io.cairn.server} only to run a node in-process for {@code cairn server}. Ctrl-C reaches
 * long-running commands as a thread interrupt ({@link io.cairn.cli.Interrupts}).
 */
package io.cairn.cli;
