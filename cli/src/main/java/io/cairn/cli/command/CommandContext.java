package io.cairn.cli.command;

import io.cairn.cli.option.GlobalOptions;
import io.cairn.client.CairnClient;
import java.util.function.Function;

/**
 * What a client command needs from whoever runs it: the one-shot {@code cairn} root builds a client
 * per command; the shell shares one client across commands.
 */
public interface CommandContext {
  GlobalOptions globals();

  /** Runs the action with a client for the global options; the context owns the client. */
  <R> R withClient(Function<CairnClient, R> action);
}
