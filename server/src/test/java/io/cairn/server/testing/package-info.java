/**
 * Test fixture, published in the server's test-jar: {@link
 * io.cairn.server.testing.InProcessCluster} runs N Cairn nodes in this JVM on free 127.0.0.1 ports
 * and removes everything it started on close.
 */
package io.cairn.server.testing;
