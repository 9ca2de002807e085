package io.cairn.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.cli.Cli;
import io.cairn.cli.Cli.Run;
import io.cairn.cli.ClusterCommandTest;
import io.cairn.cli.ExitCode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every client command, output format and error path against an in-process 3-node cluster. */
class ClientCommandsTest extends ClusterCommandTest {
  @AfterEach
  void restoreStdin() {
    PutCommand.stdin = System.in;
  }

  static void assertOneLineError(Run r, String fragment) {
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains(fragment).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void putThenGetPrintsJustTheValue() {
    Run put = cairn("put", "greeting", "hello world");
    assertThat(put.exit()).isEqualTo(ExitCode.OK);
    assertThat(put.out()).isEqualTo("OK\n");

    Run get = cairn("get", "greeting");
    assertThat(get.exit()).isEqualTo(ExitCode.OK);
    assertThat(get.out()).isEqualTo("hello world\n");
    assertThat(get.err()).isEmpty();
  }

  @Test
  void getOfAMissingKeyExitsOne() {
    Run r = cairn("get", "no-such-key");
    assertThat(r.exit()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(r.out()).isEmpty();
    assertOneLineError(r, "key not found: no-such-key");
  }

  @Test
  void getJsonHasTheDocumentedFields() {
    cairn("put", "j/k", "v1");
    Run r = cairn("get", "j/k", "-o", "json");
    assertThat(r.exit()).isZero();
    assertThat(r.out().lines()).hasSize(1);
    assertThat(r.out())
        .startsWith("{\"header\":{\"cluster_id\":")
        .contains("\"member_id\":", "\"revision\":", "\"raft_term\":", "\"leader_id\":")
        .contains("\"count\":1,\"more\":false,\"kvs\":[{\"key\":\"j/k\",\"key_base64\":\"ai9r\"")
        .contains("\"value\":\"v1\",\"value_base64\":\"djE=\"")
        .contains("\"create_revision\":", "\"mod_revision\":", "\"version\":1");
  }

  @Test
  void prefixLimitKeysOnlyAndTable() {
    cairn("put", "p/a", "1");
    cairn("put", "p/b", "2");
    cairn("put", "p/c", "3");
    cairn("put", "q", "other");

    assertThat(cairn("get", "p/", "--prefix").out()).isEqualTo("p/a\n1\np/b\n2\np/c\n3\n");
    assertThat(cairn("get", "p/", "--prefix", "--keys-only").out()).isEqualTo("p/a\np/b\np/c\n");
    assertThat(cairn("get", "p/", "--prefix", "--limit", "2", "-o", "json").out())
        .contains("\"more\":true")
        .contains("\"key\":\"p/a\"", "\"key\":\"p/b\"")
        .doesNotContain("\"key\":\"p/c\"");
    assertThat(cairn("get", "p/a", "p/c").out()).isEqualTo("p/a\n1\np/b\n2\n");

    Run table = cairn("get", "p/", "--prefix", "-o", "table");
    assertThat(table.out().lines().toList())
        .contains("| KEY | VALUE | CREATE REV | MOD REV | VERSION |")
        .anyMatch(l -> l.startsWith("| p/b | 2     |"));
    assertThat(cairn("scan", "p/").out()).isEqualTo("p/a\n1\np/b\n2\np/c\n3\n");
    assertThat(cairn("scan", "nothing/").exit()).isZero();
  }

  @Test
  void serializableReadsWork() {
    cairn("put", "s/k", "sv");
    Run r = cairn("get", "s/k", "--consistency", "s");
    // a serializable read may lag; the key was written before, so any answer is either
    assertThat(r.exit()).isIn(ExitCode.OK, ExitCode.NOT_FOUND);
    assertThat(cairn("get", "s/k", "--consistency", "linearizable").out()).isEqualTo("sv\n");
  }

  @Test
  void deleteCountsAndExitsOneWhenNothingWasDeleted() {
    cairn("put", "d/1", "x");
    cairn("put", "d/2", "x");
    Run one = cairn("del", "d/1");
    assertThat(one.exit()).isZero();
    assertThat(one.out()).isEqualTo("1\n");
    Run again = cairn("del", "d/1");
    assertThat(again.exit()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(again.out()).isEqualTo("0\n");
    Run json = cairn("del", "d/", "--prefix", "-o", "json");
    assertThat(json.out()).contains("\"deleted\":1");
    assertThat(cairn("get", "d/2").exit()).isEqualTo(ExitCode.NOT_FOUND);
  }

  @Test
  void valueDashReadsStdin() {
    PutCommand.stdin = new ByteArrayInputStream("from stdin\n".getBytes());
    assertThat(cairn("put", "stdin/k", "-").exit()).isZero();
    assertThat(cairn("get", "stdin/k").out()).isEqualTo("from stdin\n\n");
  }

  @Test
  void binaryValuesAreNeverPrintedRaw() {
    assertThat(cairn("--hex", "put", "62696e", "00ff1b5b33316d41").exit()).isZero();
    Run plain = cairn("get", "bin");
    assertThat(plain.out()).isEqualTo("\"\\x00\\xff\\x1b[31mA\"\n");
    assertThat(plain.out().chars()).noneMatch(c -> c < 0x20 && c != '\n');
    assertThat(cairn("get", "--hex", "62696e").out()).isEqualTo("00ff1b5b33316d41\n");
    assertThat(cairn("get", "bin", "-o", "json").out())
        .contains("\"value\":null,\"value_base64\":\"AP8bWzMxbUE=\"");
    Run table = cairn("get", "bin", "-o", "table");
    assertThat(table.out()).contains("\"\\x00\\xff\\x1b[31mA\"");
  }

  @Test
  void casSucceedsOnlyOnTheExpectedValue() {
    cairn("put", "cas/k", "v1");
    Run ok = cairn("txn", "cas", "cas/k", "v1", "v2");
    assertThat(ok.exit()).isZero();
    assertThat(ok.out()).isEqualTo("SUCCESS\n");
    Run stale = cairn("txn", "cas", "cas/k", "v1", "v3");
    assertThat(stale.exit()).isEqualTo(ExitCode.COMPARE_FAILED);
    assertThat(stale.out()).isEqualTo("FAILURE\ncas/k\nv2\n");
    assertThat(cairn("get", "cas/k").out()).isEqualTo("v2\n");

    assertThat(cairn("txn", "cas", "--absent", "cas/new", "first").exit()).isZero();
    assertThat(cairn("txn", "cas", "--absent", "cas/new", "second").exit())
        .isEqualTo(ExitCode.COMPARE_FAILED);
    assertThat(cairn("get", "cas/new").out()).isEqualTo("first\n");
  }

  @Test
  void generalTxnRunsTheRightBranch() {
    cairn("put", "t/a", "1");
    Run r =
        cairn(
            "txn",
            "--if",
            "value(t/a) = 1",
            "--if",
            "version(t/a) > 0",
            "--then",
            "put t/b 'two words'",
            "--then",
            "get t/a",
            "--else",
            "del t/a",
            "-o",
            "json");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("\"succeeded\":true").contains("\"get\":{");
    assertThat(cairn("get", "t/b").out()).isEqualTo("two words\n");

    Run no = cairn("txn", "--if", "create(t/a) = 0", "--then", "del t/a", "--else", "get t/b");
    assertThat(no.exit()).isEqualTo(ExitCode.COMPARE_FAILED);
    assertThat(no.out()).isEqualTo("FAILURE\nt/b\ntwo words\n");
    assertThat(cairn("-o", "table", "txn", "--if", "mod(t/a) < 1", "--then", "get t/a").out())
        .contains("| FAILURE |");
  }

  @Test
  void statusInEveryFormat() {
    Run simple = cairn("status");
    assertThat(simple.exit()).isZero();
    assertThat(simple.out().lines()).hasSize(3);
    assertThat(simple.out()).contains("LEADER").contains("FOLLOWER");

    Run json = cairn("status", "-o", "json");
    assertThat(json.out()).startsWith("{\"endpoints\":[").contains("\"is_leader\":true");
    assertThat(json.out().split("\"is_leader\":true", -1)).hasSize(2);

    Run table = cairn("status", "-o", "table");
    assertThat(table.out()).contains("| ENDPOINT").contains("IS LEADER").contains("RAFT TERM");
  }

  @Test
  void statusListsAnUnreachableEndpointWithItsError() throws Exception {
    String dead = "127.0.0.1:" + freePort();
    Run r = Cli.against(List.of(endpoints.get(0), dead), "--timeout", "1s", "status", "-o", "json");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("{\"endpoint\":\"" + dead + "\",\"error\":\"cluster unavailable");
  }

  @Test
  void membersInEveryFormat() {
    Run simple = cairn("members");
    assertThat(simple.exit()).isZero();
    assertThat(simple.out().lines()).hasSize(3).anyMatch(l -> l.startsWith("n1, "));
    assertThat(cairn("members", "-o", "json").out())
        .contains("\"members\":[{\"id\":\"n1\"", "\"peer_addr\":", "\"client_addr\":");
    assertThat(cairn("members", "-o", "table").out()).contains("| ID |", "PEER ADDRS");
  }

  @Test
  void usageErrorsExitTwoWithOneLine() {
    assertOneLineError(cairn("get"), "Missing required parameter");
    assertThat(cairn("get").exit()).isEqualTo(ExitCode.USAGE);
    Run badOpt = cairn("get", "k", "--bogus");
    assertThat(badOpt.exit()).isEqualTo(ExitCode.USAGE);
    assertOneLineError(badOpt, "--bogus");
    Run badLevel = cairn("get", "k", "--consistency", "strong");
    assertThat(badLevel.exit()).isEqualTo(ExitCode.USAGE);
    assertOneLineError(badLevel, "--consistency must be linearizable");
    Run badHex = cairn("--hex", "get", "xyz");
    assertThat(badHex.exit()).isEqualTo(ExitCode.USAGE);
    assertOneLineError(badHex, "is not hex");
    Run badTimeout = cairn("--timeout", "soon", "get", "k");
    assertThat(badTimeout.exit()).isEqualTo(ExitCode.USAGE);
    Run badOutput = cairn("-o", "xml", "get", "k");
    assertThat(badOutput.exit()).isEqualTo(ExitCode.USAGE);
    Run badCompare = cairn("txn", "--if", "value k = 1", "--then", "get k");
    assertThat(badCompare.exit()).isEqualTo(ExitCode.USAGE);
    assertOneLineError(badCompare, "bad compare");
    assertThat(Cli.run().exit()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void unreachableEndpointsExitThree() throws Exception {
    Run r = Cli.run("--endpoints", "127.0.0.1:" + freePort(), "--timeout", "1s", "get", "k");
    assertThat(r.exit()).isEqualTo(ExitCode.UNAVAILABLE);
    assertOneLineError(r, "cluster unavailable");
    Run w = Cli.run("--endpoints", "127.0.0.1:" + freePort(), "--timeout", "1s", "put", "k", "v");
    assertThat(w.exit()).isEqualTo(ExitCode.UNAVAILABLE);
  }

  @Test
  void oversizeRequestsExitFour() {
    Run bigKey = cairn("put", "k".repeat(481), "v");
    assertThat(bigKey.exit()).isEqualTo(ExitCode.REJECTED);
    assertOneLineError(bigKey, "request rejected");

    byte[] big = new byte[1024 * 1024 + 1];
    InputStream in = new ByteArrayInputStream(big);
    PutCommand.stdin = in;
    Run bigValue = cairn("put", "big", "-");
    assertThat(bigValue.exit()).isEqualTo(ExitCode.REJECTED);
    assertOneLineError(bigValue, "request rejected");
    assertThat(cairn("get", "big").exit()).isEqualTo(ExitCode.NOT_FOUND);
  }

  @Test
  void shellReadsCommandsFromAPipe() {
    InputStream saved = System.in;
    try {
      System.setIn(
          new ByteArrayInputStream(
              String.join(
                      "\n",
                      "put sh/a 1",
                      "put sh/b \"two words\"",
                      "# a comment",
                      "",
                      "get sh/b",
                      "scan sh/",
                      "txn cas sh/a 1 2",
                      "get sh/missing",
                      "get sh/a -o json",
                      "bogus",
                      "exit",
                      "put sh/after-exit x")
                  .getBytes()));
      Run r = cairn("shell");
      assertThat(r.out())
          .startsWith("OK\nOK\ntwo words\nsh/a\n1\nsh/b\ntwo words\nSUCCESS\n")
          .contains("\"value\":\"2\"")
          .doesNotContain("cairn>");
      assertThat(r.errLines())
          .containsExactly(
              "Error: key not found: sh/missing", "Error: unknown command 'bogus' (try 'help')");
      assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
      assertThat(cairn("get", "sh/after-exit").exit()).isEqualTo(ExitCode.NOT_FOUND);
    } finally {
      System.setIn(saved);
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
