/**
 * One class per command. Client commands extend {@code ClientCommand}: they take their client and
 * global options from a {@link io.cairn.cli.command.CommandContext} (the one-shot root or the
 * shell), print through an {@link io.cairn.cli.output.Printer} and return an {@link
 * io.cairn.cli.ExitCode}; they never print a stack trace.
 */
package io.cairn.cli.command;
