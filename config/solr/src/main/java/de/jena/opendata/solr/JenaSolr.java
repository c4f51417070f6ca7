/*
 * ckanext-jena - Solr launcher for the Jena open data portal.
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */
package de.jena.opendata.solr;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.solr.core.CoreContainer;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * Starts Solr 9 (embedded Jetty, context /solr, bound to 127.0.0.1) on a solr home.
 *
 * <p>Usage: {@code JenaSolr <solrHome> <port> <stateDir>}. Writes {@code solr.pid} and
 * {@code solr.port} into stateDir once core {@code ckan} is loaded. Exits with status 2
 * if the core failed to load (Solr itself only logs such failures), 1 on other errors.
 */
public final class JenaSolr {
  private static final String CORE = "ckan";

  private JenaSolr() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: JenaSolr <solrHome> <port> <stateDir>");
      System.exit(64);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    Path state = Path.of(args[2]).toAbsolutePath();
    Files.createDirectories(state);

    JettyConfig config =
        JettyConfig.builder()
            .setContext("/solr")
            .setPort(port)
            .stopAtShutdown(true)
            .waitForLoadingCoresToFinish(120_000L)
            .build();
    JettySolrRunner runner = new JettySolrRunner(home.toString(), new Properties(), config);
    try {
      runner.start();
    } catch (Exception e) {
      System.err.println("jena-solr: could not start Jetty on 127.0.0.1:" + port + ": " + e);
      System.exit(1);
    }

    CoreContainer cores = runner.getCoreContainer();
    Map<String, CoreContainer.CoreLoadFailure> failures = cores.getCoreInitFailures();
    if (!cores.getLoadedCoreNames().contains(CORE)) {
      System.err.println("jena-solr: core '" + CORE + "' did not load from " + home);
      for (Map.Entry<String, CoreContainer.CoreLoadFailure> f : failures.entrySet()) {
        System.err.println("  " + f.getKey() + ": " + rootCause(f.getValue().exception));
      }
      runner.stop();
      System.exit(2);
    }

    long pid = ProcessHandle.current().pid();
    Path pidFile = state.resolve("solr.pid");
    Path portFile = state.resolve("solr.port");
    Files.writeString(portFile, Integer.toString(runner.getLocalPort()) + "\n", StandardCharsets.UTF_8);
    Files.writeString(pidFile, Long.toString(pid) + "\n", StandardCharsets.UTF_8);
    System.out.println(
        "jena-solr: core '" + CORE + "' ready at http://127.0.0.1:" + runner.getLocalPort()
            + "/solr/" + CORE + " (pid " + pid + ")");

    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    runner.stop();
                  } catch (Exception e) {
                    System.err.println("jena-solr: error while stopping: " + e);
                  }
                  try {
                    Files.deleteIfExists(pidFile);
                    Files.deleteIfExists(portFile);
                  } catch (Exception ignored) {
                    // best effort
                  }
                }));
    Thread.currentThread().join();
  }

  private static String rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + ": " + c.getMessage();
  }
}
