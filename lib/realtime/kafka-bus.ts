import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type Producer } from "kafkajs";
import type { ChatEvent } from "@/lib/chat/types";
import type { EventBus, EventHandler } from "./event-bus";
import { kafkaLogCreator } from "./kafka-log";
import { decodeEvent, encodeEvent, ensureTopic } from "./kafka-topic";

export interface KafkaBusOptions {
  brokers: string[];
  topic: string;
  clientId: string;
  /** Unique per app instance: every instance must receive every event. */
  groupId: string;
  partitions: number;
}

/** A send request must not wait on a dead broker: publish gives up after this. */
const PUBLISH_DEADLINE_MS = 5_000;
const JOIN_DEADLINE_MS = 30_000;
const RECOVER_MIN_MS = 1_000;
const RECOVER_MAX_MS = 15_000;
/** Few, short retries for the producer and admin so failures surface in seconds, not minutes. */
const FAST_RETRY = { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 };
/** The consumer retries patiently in the background instead. */
const STEADY_RETRY = { retries: 5, initialRetryTime: 500, maxRetryTime: 5_000 };

/**
 * EventBus over one Kafka topic keyed by conversation id (order per conversation). Each instance
 * consumes with its own group, so every instance sees every event.
 *
 * Recovery: the producer reconnects on the next send; the consumer is restarted by kafkajs after
 * retriable crashes and rebuilt here after the others. If start() fails (broker down) it rejects
 * but keeps retrying in the background until stop(), so the app serves from the store meanwhile
 * and goes live again by itself.
 */
class KafkaEventBus implements EventBus {
  readonly kind = "kafka" as const;
  private readonly kafka: Kafka;
  private readonly consumerKafka: Kafka;
  private readonly producer: Producer;
  private readonly admin: Admin;
  private consumer: Consumer | null = null;
  private readonly handlers = new Set<EventHandler>();
  private producerConnected = false;
  private lastPublishOk = true;
  private wanted = false;
  private recoverTimer: NodeJS.Timeout | null = null;
  private recoverDelay = RECOVER_MIN_MS;
  private connecting: Promise<void> | null = null;

  constructor(private readonly opts: KafkaBusOptions) {
    const client = { clientId: opts.clientId, brokers: opts.brokers, logLevel: logLevel.WARN, logCreator: kafkaLogCreator };
    this.kafka = new Kafka({ ...client, connectionTimeout: 1_000, requestTimeout: 5_000, retry: FAST_RETRY });
    this.consumerKafka = new Kafka({ ...client, connectionTimeout: 3_000, retry: STEADY_RETRY });
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: FAST_RETRY,
    });
    this.producer.on(this.producer.events.CONNECT, () => void (this.producerConnected = true));
    this.producer.on(this.producer.events.DISCONNECT, () => void (this.producerConnected = false));
    this.admin = this.kafka.admin({ retry: FAST_RETRY });
  }

  async start() {
    this.wanted = true;
    try {
      await this.connectAll();
    } catch (err) {
      this.scheduleRecovery();
      throw err;
    }
  }

  /** Admin + topic, producer, consumer; each step is skipped when already done. */
  private connectAll(): Promise<void> {
    this.connecting ??= (async () => {
      const step = async (work: () => Promise<void>) => {
        if (!this.wanted) throw new Error("kafka bus stopped");
        await work();
      };
      await step(() => this.admin.connect());
      await step(() => ensureTopic(this.admin, this.opts.topic, this.opts.partitions));
      if (!this.producerConnected) await step(() => this.producer.connect());
      if (!this.consumer) await step(() => this.startConsumer(true));
      this.recoverDelay = RECOVER_MIN_MS;
    })().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private scheduleRecovery() {
    if (!this.wanted || this.recoverTimer) return;
    const delay = this.recoverDelay;
    this.recoverDelay = Math.min(this.recoverDelay * 2, RECOVER_MAX_MS);
    this.recoverTimer = setTimeout(() => {
      this.recoverTimer = null;
      if (!this.wanted) return;
      this.connectAll().catch((err) => {
        console.warn(`[kafka] reconnect failed, retrying in ${this.recoverDelay} ms: ${(err as Error).message}`);
        this.scheduleRecovery();
      });
    }, delay);
    this.recoverTimer.unref?.();
  }

  /**
   * Joins the group and resolves once partitions are assigned. On the first start, every
   * partition is positioned at its end offset read *before* joining, so an event published after
   * start() resolves is always received (a new group's "latest" would otherwise be resolved
   * only at the first fetch, after the join, and could skip it). Rebuilds after a crash resume
   * from the committed offsets instead, to deliver what was published meanwhile.
   */
  private async startConsumer(seekToEnd: boolean) {
    const { topic, groupId } = this.opts;
    const consumer = this.consumerKafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      // An idle long poll delays stop() by up to this much; events still arrive immediately.
      maxWaitTimeInMs: 1_000,
      // After a broker restart the group waits for our previous member's session to expire
      // before it lets us rejoin: keep that short (the broker's minimum is 6 s).
      sessionTimeout: 10_000,
      rebalanceTimeout: 10_000,
      heartbeatInterval: 3_000,
    });
    this.consumer = consumer;
    const joined = new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.GROUP_JOIN, () => resolve());
      consumer.on(consumer.events.STOP, () => reject(new Error("kafka consumer stopped before joining")));
    });
    joined.catch(() => {});
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      console.warn(`[kafka] consumer crashed (${payload.error.message}); restart=${payload.restart}`);
      // kafkajs restarts by itself after retriable errors; the rest need a fresh consumer.
      if (!payload.restart && this.consumer === consumer) this.rebuildConsumer(consumer);
    });
    try {
      const ends = seekToEnd ? await this.admin.fetchTopicOffsets(topic) : [];
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: false });
      await consumer.run({ eachMessage: async ({ message }) => this.deliver(decodeEvent(message.value)) });
      for (const { partition, high } of ends) consumer.seek({ topic, partition, offset: high });
      await withDeadline(joined, JOIN_DEADLINE_MS, `consumer group ${groupId} did not join`);
    } catch (err) {
      if (this.consumer === consumer) this.consumer = null;
      await consumer.disconnect().catch(() => {});
      throw err;
    }
  }

  private rebuildConsumer(old: Consumer) {
    this.consumer = null;
    void old.disconnect().catch(() => {});
    if (!this.wanted) return;
    const retry = () =>
      setTimeout(() => {
        if (!this.wanted || this.consumer) return;
        this.startConsumer(false).catch(() => retry());
      }, this.recoverDelay).unref?.();
    retry();
  }

  private deliver(event: ChatEvent | null) {
    if (!event) return;
    for (const handler of [...this.handlers]) {
      try {
        handler(event);
      } catch (err) {
        console.error("[kafka] subscriber failed", err);
      }
    }
  }

  async publish(event: ChatEvent) {
    try {
      await withDeadline(this.send(event), PUBLISH_DEADLINE_MS, "kafka publish timed out");
      this.lastPublishOk = true;
    } catch (err) {
      this.lastPublishOk = false;
      throw err;
    }
  }

  private async send(event: ChatEvent) {
    if (!this.wanted) throw new Error("kafka bus is not started");
    if (!this.producerConnected) await this.producer.connect();
    await this.producer.send({ topic: this.opts.topic, messages: [encodeEvent(event)] });
  }

  subscribe(handler: EventHandler) {
    this.handlers.add(handler);
    return () => void this.handlers.delete(handler);
  }

  /** Producer connected and the last publish (or, after a failure, a fresh metadata check) ok. */
  async healthy() {
    if (!this.wanted || !this.producerConnected) return false;
    if (this.lastPublishOk) return true;
    try {
      await withDeadline(this.admin.fetchTopicMetadata({ topics: [this.opts.topic] }), 2_000, "timeout");
      this.lastPublishOk = true;
    } catch {
      return false;
    }
    return true;
  }

  async stop() {
    this.wanted = false;
    if (this.recoverTimer) clearTimeout(this.recoverTimer);
    this.recoverTimer = null;
    const consumer = this.consumer;
    this.consumer = null;
    this.handlers.clear();
    // The consumer first: that also aborts a start() still waiting for the group join.
    await consumer?.disconnect().catch(() => {});
    await this.connecting?.catch(() => {});
    await (this.consumer as Consumer | null)?.disconnect().catch(() => {}); // created by a start that was in flight
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }
}

function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} after ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export function createKafkaBus(opts: KafkaBusOptions): EventBus {
  return new KafkaEventBus(opts);
}
