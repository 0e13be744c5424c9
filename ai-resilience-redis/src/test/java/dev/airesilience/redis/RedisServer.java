package dev.airesilience.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real {@code redis-server} (Debian's package, installed by {@code .ci/run}) on a free loopback port, for one
 * test class: no container, no mock. It can be stopped, paused (SIGSTOP: alive but answering nothing) and started
 * again, empty, on the same port.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final String password;
    private final Path log;
    private Process process;

    private RedisServer(int port, String password) throws IOException {
        this.port = port;
        this.password = password;
        this.log = Files.createTempFile("redis-server", ".log");
    }

    public static RedisServer start() throws IOException, InterruptedException {
        return start(null);
    }

    public static RedisServer start(String password) throws IOException, InterruptedException {
        RedisServer server = new RedisServer(freePort(), password);
        server.startProcess();
        return server;
    }

    public String url() {
        return password == null ? "redis://127.0.0.1:" + port : "redis://:" + password + "@127.0.0.1:" + port;
    }

    public void startProcess() throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--logfile", log.toString()));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IOException("cannot start redis-server; these tests need Debian's redis-server package "
                    + "(.ci/install-redis installs it)", e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!answersPing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("redis-server did not start on port " + port + ": " + Files.readString(log));
            }
            Thread.sleep(20); // an external process: poll until it answers
        }
    }

    /** Stops the server (its data is gone: it keeps none on disk). */
    public void stop() throws InterruptedException {
        resume();
        process.destroy();
        process.waitFor();
    }

    /** Freezes the server: connections stay open, nothing is answered. */
    public void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    public void resume() throws InterruptedException {
        try {
            signal("-CONT");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill " + signal + " failed");
        }
    }

    /** Sends one raw command (inline protocol) and returns the first line of the answer. */
    public String command(String line) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            if (password != null) {
                out.write(("AUTH " + password + "\r\n").getBytes(StandardCharsets.UTF_8));
                in.readLine();
            }
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return in.readLine();
        }
    }

    private boolean answersPing() {
        try {
            return "+PONG".equals(command("PING"));
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            try {
                stop();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
