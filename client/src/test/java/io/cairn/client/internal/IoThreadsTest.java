package io.cairn.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.grpc.netty.shaded.io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class IoThreadsTest {
  @Test
  void waitingForAnOpenCallOnAnIoThreadIsRefused() throws InterruptedException {
    AtomicReference<Throwable> open = new AtomicReference<>();
    AtomicReference<Throwable> done = new AtomicReference<>(new AssertionError("not run"));
    Thread io =
        new FastThreadLocalThread(
            () -> {
              try {
                IoThreads.checkMayBlock(false);
              } catch (Throwable t) {
                open.set(t);
              }
              try {
                IoThreads.checkMayBlock(true);
                done.set(null);
              } catch (Throwable t) {
                done.set(t);
              }
            },
            "grpc-test-io");
    io.start();
    io.join();

    assertThat(open.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("grpc-test-io");
    assertThat(done.get()).isNull();
  }

  @Test
  void otherThreadsMayWait() {
    assertThatCode(() -> IoThreads.checkMayBlock(false)).doesNotThrowAnyException();
  }
}
