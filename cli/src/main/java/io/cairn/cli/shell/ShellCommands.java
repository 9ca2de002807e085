package io.cairn.cli.shell;

import io.cairn.cli.command.Clients;
import io.cairn.cli.command.CommandContext;
import io.cairn.cli.command.CompactCommand;
import io.cairn.cli.command.DeleteCommand;
import io.cairn.cli.command.GetCommand;
import io.cairn.cli.command.LeaseCommand;
import io.cairn.cli.command.MembersCommand;
import io.cairn.cli.command.PutCommand;
import io.cairn.cli.command.ScanCommand;
import io.cairn.cli.command.StatusCommand;
import io.cairn.cli.command.TxnCommand;
import io.cairn.cli.command.WatchCommand;
import io.cairn.cli.option.GlobalOptions;
import io.cairn.client.CairnClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The commands the shell understands (the one-shot client commands), sharing one client; a command
 * that names other endpoints or another timeout gets a new shared client.
 */
@Command(
    name = "",
    subcommands = {
      GetCommand.class,
      PutCommand.class,
      DeleteCommand.class,
      ScanCommand.class,
      TxnCommand.class,
      WatchCommand.class,
      LeaseCommand.class,
      CompactCommand.class,
      StatusCommand.class,
      MembersCommand.class
    })
final class ShellCommands implements CommandContext, AutoCloseable {
  /** Command names and one-line summaries, in the order 'help' lists them. */
  static final Map<String, String> SUMMARY = new LinkedHashMap<>();

  static {
    SUMMARY.put("get", "get KEY [--prefix] [--limit N] [--keys-only] [--rev N]: read keys");
    SUMMARY.put("put", "put KEY VALUE [--lease ID]: write a key");
    SUMMARY.put("del", "del KEY [--prefix]: delete keys");
    SUMMARY.put("scan", "scan [PREFIX] [--limit N]: list keys and values");
    SUMMARY.put("txn", "txn cas KEY EXPECTED NEW, or txn --if C --then OP --else OP");
    SUMMARY.put("watch", "watch KEY [--prefix] [--rev N] [--prev-kv]: changes, until Ctrl-C");
    SUMMARY.put("lease", "lease grant TTL | revoke ID | keepalive ID | ttl ID [--keys] | list");
    SUMMARY.put("compact", "compact REV: discard the history at and below REV");
    SUMMARY.put("status", "status of every endpoint");
    SUMMARY.put("members", "the cluster's members");
    SUMMARY.put("help", "help [COMMAND]: this list, or a command's options");
    SUMMARY.put("exit", "leave the shell (also quit, Ctrl-D)");
  }

  static final List<String> NAMES = List.copyOf(SUMMARY.keySet());

  @Mixin GlobalOptions globals;

  private CairnClient client;
  private String clientKey;

  @Override
  public GlobalOptions globals() {
    return globals;
  }

  @Override
  public <R> R withClient(Function<CairnClient, R> action) {
    List<String> endpoints = globals.endpoints();
    Duration timeout = globals.timeout();
    String key = endpoints + "/" + timeout;
    if (client == null || !key.equals(clientKey)) {
      close();
      client = Clients.build(endpoints, timeout);
      clientKey = key;
    }
    return action.apply(client);
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
