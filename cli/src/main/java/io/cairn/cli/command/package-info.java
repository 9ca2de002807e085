/**
 * One class per command. Client commands extend {@code ClientCommand}: they take their client and
 * global options from a {@link io.cairn.cli.command.CommandContext} (the one-shot root or the
 * shell), print through an {@link io.cairn.cli.output.Printer} and return an {@link
 * io.cairn.cli.ExitCode}; they never print a stack trace. Commands that run until Ctrl-C ({@code
 * watch}, {@code lease keepalive}, {@code lock}, {@code elect}) do their waiting on the command's
 * own thread inside {@link io.cairn.cli.Interrupts#hold()}, treat an interrupt as Ctrl-C, clean up
 * (close the watch, unlock, resign, revoke their session lease) and exit 0; client callbacks only
 * hand results to that thread through a queue, so all printing happens on it.
 */
package io.cairn.cli.command;
