package io.cairn.cli.command;

import io.cairn.cli.CliException;
import io.cairn.cli.ExitCode;
import io.cairn.cli.output.LeaseIds;
import io.cairn.cli.output.Printer;
import io.cairn.client.Bytes;
import io.cairn.client.CairnClient;
import io.cairn.client.PutOptions;
import java.io.IOException;
import java.io.InputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn put KEY VALUE}. */
@Command(
    name = "put",
    description = {
      "Writes VALUE under KEY. VALUE '-' reads the value's raw bytes from stdin.",
      "Prints OK once a majority has stored the write. With --lease, the key is deleted when"
          + " the lease expires or is revoked; a lease that does not exist exits 1."
    })
public final class PutCommand extends ClientCommand {
  /** Where '-' reads from; the shell and tests may replace it. */
  static InputStream stdin = System.in;

  @ParentCommand CommandContext parent;

  @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
  String key;

  @Parameters(index = "1", paramLabel = "VALUE", description = "The value, or - for stdin.")
  String value;

  @Option(
      names = "--lease",
      paramLabel = "ID",
      description = "Attach the key to this lease (hex as 'lease grant' prints it, or dec:N).")
  String lease;

  @Override
  CommandContext context() {
    return parent;
  }

  @Override
  int run(CairnClient client, Printer printer) {
    Bytes k = bytes(key);
    if (k.isEmpty()) {
      throw CliException.usage("the key is empty");
    }
    long leaseId = lease == null ? 0 : LeaseIds.parse(lease);
    Bytes v = value.equals("-") ? readStdin() : bytes(value);
    printer.put(client.put(k, v, PutOptions.builder().lease(leaseId).build()).join());
    return ExitCode.OK;
  }

  private static Bytes readStdin() {
    try {
      return Bytes.of(stdin.readAllBytes());
    } catch (IOException e) {
      throw CliException.usage("cannot read the value from stdin: " + e.getMessage());
    }
  }
}
