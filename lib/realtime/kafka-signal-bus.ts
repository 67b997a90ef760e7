import { Kafka, logLevel, type Consumer, type Producer } from "kafkajs";
import { kafkaLogCreator } from "./kafka-log";
import { ensureTopic } from "./kafka-topic";
import { decodeSignal, type Signal, type SignalBus, type SignalHandler } from "./signal-bus";

export interface KafkaSignalBusOptions {
  brokers: string[];
  /** The chat events topic; signals use `<topic>-signals`. */
  topic: string;
  clientId: string;
  /** Unique per app instance: every instance must hear every signal. */
  groupId: string;
}

/** Signals older than a minute are worthless: keep the topic small. */
const SIGNAL_RETENTION_MS = String(60_000);
const RETRY_MS = 5_000;
const FAST_RETRY = { retries: 1, initialRetryTime: 100, maxRetryTime: 500 };

/**
 * Signals on their own topic (one partition, keyed by sender), so they never share a partition
 * queue with chat events. No idempotence, no waiting: a signal lost to a broker hiccup is
 * replaced by the next one. A start that fails retries in the background until stop().
 */
class KafkaSignalBus implements SignalBus {
  readonly kind = "kafka" as const;
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private consumer: Consumer | null = null;
  private readonly handlers = new Set<SignalHandler>();
  private producerConnected = false;
  private wanted = false;
  private retryTimer: NodeJS.Timeout | null = null;
  readonly topic: string;

  constructor(private readonly opts: KafkaSignalBusOptions) {
    this.topic = `${opts.topic}-signals`;
    this.kafka = new Kafka({
      clientId: opts.clientId,
      brokers: opts.brokers,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator,
      connectionTimeout: 1_000,
      requestTimeout: 5_000,
      retry: FAST_RETRY,
    });
    this.producer = this.kafka.producer({ allowAutoTopicCreation: false, retry: FAST_RETRY });
    this.producer.on(this.producer.events.CONNECT, () => void (this.producerConnected = true));
    this.producer.on(this.producer.events.DISCONNECT, () => void (this.producerConnected = false));
  }

  async start() {
    this.wanted = true;
    try {
      await this.connect();
    } catch (err) {
      this.retryLater();
      throw err;
    }
  }

  private async connect() {
    const admin = this.kafka.admin({ retry: FAST_RETRY });
    await admin.connect();
    try {
      await ensureTopic(admin, this.topic, 1, SIGNAL_RETENTION_MS);
    } finally {
      await admin.disconnect().catch(() => {});
    }
    if (!this.producerConnected) await this.producer.connect();
    if (!this.consumer && this.wanted) await this.startConsumer();
  }

  private retryLater() {
    if (!this.wanted || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.wanted) return;
      this.connect().catch((err) => {
        console.warn(`[signals] kafka reconnect failed, retrying in ${RETRY_MS} ms: ${(err as Error).message}`);
        this.retryLater();
      });
    }, RETRY_MS);
    this.retryTimer.unref?.();
  }

  private async startConsumer() {
    const consumer = this.kafka.consumer({
      groupId: this.opts.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 500,
      sessionTimeout: 10_000,
      rebalanceTimeout: 10_000,
      heartbeatInterval: 3_000,
      retry: { retries: 5, initialRetryTime: 500, maxRetryTime: 5_000 },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || this.consumer !== consumer) return;
      // kafkajs gave up: start a fresh consumer later (stale signals are dropped by age).
      this.consumer = null;
      void consumer.disconnect().catch(() => {});
      this.retryLater();
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: this.topic, fromBeginning: false });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const signal = message.value ? decodeSignal(message.value.toString("utf8")) : null;
          if (signal) this.deliver(signal);
        },
      });
    } catch (err) {
      if (this.consumer === consumer) this.consumer = null;
      await consumer.disconnect().catch(() => {});
      throw err;
    }
  }

  private deliver(signal: Signal) {
    for (const handler of [...this.handlers]) {
      try {
        handler(signal);
      } catch (err) {
        console.error("[signals] subscriber failed", err);
      }
    }
  }

  async publish(signal: Signal) {
    if (!this.wanted) throw new Error("signal bus is not started");
    if (!this.producerConnected) await this.producer.connect();
    const key = signal.kind === "presence" ? signal.instance : signal.userId;
    await this.producer.send({ topic: this.topic, acks: 1, messages: [{ key, value: JSON.stringify(signal) }] });
  }

  subscribe(handler: SignalHandler) {
    this.handlers.add(handler);
    return () => void this.handlers.delete(handler);
  }

  async stop() {
    this.wanted = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.handlers.clear();
    const consumer = this.consumer;
    this.consumer = null;
    await consumer?.disconnect().catch(() => {});
    await this.producer.disconnect().catch(() => {});
  }
}

export function createKafkaSignalBus(opts: KafkaSignalBusOptions): SignalBus {
  return new KafkaSignalBus(opts);
}
