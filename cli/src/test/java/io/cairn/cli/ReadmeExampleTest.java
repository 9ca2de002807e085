package io.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.client.Bytes;
import io.cairn.client.CairnClient;
import io.cairn.client.Cmp;
import io.cairn.client.GetResult;
import io.cairn.client.Op;
import io.cairn.client.TxnResult;
import io.cairn.server.testing.InProcessCluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's client-library example compiles, runs, and is the code printed in the README. */
class ReadmeExampleTest {
  @TempDir Path tmp;

  @Test
  void theReadmeExampleRunsAgainstACluster() {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      cluster.awaitLeaderReady();
      String out = captureStdout(() -> example(cluster.clientEndpoints()));
      assertThat(out).matches("hello @\\d+\\R" + "swapped\\R");
      assertThat(cluster.client().blocking().get(Bytes.utf8("greeting")).first())
          .hasValueSatisfying(kv -> assertThat(kv.value().toUtf8()).isEqualTo("hi"));
    }
  }

  @Test
  void theReadmeShowsExactlyThisExample() throws IOException {
    Matcher block =
        Pattern.compile("```java\\R(.*?)```", Pattern.DOTALL)
            .matcher(Files.readString(Path.of("..", "README.md")));
    assertThat(block.find()).as("README.md has a java block").isTrue();
    String source =
        Files.readString(Path.of("src/test/java/io/cairn/cli/ReadmeExampleTest.java"))
            .replaceAll("\\s+", "");
    List<String> body = block.group(1).lines().skip(1).map(String::strip).toList();
    assertThat(block.group(1)).contains("CairnClient.builder().endpoints(");
    for (String line : body) {
      assertThat(source).as("README line in this test").contains(line.replaceAll("\\s+", ""));
    }
  }

  /** The README example; only the endpoints differ (the README uses the local cluster's). */
  static void example(List<String> endpoints) {
    try (CairnClient client = CairnClient.builder().endpoints(endpoints).build()) {
      Bytes key = Bytes.utf8("greeting");
      client.put(key, Bytes.utf8("hello")).join();
      GetResult got = client.get(key).join();
      System.out.println(
          got.first().orElseThrow().value().toUtf8() + " @" + got.header().revision());

      // compare-and-swap: replace "hello" by "hi" only if nobody changed it meanwhile
      TxnResult cas =
          client
              .txn()
              .when(Cmp.value(key).equal(Bytes.utf8("hello")))
              .then(Op.put(key, Bytes.utf8("hi")))
              .commit()
              .join();
      System.out.println(cas.succeeded() ? "swapped" : "someone was faster");
    }
  }

  private static String captureStdout(Runnable r) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
