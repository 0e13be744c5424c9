package dev.airesilience.redis;

import dev.airesilience.shared.SharedBucket;
import dev.airesilience.shared.SharedState;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.ObjLongConsumer;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SharedState} on Redis, through Lettuce: a rate-limit cooldown any instance learns is a key with the
 * cooldown's lifetime ({@code <prefix>cooldown:<operation>}, so an instance that starts later, or comes back after
 * Redis was away, finds it) and a message on {@code <prefix>events}, so running instances learn it at once.
 *
 * <p>Calls never wait on Redis: a cooldown is sent asynchronously (one script that extends the key only when the new
 * cooldown ends later, and publishes only then), commands are refused at once while disconnected and time out after
 * {@code commandTimeout}. When Redis is away, calls go on with each instance's own cooldowns: one WARN, then
 * {@link #available()} is false (health says {@code shared_state: unavailable}) and {@link #failures()} counts what
 * could not be sent; when it returns, the instance reads every cooldown still running (one INFO).
 *
 * <p>Breaker openings travel like cooldowns ({@code <prefix>breaker:<operation>}, messages on
 * {@code <prefix>breakers}); recoveries as a message. The one trial per open period is claimed with
 * {@code SET <prefix>trial:<operation> NX PX}, once per period per instance, and the one health probe per interval
 * likewise on {@code <prefix>probe:<operation>}; both are granted without asking while Redis is away.
 *
 * <p>Quota buckets ({@link #bucket}) are Bucket4j's compare-and-swap buckets on Lettuce, at
 * {@code <prefix>bucket:<target>:<kind>:<per minute>}, on the wall clock of {@link Builder#clock} (instances' clocks
 * should agree within a fraction of the refill period; NTP does). Their keys expire a minute after the bucket would
 * be full again, so idle targets leave nothing behind. A take waits at most {@code commandTimeout}; one that fails
 * counts as a failure and makes the store unavailable until a command succeeds again, so the calls after it use
 * their own buckets without waiting.
 */
public final class RedisSharedState implements SharedState {

    private static final Logger LOG = LoggerFactory.getLogger(RedisSharedState.class);

    /** Extends the cooldown key (and tells the others) only when the new cooldown ends later than the one it has. */
    private static final String EXTEND = "local left = redis.call('PTTL', KEYS[1])\n"
            + "if left < tonumber(ARGV[1]) then\n"
            + "  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[1])\n"
            + "  redis.call('PUBLISH', ARGV[2], ARGV[3])\n"
            + "  return 1\n"
            + "end\n"
            + "return 0";

    /** Claims a trial for ARGV[2] ms, or confirms this instance's own claim (a retried decision must not lose to it). */
    private static final String CLAIM = "if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then\n"
            + "  return 1\n"
            + "end\n"
            + "if redis.call('GET', KEYS[1]) == ARGV[1] then\n"
            + "  return 1\n"
            + "end\n"
            + "return 0";

    private final ClientResources resources;
    private final RedisClient client;
    private final String description;
    private final String cooldownKeys;
    private final String channel;
    private final String updatesKey;
    private final Duration pollInterval;
    /** The last configuration update applied here (stream ids only grow). */
    private volatile String lastUpdateId = "0";
    /** Updates made here while Redis was away, sent (in order) once it is back. */
    private final ConcurrentLinkedQueue<String> unsent = new ConcurrentLinkedQueue<>();
    private volatile boolean polling;
    /** Tells this instance's own messages apart: it already holds what it sends. */
    private final String instance = UUID.randomUUID().toString();
    private final Duration reconnectInterval;
    private final Duration commandTimeout;
    private final TimeMeter bucketClock;
    private final String bucketKeys;
    private final String breakerKeys;
    private final String trialKeys;
    private final String probeKeys;
    private final String breakerChannel;
    /** Bucket4j over the byte-valued connection; null until connected. */
    private volatile ProxyManager<String> bucketManager;
    private volatile StatefulRedisConnection<String, byte[]> bucketConnection;
    private final ScheduledExecutorService connector;
    private final AtomicBoolean warned = new AtomicBoolean();
    /**
     * A resync is under way. On start, the connect and the first poll of updates both find the store unavailable
     * and would each read every key again; one read is enough, and the second delivered every cooldown twice.
     */
    private final AtomicBoolean resyncing = new AtomicBoolean();
    private final LongAdder failures = new LongAdder();
    private volatile Sink sink;
    private volatile StatefulRedisConnection<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> events;
    private volatile boolean available;
    private volatile boolean closed;

    private RedisSharedState(Builder builder) {
        RedisURI uri = RedisURI.create(builder.url);
        uri.setTimeout(builder.commandTimeout);
        this.description = (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort()
                + "/" + uri.getDatabase(); // never the password
        this.cooldownKeys = builder.keyPrefix + "cooldown:";
        this.channel = builder.keyPrefix + "events";
        this.updatesKey = builder.keyPrefix + "config-updates";
        this.pollInterval = builder.pollInterval;
        this.reconnectInterval = builder.reconnectInterval;
        this.commandTimeout = builder.commandTimeout;
        this.bucketKeys = builder.keyPrefix + "bucket:";
        this.breakerKeys = builder.keyPrefix + "breaker:";
        this.trialKeys = builder.keyPrefix + "trial:";
        this.probeKeys = builder.keyPrefix + "probe:";
        this.breakerChannel = builder.keyPrefix + "breakers";
        InstantSource clock = builder.clock;
        this.bucketClock = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        // Lettuce reconnects by itself; its delay grows to at most a second, so sharing resumes soon after Redis does.
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                // Refused at once while disconnected, rather than queued: nothing piles up behind a Redis that is away.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(builder.commandTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(builder.connectTimeout).build())
                .build());
        this.connector = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ai-resilience-redis");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Shared state on the Redis at {@code url} ({@code redis://[:password@]host[:port][/database]}, or {@code rediss://} for TLS). */
    public static RedisSharedState create(String url) {
        return builder(url).build();
    }

    public static Builder builder(String url) {
        return new Builder(url);
    }

    @Override
    public void start(Sink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                // Either connection: a cooldown published while the subscription was away is still in its key.
                if (connection == commands || connection == events || connection == bucketConnection) {
                    reconnected();
                }
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if ((connection == commands || connection == events || connection == bucketConnection) && !closed) {
                    unavailable("the connection was lost", null);
                }
            }
        });
        connector.execute(this::connect);
    }

    /** Connects, or tries again after {@code reconnectInterval}; once connected, Lettuce reconnects by itself. */
    private void connect() {
        if (closed) {
            return;
        }
        StatefulRedisPubSubConnection<String, String> subscription = null;
        try {
            subscription = client.connectPubSub();
            subscription.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String from, String message) {
                    if (from.equals(breakerChannel)) {
                        receivedBreaker(message);
                    } else {
                        received(message);
                    }
                }
            });
            subscription.sync().subscribe(channel, breakerChannel); // Lettuce subscribes again after a reconnect
            events = subscription;
            commands = client.connect();
            StatefulRedisConnection<String, byte[]> bytes =
                    client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            bucketConnection = bytes;
            bucketManager = Bucket4jLettuce.casBasedBuilder(bytes)
                    .clientClock(bucketClock)
                    .requestTimeout(commandTimeout)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                    .build();
            reconnected();
            if (!polling) {
                polling = true;
                connector.scheduleWithFixedDelay(this::pollUpdates, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            closeQuietly(subscription);
            events = null;
            unavailable("cannot connect", e);
            if (!closed) {
                connector.schedule(this::connect, reconnectInterval.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void cooldownStarted(String operation, Duration remaining) {
        send("a cooldown could not be shared", async -> extend(async, cooldownKeys + operation, channel, remaining, operation));
    }

    /**
     * Sets {@code key} to live {@code remaining} unless it already lives longer, and only then tells the others on
     * {@code to} ({@code <instance> <millis> <operation>}): one script, so two instances never shorten each other.
     */
    private CompletionStage<Long> extend(RedisAsyncCommands<String, String> async, String key, String to,
            Duration remaining, String operation) {
        long millis = Math.max(1, remaining.toMillis());
        return async.eval(EXTEND, ScriptOutputType.INTEGER, new String[] {key}, Long.toString(millis), to,
                instance + " " + millis + " " + operation);
    }

    /**
     * Sends what {@code command} issues without waiting for it; a refusal (at once while disconnected) or a later
     * failure counts as a fact not shared and makes the store unavailable.
     */
    private void send(String what, Function<RedisAsyncCommands<String, String>, CompletionStage<?>> command) {
        StatefulRedisConnection<String, String> connection = commands;
        if (connection == null || closed) {
            failures.increment();
            return;
        }
        try {
            command.apply(connection.async()).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    failures.increment();
                    unavailable(what, failure);
                }
            });
        } catch (RuntimeException e) { // refused at once while disconnected
            failures.increment();
            unavailable(what, e);
        }
    }

    @Override
    public void configurationUpdated(String document) {
        StatefulRedisConnection<String, String> connection = commands;
        if (connection == null || closed || !unsent.isEmpty()) { // keep the order: earlier unsent updates go first
            unsent.add(document);
            return;
        }
        try {
            connection.async().xadd(updatesKey, Map.of("instance", instance, "document", document))
                    .whenComplete((id, failure) -> {
                        if (failure != null) {
                            unsent.add(document);
                            unavailable("a configuration update could not be shared", failure);
                        }
                    });
        } catch (RuntimeException e) {
            unsent.add(document);
            unavailable("a configuration update could not be shared", e);
        }
    }

    /** Sends what could not be sent, then applies every update added since the last one applied, in order. */
    @SuppressWarnings("unchecked") // xread's varargs of one generic StreamOffset
    private void pollUpdates() {
        StatefulRedisConnection<String, String> connection = commands;
        Sink current = sink;
        if (connection == null || current == null || closed) {
            return;
        }
        try {
            RedisCommands<String, String> sync = connection.sync();
            for (String document = unsent.peek(); document != null; document = unsent.peek()) {
                sync.xadd(updatesKey, Map.of("instance", instance, "document", document));
                unsent.poll();
            }
            List<StreamMessage<String, String>> added;
            do {
                added = sync.xread(XReadArgs.Builder.count(100), XReadArgs.StreamOffset.from(updatesKey, lastUpdateId));
                for (StreamMessage<String, String> update : added) {
                    String document = update.getBody().get("document");
                    if (document != null) {
                        current.configuration(document);
                    }
                    lastUpdateId = update.getId();
                }
            } while (added.size() == 100);
            if (!available) {
                reconnected(); // Redis answers again without having dropped the connection (it was slow or paused)
            }
        } catch (RuntimeException e) {
            unavailable("configuration updates could not be read", e);
        }
    }

    /**
     * The quota bucket {@code key} every instance sharing this Redis takes from. Made at once, whether or not Redis
     * is reachable now: each of its commands goes to the connection of the moment, or fails at once without one.
     */
    @Override
    public SharedBucket bucket(String key, long perMinute) {
        if (perMinute <= 0) {
            throw new IllegalArgumentException("perMinute must be at least 1, got " + perMinute);
        }
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .build();
        return new RedisBucket(bucketKeys + key, configuration);
    }

    /** One shared bucket; every failure is counted and makes the store unavailable, then rethrown to the caller. */
    private final class RedisBucket implements SharedBucket {
        private final String key;
        private final BucketConfiguration configuration;

        RedisBucket(String key, BucketConfiguration configuration) {
            this.key = key;
            this.configuration = configuration;
        }

        private io.github.bucket4j.Bucket proxy() {
            ProxyManager<String> manager = bucketManager;
            if (manager == null || closed) {
                throw new IllegalStateException("not connected to Redis");
            }
            return manager.getProxy(key, () -> configuration);
        }

        /** Runs {@code command} on the bucket in Redis; a failure is counted, makes the store unavailable, is rethrown. */
        private long run(ToLongFunction<io.github.bucket4j.Bucket> command) {
            try {
                return command.applyAsLong(proxy());
            } catch (RuntimeException e) {
                failures.increment();
                unavailable("a quota bucket could not be read", e);
                throw e;
            }
        }

        @Override
        public long tryTake(long amount) {
            return run(bucket -> {
                ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(amount);
                return probe.isConsumed() ? probe.getRemainingTokens() : -Math.max(1, probe.getNanosToWaitForRefill());
            });
        }

        @Override
        public void giveBack(long amount) {
            run(bucket -> {
                bucket.addTokens(amount);
                return 0;
            });
        }

        @Override
        public void takeAsDebt(long amount) {
            run(bucket -> bucket.consumeIgnoringRateLimits(amount));
        }

        @Override
        public long left() {
            return run(io.github.bucket4j.Bucket::getAvailableTokens);
        }
    }

    /**
     * This instance's breaker opened: a key {@code <prefix>breaker:<operation>} for the open period (extended only
     * when it ends later, as a cooldown) and a message on {@code <prefix>breakers}. Asynchronous; never blocks.
     */
    @Override
    public void breakerOpened(String operation, Duration openFor) {
        send("a breaker opening could not be shared",
                async -> extend(async, breakerKeys + operation, breakerChannel, openFor, operation));
    }

    /** This instance's trial succeeded: the opening is forgotten, and the others are told (they try a trial now). */
    @Override
    public void breakerClosed(String operation) {
        send("a breaker recovery could not be shared", async -> {
            async.del(breakerKeys + operation);
            return async.publish(breakerChannel, instance + " closed " + operation);
        });
    }

    /**
     * One instance per {@code holdFor} wins {@code <prefix>trial:<operation>} ({@code SET NX PX}, in a script that
     * also grants the holder its own claim again); true without asking while Redis is away, and when it does not
     * answer within {@code commandTimeout}.
     */
    @Override
    public boolean claimTrial(String operation, Duration holdFor) {
        return claim(trialKeys + operation, holdFor, "a breaker trial");
    }

    /** As {@link #claimTrial}, on a key of its own: {@code <prefix>probe:<operation>}. */
    @Override
    public boolean claimProbe(String operation, Duration holdFor) {
        return claim(probeKeys + operation, holdFor, "a health probe");
    }

    private boolean claim(String key, Duration holdFor, String what) {
        StatefulRedisConnection<String, String> connection = commands;
        if (connection == null || closed || !available) {
            return true;
        }
        try {
            Long claimed = connection.sync().eval(CLAIM, ScriptOutputType.INTEGER, new String[] {key},
                    instance, Long.toString(Math.max(1, holdFor.toMillis())));
            return claimed != null && claimed == 1;
        } catch (RuntimeException e) {
            failures.increment();
            unavailable(what + " could not be claimed", e);
            return true;
        }
    }

    /** {@code <instance> <millis> <operation>} (opened) or {@code <instance> closed <operation>} from another instance. */
    private void receivedBreaker(String message) {
        String[] parts = message.split(" ", 3);
        Sink current = sink;
        if (parts.length != 3 || parts[0].equals(instance) || current == null) {
            return;
        }
        if (parts[1].equals("closed")) {
            current.breakerClosed(parts[2]);
            return;
        }
        try {
            deliverOpening(parts[2], Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
            LOG.debug("Shared state: ignored a message that is not a breaker state: {}", message);
        }
    }

    /** {@code <instance> <millis> <operation>} from another instance: hold the operation here too. */
    private void received(String message) {
        String[] parts = message.split(" ", 3);
        if (parts.length != 3 || parts[0].equals(instance)) {
            return;
        }
        try {
            deliver(parts[2], Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
            LOG.debug("Shared state: ignored a message that is not a cooldown: {}", message);
        }
    }

    private void deliver(String operation, long millis) {
        Sink current = sink;
        if (current != null && millis > 0) {
            current.cooldown(operation, Duration.ofMillis(millis));
        }
    }

    private void deliverOpening(String operation, long millis) {
        Sink current = sink;
        if (current != null && millis > 0) {
            current.breakerOpened(operation, Duration.ofMillis(millis));
        }
    }

    /** Connected again: every cooldown still running (set while this instance was away, or before it started). */
    private void reconnected() {
        StatefulRedisConnection<String, String> connection = commands;
        StatefulRedisPubSubConnection<String, String> subscription = events;
        StatefulRedisConnection<String, byte[]> buckets = bucketConnection;
        if (connection == null || subscription == null || buckets == null || closed || !connection.isOpen()
                || !subscription.isOpen() || !buckets.isOpen()) {
            return; // available only with all three back: the last one's return reads them
        }
        if (!resyncing.compareAndSet(false, true)) {
            return; // a read under way: it sees every key alive, and messages carry what comes after
        }
        resync(connection).whenComplete((ignored, failure) -> {
            resyncing.set(false);
            if (failure != null) {
                unavailable("cooldowns could not be read", failure);
                return;
            }
            boolean wasAway = !available;
            available = true;
            if (wasAway && warned.getAndSet(false)) {
                LOG.info("Shared state at {} is reachable again; its cooldowns are read", description);
            }
        });
    }

    /** Every cooldown and breaker opening still running. */
    private CompletableFuture<Void> resync(StatefulRedisConnection<String, String> connection) {
        RedisAsyncCommands<String, String> async = connection.async();
        return scan(async, ScanCursor.INITIAL, cooldownKeys, this::deliver)
                .thenCompose(ignored -> scan(async, ScanCursor.INITIAL, breakerKeys, this::deliverOpening));
    }

    /** Reads every key under {@code prefix} with its time to live, and hands each (name after the prefix) on. */
    private CompletableFuture<Void> scan(RedisAsyncCommands<String, String> async, ScanCursor cursor, String prefix,
            ObjLongConsumer<String> alive) {
        return async.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(100)).toCompletableFuture()
                .thenCompose(page -> {
                    CompletableFuture<?>[] reads = page.getKeys().stream()
                            .map(key -> async.pttl(key).toCompletableFuture().thenAccept(
                                    millis -> alive.accept(key.substring(prefix.length()), millis == null ? 0 : millis)))
                            .toArray(CompletableFuture[]::new);
                    CompletableFuture<Void> done = CompletableFuture.allOf(reads);
                    return page.isFinished() ? done : done.thenCompose(ignored -> scan(async, next(page), prefix, alive));
                });
    }

    private static ScanCursor next(KeyScanCursor<String> page) {
        return ScanCursor.of(page.getCursor());
    }

    private void unavailable(String why, Throwable cause) {
        available = false;
        if (!closed && !warned.getAndSet(true)) {
            LOG.warn("Shared state at {} is unavailable ({}{}); calls go on with this instance's own state", description,
                    why, cause == null ? "" : ": " + cause.getClass().getSimpleName());
        }
    }

    @Override
    public boolean available() {
        return available;
    }

    /** Cooldowns that could not be shared (Redis away, slow or refusing) since this instance started. */
    @Override
    public long failures() {
        return failures.sum();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return; // closed by its orchestrator and again by a container that also owns it
        }
        closed = true;
        connector.shutdownNow();
        closeQuietly(events);
        closeQuietly(commands);
        closeQuietly(bucketConnection);
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private static void closeQuietly(AutoCloseable connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (Exception e) {
                LOG.debug("Closing a Redis connection failed", e);
            }
        }
    }

    /** Where the state lives, without any password. */
    @Override
    public String toString() {
        return "RedisSharedState[" + description + ", keys=" + cooldownKeys + "*]";
    }

    /** Settings of a {@link RedisSharedState}. */
    public static final class Builder {
        private final String url;
        private String keyPrefix = "ai-resilience:";
        private Duration commandTimeout = Duration.ofMillis(250);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration reconnectInterval = Duration.ofSeconds(1);
        private Duration pollInterval = Duration.ofMillis(200);
        private InstantSource clock = InstantSource.system();

        private Builder(String url) {
            this.url = Objects.requireNonNull(url, "url must not be null");
            if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
                throw new IllegalArgumentException("url must start with redis:// or rediss://, got a URL starting with '"
                        + url.substring(0, Math.min(url.length(), 8)) + "'");
            }
        }

        /** What every key and channel starts with (default {@code ai-resilience:}); one per service sharing state. */
        public Builder keyPrefix(String keyPrefix) {
            if (keyPrefix == null || keyPrefix.isEmpty() || keyPrefix.length() > 100
                    || keyPrefix.chars().anyMatch(c -> c <= ' ')) {
                throw new IllegalArgumentException("keyPrefix must be 1 to 100 characters without spaces or control "
                        + "characters, got '" + keyPrefix + "'");
            }
            this.keyPrefix = keyPrefix;
            return this;
        }

        /** The longest a command may take before it counts as failed (default 250 ms, 1 ms to 10 s). */
        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = within("commandTimeout", commandTimeout, Duration.ofMillis(1), Duration.ofSeconds(10));
            return this;
        }

        /** The longest a connection attempt may take (default 2 s, 1 ms to 60 s). */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = within("connectTimeout", connectTimeout, Duration.ofMillis(1), Duration.ofSeconds(60));
            return this;
        }

        /** How often to try again while Redis has never been reached (default 1 s, 10 ms to 5 min). */
        public Builder reconnectInterval(Duration reconnectInterval) {
            this.reconnectInterval = within("reconnectInterval", reconnectInterval, Duration.ofMillis(10),
                    Duration.ofMinutes(5));
            return this;
        }

        /** How often configuration updates are read (default 200 ms, 10 ms to 1 s: updates reach all within 1 s). */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = within("pollInterval", pollInterval, Duration.ofMillis(10), Duration.ofSeconds(1));
            return this;
        }

        /**
         * The wall clock the quota buckets refill on (default the system's). Every instance sharing the buckets must
         * read the same time; a test gives them one virtual clock.
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        private static Duration within(String field, Duration value, Duration min, Duration max) {
            if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(field + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        }

        public RedisSharedState build() {
            return new RedisSharedState(this);
        }
    }
}
