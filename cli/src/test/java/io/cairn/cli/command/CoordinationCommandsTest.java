package io.cairn.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.cli.Cli;
import io.cairn.cli.Cli.Run;
import io.cairn.cli.Cli.Running;
import io.cairn.cli.ClusterCommandTest;
import io.cairn.cli.ExitCode;
import io.cairn.cli.option.OutputFormat;
import io.cairn.cli.shell.CairnShell;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** watch, lease, get --rev, compact, lock and elect against an in-process 3-node cluster. */
class CoordinationCommandsTest extends ClusterCommandTest {
  private static final Pattern REVISION = Pattern.compile("\"revision\":(\\d+)");
  private static final Pattern GRANTED =
      Pattern.compile("^lease ([0-9a-f]+) granted with TTL\\((\\d+)s\\)$");

  static Running start(String... args) {
    return Cli.start(endpoints, args);
  }

  /** Puts and returns the revision of the put. */
  static long put(String key, String value, String... options) {
    List<String> args = new java.util.ArrayList<>(List.of("put", key, value, "-o", "json"));
    args.addAll(List.of(options));
    Run r = cairn(args.toArray(new String[0]));
    assertThat(r.exit()).as(r.err()).isZero();
    Matcher m = REVISION.matcher(r.out());
    assertThat(m.find()).as(r.out()).isTrue();
    return Long.parseLong(m.group(1));
  }

  static String grant(long ttl) {
    Run r = cairn("lease", "grant", Long.toString(ttl));
    assertThat(r.exit()).as(r.err()).isZero();
    Matcher m = GRANTED.matcher(r.out().strip());
    assertThat(m.matches()).as(r.out()).isTrue();
    assertThat(Long.parseLong(m.group(2))).isGreaterThanOrEqualTo(ttl);
    return m.group(1);
  }

  static void assertOneLineError(Run r, String fragment) {
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains(fragment).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void watchPrintsEventsWrittenByAnotherClientInOrder() {
    long from = put("w/marker", "m") + 1;
    Running watch =
        start("watch", "w/", "--prefix", "--rev", Long.toString(from), "--max-events", "3");
    put("w/a", "v1");
    put("w/b", "two words");
    assertThat(cairn("del", "w/a").exit()).isZero();
    Run r = watch.await();
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("PUT\nw/a\nv1\nPUT\nw/b\ntwo words\nDELETE\nw/a\n\n");
    assertThat(r.err()).isEmpty();

    Run json =
        cairn(
            "watch",
            "w/a",
            "--rev",
            Long.toString(from),
            "--max-events",
            "2",
            "--prev-kv",
            "-o",
            "json");
    List<String> lines = json.out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .startsWith("{\"revision\":" + from + ",\"type\":\"PUT\",\"kv\":{\"key\":\"w/a\"")
        .contains("\"value\":\"v1\"", "\"version\":1", "\"lease\":0")
        .doesNotContain("prev_kv");
    assertThat(lines.get(1))
        .contains("\"type\":\"DELETE\"", "\"prev_kv\":{\"key\":\"w/a\"", "\"value\":\"v1\"");
  }

  @Test
  void watchStreamsLiveUntilCtrlC() {
    long from = put("live/before", "x") + 1;
    Running watch = start("watch", "live/k", "--rev", Long.toString(from), "--prev-kv");
    put("live/k", "first");
    put("live/k", "second");
    await().until(() -> watch.out().contains("second"));
    assertThat(watch.isDone()).isFalse();
    watch.interrupt();
    Run r = watch.await();
    assertThat(r.exit()).isEqualTo(ExitCode.OK);
    // --prev-kv: the second put shows the first value before the new one
    assertThat(r.out()).isEqualTo("PUT\nlive/k\nfirst\nPUT\nlive/k\nfirst\nlive/k\nsecond\n");
  }

  @Test
  void getRevReadsHistoryAndCompactionCutsIt() {
    long r1 = put("h/k", "old");
    long r2 = put("h/k", "new");
    assertThat(cairn("get", "h/k", "--rev", Long.toString(r1)).out()).isEqualTo("old\n");
    assertThat(cairn("get", "h/k").out()).isEqualTo("new\n");
    assertThat(cairn("get", "h/k", "--rev", Long.toString(r1 - 1)).exit())
        .isEqualTo(ExitCode.NOT_FOUND);

    Run future = cairn("get", "h/k", "--rev", Long.toString(r2 + 1_000_000));
    assertThat(future.exit()).isEqualTo(ExitCode.REJECTED);
    assertOneLineError(future, "Error: request rejected");

    Run compact = cairn("compact", Long.toString(r1));
    assertThat(compact.exit()).as(compact.err()).isZero();
    assertThat(compact.out()).isEqualTo("compacted revision " + r1 + "\n");

    Run gone = cairn("get", "h/k", "--rev", Long.toString(r1));
    assertThat(gone.exit()).isEqualTo(ExitCode.REJECTED);
    assertOneLineError(gone, "Error: revision compacted");
    assertThat(gone.err()).contains(Long.toString(r1));
    assertThat(cairn("get", "h/k", "--rev", Long.toString(r2)).out()).isEqualTo("new\n");

    Run watchGone = cairn("watch", "h/k", "--rev", Long.toString(r1), "--max-events", "1");
    assertThat(watchGone.exit()).isEqualTo(ExitCode.REJECTED);
    assertOneLineError(watchGone, "revision compacted");

    Run again = cairn("compact", Long.toString(r1));
    assertThat(again.exit()).isEqualTo(ExitCode.REJECTED);
    assertThat(cairn("compact", "0").exit()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void leaseGrantTtlListKeepAliveAndRevoke() {
    String id = grant(60);
    long decimal = Long.parseUnsignedLong(id, 16);

    Run ttl = cairn("lease", "ttl", id);
    assertThat(ttl.out().strip())
        .matches("lease " + id + " granted with TTL\\(60s\\), remaining\\((\\d+)s\\)");
    assertThat(cairn("lease", "list").out()).startsWith("found ").contains("\n" + id + "\n");
    assertThat(cairn("lease", "list", "-o", "json").out())
        .contains("{\"id\":" + decimal + ",\"id_hex\":\"" + id + "\"}");

    Run alive = cairn("lease", "keepalive", "0x" + id, "--once");
    assertThat(alive.exit()).as(alive.err()).isZero();
    assertThat(alive.out()).isEqualTo("lease " + id + " keepalived with TTL(60)\n");

    put("leased/a", "1", "--lease", id);
    put("leased/b", "2", "--lease", "dec:" + decimal);
    assertThat(cairn("lease", "timetolive", id, "--keys").out())
        .contains("attached keys([leased/a leased/b])");
    assertThat(cairn("get", "leased/a", "-o", "json").out()).contains("\"lease\":" + decimal);

    Run revoke = cairn("lease", "revoke", id);
    assertThat(revoke.exit()).as(revoke.err()).isZero();
    assertThat(revoke.out()).isEqualTo("lease " + id + " revoked\n");
    assertThat(cairn("get", "leased/", "--prefix").exit()).isEqualTo(ExitCode.NOT_FOUND);

    Run expired = cairn("lease", "ttl", id);
    assertThat(expired.exit()).isEqualTo(ExitCode.NOT_FOUND);
    Run revokeAgain = cairn("lease", "revoke", id);
    assertThat(revokeAgain.exit()).isEqualTo(ExitCode.NOT_FOUND);
    assertOneLineError(revokeAgain, "lease not found");
    Run putMissing = cairn("put", "leased/c", "3", "--lease", id);
    assertThat(putMissing.exit()).isEqualTo(ExitCode.NOT_FOUND);
    assertOneLineError(putMissing, "lease not found");
    assertThat(cairn("get", "leased/c").exit()).isEqualTo(ExitCode.NOT_FOUND);

    Run bad = cairn("lease", "revoke", "not-hex");
    assertThat(bad.exit()).isEqualTo(ExitCode.USAGE);
    assertOneLineError(bad, "not a lease id");
    assertThat(cairn("lease").exit()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void leaseGrantWithAnIdInUseIsRejected() {
    String id = grant(30);
    Run dup = cairn("lease", "grant", "30", "--id", id);
    assertThat(dup.exit()).isEqualTo(ExitCode.REJECTED);
    assertOneLineError(dup, "request rejected");
    assertThat(cairn("lease", "revoke", id).exit()).isZero();
  }

  @Test
  void lockRunsTheCommandWithTheFencingTokenAndExitsWithItsCode() {
    Run r =
        cairn("lock", "l1", "--", "sh", "-c", "echo token=$CAIRN_LOCK_TOKEN key=$CAIRN_LOCK_KEY");
    assertThat(r.exit()).as(r.err()).isZero();
    Matcher m =
        Pattern.compile("^lock l1 held as (l1/[0-9a-f]+), fencing token (\\d+)\\n")
            .matcher(r.out());
    assertThat(m.find()).as(r.out()).isTrue();
    assertThat(r.out()).endsWith("token=" + m.group(2) + " key=" + m.group(1) + "\n");
    // released: nobody holds it any more
    assertThat(cairn("get", "l1/", "--prefix").exit()).isEqualTo(ExitCode.NOT_FOUND);

    Run failing = cairn("lock", "l1", "--", "sh", "-c", "exit 3");
    assertThat(failing.exit()).isEqualTo(3);
    Run missing = cairn("lock", "l1", "--", "/no/such/command");
    assertThat(missing.exit()).isEqualTo(ExitCode.FAILED);
    assertOneLineError(missing, "cannot run /no/such/command");
  }

  @Test
  void aSecondLockerWaitsForTheHolderAndGetsALargerToken() {
    Running holder = start("lock", "l2", "-o", "json");
    await().until(() -> holder.out().contains("fencing_token"));
    long first = token(holder.out());

    Running waiter = start("lock", "l2", "--", "sh", "-c", "echo $CAIRN_LOCK_TOKEN");
    // the waiter is in line (its key exists) but does not hold the lock
    await().until(() -> cairn("get", "l2/", "--prefix", "--keys-only").out().lines().count() == 2);
    assertThat(waiter.out()).isEmpty();
    holder.interrupt();
    assertThat(holder.await().exit()).isZero();

    Run w = waiter.await();
    assertThat(w.exit()).as(w.err()).isZero();
    long second = Long.parseLong(w.out().lines().reduce((a, b) -> b).orElseThrow());
    assertThat(second).isGreaterThan(first);
  }

  private static long token(String json) {
    Matcher m = Pattern.compile("\"fencing_token\":(\\d+)").matcher(json);
    assertThat(m.find()).as(json).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void electPrintsTheLeaderAndObserversFollowIt() {
    Running alice = start("elect", "e1", "alice");
    await().until(() -> alice.out().contains("alice"));
    assertThat(alice.out()).matches("e1/[0-9a-f]+\\nalice\\n");

    Running observer = start("elect", "e1");
    await().until(() -> observer.out().contains("alice"));
    Running bob = start("elect", "e1", "bob");
    await().until(() -> cairn("get", "e1/", "--prefix", "--keys-only").out().lines().count() == 2);
    assertThat(bob.out()).isEmpty();

    alice.interrupt();
    assertThat(alice.await().exit()).isZero();
    await().until(() -> bob.out().contains("bob"));
    await().until(() -> observer.out().contains("bob"));
    assertThat(observer.out()).matches("e1/[0-9a-f]+\\nalice\\ne1/[0-9a-f]+\\nbob\\n");

    bob.interrupt();
    observer.interrupt();
    assertThat(bob.await().exit()).isZero();
    assertThat(observer.await().exit()).isZero();
    assertThat(cairn("get", "e1/", "--prefix").exit()).isEqualTo(ExitCode.NOT_FOUND);
  }

  @Test
  void theShellWatchesLeasesAndCompacts() {
    String id = grant(60);
    long r1 = put("shw/k", "one");
    String script =
        String.join(
            "\n",
            "put shw/k two --lease " + id,
            "get shw/k --rev " + r1,
            "watch shw/ --prefix --rev " + r1 + " --max-events 2",
            "lease ttl " + id + " --keys",
            "compact " + r1,
            "get shw/k --rev " + r1,
            "lease revoke " + id,
            "get shw/k");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new CairnShell(
                String.join(",", endpoints),
                Duration.ofSeconds(5),
                OutputFormat.simple,
                false,
                tmp.resolve("history"))
            .runPiped(
                new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true),
                new PrintWriter(err, true));
    assertThat(out.toString())
        .startsWith("OK\none\nPUT\nshw/k\none\nPUT\nshw/k\ntwo\nlease " + id + " granted")
        .contains("attached keys([shw/k])", "compacted revision " + r1, "lease " + id + " revoked");
    assertThat(err.toString().lines().toList())
        .hasSize(2)
        .anyMatch(l -> l.startsWith("Error: revision compacted"))
        .anyMatch(l -> l.equals("Error: key not found: shw/k"));
    assertThat(exit).isEqualTo(ExitCode.NOT_FOUND);
  }

  @Test
  void aPipedShellWatchesUntilItsInputEnds() throws Exception {
    java.io.PipedOutputStream feed = new java.io.PipedOutputStream();
    java.io.PipedInputStream in = new java.io.PipedInputStream(feed);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CairnShell shell =
        new CairnShell(
            String.join(",", endpoints),
            Duration.ofSeconds(5),
            OutputFormat.simple,
            false,
            tmp.resolve("history2"));
    var exit =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> shell.runPiped(in, new PrintWriter(out, true), new PrintWriter(err, true)),
            r -> new Thread(r, "piped-shell").start());
    long from = put("eof/before", "x") + 1;
    feed.write(("watch eof/k --rev " + from + "\n").getBytes(StandardCharsets.UTF_8));
    feed.flush();
    put("eof/k", "seen");
    await().until(() -> out.toString().contains("seen"));
    assertThat(exit).isNotDone();
    feed.close(); // end of input: the unbounded watch stops, the shell ends
    assertThat(exit.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
    assertThat(out.toString()).isEqualTo("PUT\neof/k\nseen\n");
    assertThat(err.toString()).isEmpty();
  }
}
