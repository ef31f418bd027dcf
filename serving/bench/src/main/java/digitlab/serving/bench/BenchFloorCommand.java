package digitlab.serving.bench;

import digitlab.core.cli.BuildVersion;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code digit-lab bench floor}: the bare endpoint {@code bench serve} measures its rows against, on a
 * port of its own until stopped, so an outside load tool (Debian's {@code wrk}) can measure the same
 * floor beside a running {@code serve} (the commands are in docs/benchmarks.md).
 */
@Command(name = "floor", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        customSynopsis = "digit-lab bench floor [--port=<port>]",
        description = "Serve a bare Javalin endpoint that does no work (GET and POST " + FloorServer.PATH
                + ") on 127.0.0.1 until stopped: the floor to measure a running server's routes against with a "
                + "load tool of your own, e.g. wrk.")
public final class BenchFloorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "7071", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        try (FloorServer floor = new FloorServer(port)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            spec.commandLine().getOut().printf("The floor answers on http://127.0.0.1:%d%s; Ctrl-C stops it.%n",
                    floor.port(), FloorServer.PATH);
            spec.commandLine().getOut().flush();
            stopped.await();
        }
        return 0;
    }
}
