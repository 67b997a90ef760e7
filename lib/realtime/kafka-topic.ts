import type { Admin } from "kafkajs";
import { CHAT_EVENT_TYPES, type ChatEvent } from "@/lib/chat/types";

/**
 * Events only notify: the store is the source of truth and SSE clients repair gaps from it.
 * One hour of retention is plenty for that, and erased message text must not linger in Kafka.
 */
export const RETENTION_MS = String(60 * 60 * 1000);

/**
 * Creates the topic when missing. An existing topic is left alone (changing its partition count
 * would move conversations between partitions and break per-conversation order), but a
 * different layout is reported so an operator can see it.
 */
export async function ensureTopic(admin: Admin, topic: string, partitions: number, retentionMs = RETENTION_MS): Promise<void> {
  // Look first: creating an existing topic works but makes kafkajs log an error.
  const exists = (await admin.listTopics()).includes(topic);
  if (!exists) {
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: partitions, configEntries: [{ name: "retention.ms", value: retentionMs }] }],
    });
    if (created) return; // false: another instance created it a moment ago
  }
  const meta = await admin.fetchTopicMetadata({ topics: [topic] });
  const actual = meta.topics[0]?.partitions.length ?? 0;
  if (actual !== partitions) {
    console.warn(`[kafka] topic ${topic} has ${actual} partitions (KAFKA_PARTITIONS=${partitions}); keeping it as is`);
  }
}

export function encodeEvent(event: ChatEvent): { key: string; value: string } {
  return { key: event.conversationId, value: JSON.stringify(event) };
}

/** Parses a record value; null for anything that is not a chat event (logged, then skipped). */
export function decodeEvent(value: Buffer | null): ChatEvent | null {
  if (!value) return null;
  try {
    const event = JSON.parse(value.toString("utf8")) as ChatEvent;
    const ok =
      typeof event === "object" &&
      event !== null &&
      CHAT_EVENT_TYPES.includes(event.type) &&
      typeof event.conversationId === "string" &&
      Number.isInteger(event.seq);
    if (ok) return event;
  } catch {
    // fall through
  }
  console.warn(`[kafka] skipping a record that is not a chat event (${value.length} bytes)`);
  return null;
}
