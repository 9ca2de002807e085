package io.cairn.cli.command;

import io.cairn.cli.ExitCode;
import io.cairn.cli.option.GlobalOptions;
import io.cairn.client.CairnClient;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cairn lease}: the parent of the lease subcommands. */
@Command(
    name = "lease",
    subcommands = {
      LeaseGrantCommand.class,
      LeaseRevokeCommand.class,
      LeaseKeepAliveCommand.class,
      LeaseTtlCommand.class,
      LeaseListCommand.class
    },
    description = {
      "Leases: a key put with --lease ID is deleted when the lease expires or is revoked.",
      "Lease ids are printed in hex like etcdctl (694d5765fc71500b) and accepted in hex, with or"
          + " without 0x, or in decimal as dec:N. A lease that does not exist exits 1."
    })
public final class LeaseCommand implements Callable<Integer>, CommandContext {
  @Spec CommandSpec spec;
  @ParentCommand CommandContext parent;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  @Override
  public GlobalOptions globals() {
    return parent.globals();
  }

  @Override
  public <R> R withClient(Function<CairnClient, R> action) {
    return parent.withClient(action);
  }
}
